// The gradients of both problems written by hand, the way one would for speed
// (reverse mode, loop-invariant factors hoisted, nothing allocated). hand.cpp
// is built natively and for wasm32 without a C library, so this header and
// hand.cpp include nothing.
#pragma once

namespace bench {
constexpr double kEps = 1e-9, kCenter = 1e-3;  // see problem.h
}

extern "C" {
// d x_steps / d(x0, a) into g[0..1]; tape holds `steps` doubles of scratch.
void chain_grad(double x0, double a, int steps, double* tape, double* g);
// dE/dp into g[0..2K) for centres p[0..2K) = x0, y0, x1, ... and radii r[0..K).
void circles_grad(int K, const double* p, const double* r, double* g);
}
