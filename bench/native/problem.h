// The two benchmark problems, shared by the generator (gen.cpp) and the native
// timing binary (native.cpp), so that both start from the same inputs. The JS
// side reads the inputs gen.cpp writes into cases.json.
#pragma once
#include <cmath>
#include <cstdint>
#include <vector>

#include "hand.h"  // kEps, kCenter

namespace bench {

// Scalar chain: x <- x*a*0.5 + x/(a+1) - 0.5, five ops on x per step, so a
// chain of n ops has n/5 steps. With a near 1 the step multiplier
// a/2 + 1/(a+1) is just below 1, so x neither explodes nor vanishes.
constexpr double kChainX0 = 0.3, kChainA = 0.9999;
constexpr int kOpsPerStep = 5;
inline int chain_steps(int n) { return n / kOpsPerStep; }

// Circle packing: E(p) = sum_{i<j} relu(r_i + r_j - |p_i - p_j|)^2 + kCenter * sum_i |p_i|^2,
// with |d| = sqrt(|d|^2 + kEps) so coincident centres keep a finite gradient.

struct Circles {
  int K;
  std::vector<double> p;  // x0, y0, x1, y1, ...
  std::vector<double> r;
};

// Deterministic dense problem: radii in [0.5, 1), centres uniform in a box of
// side 1.6 sqrt(K) around the origin. An integer LCG, so every platform agrees.
inline Circles circles_problem(int K) {
  uint32_t s = 12345u + uint32_t(K);
  auto next = [&s] {
    s = s * 1664525u + 1013904223u;
    return s / 4294967296.0;
  };
  Circles c{K, std::vector<double>(2 * K), std::vector<double>(K)};
  double L = 1.6 * std::sqrt(double(K));
  for (int i = 0; i < K; i++) c.r[i] = 0.5 + 0.5 * next();
  for (int i = 0; i < 2 * K; i++) c.p[i] = L * (next() - 0.5);
  return c;
}

}  // namespace bench
