// Hand-written gradients (see hand.h); the same maths as hand.mjs.
#include "hand.h"

void chain_grad(double x0, double a, int steps, double* tape, double* g) {
  double x = x0;
  for (int k = 0; k < steps; k++) {
    tape[k] = x;
    x = x * a * 0.5 + x / (a + 1) - 0.5;
  }
  // dx'/dx = a/2 + 1/(a+1), dx'/da = x/2 - x/(a+1)^2: the same for every step.
  double b = a + 1, dx = a * 0.5 + 1 / b, da = 0.5 - 1 / (b * b);
  double xb = 1, ab = 0;
  for (int k = steps; k-- > 0;) {
    ab += xb * tape[k] * da;
    xb *= dx;
  }
  g[0] = xb;
  g[1] = ab;
}

void circles_grad(int K, const double* p, const double* r, double* g) {
  for (int k = 0; k < 2 * K; k++) g[k] = 2 * bench::kCenter * p[k];
  for (int i = 0; i < K; i++) {
    double xi = p[2 * i], yi = p[2 * i + 1], ri = r[i];
    for (int j = i + 1; j < K; j++) {
      double dx = xi - p[2 * j], dy = yi - p[2 * j + 1];
      double d = __builtin_sqrt(dx * dx + dy * dy + bench::kEps);
      double o = ri + r[j] - d;
      if (o <= 0) continue;
      double s = -2 * o / d;  // d(o^2)/d(dx) = -2 o dx / d
      g[2 * i] += s * dx;
      g[2 * i + 1] += s * dy;
      g[2 * j] -= s * dx;
      g[2 * j + 1] -= s * dy;
    }
  }
}
