// Scalar semantics every backend agrees on (the interpreter, constant folding
// and the generated code): IEEE doubles with JavaScript's Math corners.
#pragma once

namespace rose {

double sign_of(double x);            // ±0 -> ±1, NaN -> NaN
double min_of(double a, double b);   // NaN if either is; min(-0, 0) = -0
double max_of(double a, double b);   // NaN if either is; max(-0, 0) = 0
double pow_of(double a, double b);   // Math.pow: pow(±1, ±inf) and pow(x, NaN) are NaN

}  // namespace rose
