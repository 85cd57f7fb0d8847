// Derivative checks for tests: JVP against central finite differences, VJP
// against JVP by the dot-product test <J t, c> = <t, Jᵀ c>, recursively on
// the derived functions to the requested order. The validator runs on every
// function a pass produces.
#pragma once
#include <cstdint>
#include <string>

#include "interp/interp.h"
#include "ir/context.h"

namespace rose::test {

struct Rng {
  uint64_t s;
  explicit Rng(uint64_t seed) : s(seed * 0x9E3779B97F4A7C15ull + 1) {}
  uint64_t next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  }
  double uniform(double lo, double hi) { return lo + (hi - lo) * double(next() >> 11) / double(1ull << 53); }
  uint32_t below(uint32_t n) { return n ? uint32_t(next() % n) : 0; }
};

struct CheckOptions {
  int order = 2;
  double lo = 0.5, hi = 1.5;  // range of random reals (keeps log, sqrt, pow in their domains)
  double tol = 1e-5;
  int trials = 2;
};

Val random_value(Context& cx, TyId t, Rng& rng, double lo = -1, double hi = 1);
Val axpy(Context& cx, TyId t, const Val& x, double h, const Val& d);  // x + h d on real leaves
double dot(Context& cx, TyId t, const Val& a, const Val& b);
// Largest difference between real leaves, relative to 1 + |value|.
double max_rel_diff(Context& cx, TyId t, const Val& a, const Val& b);
Val to_dual(Context& cx, TyId t, const Val& x, const Val& dx);
void from_dual(Context& cx, TyId t, const Val& d, Val& x, Val& dx);

// g(x1..xn, ct) = the gradient tuple of f, as the JS and C++ APIs build it.
Result<FuncId> build_grad(Context& cx, FuncId f);

// Runs the checks; failures are reported through GoogleTest with `what`.
void check_grads(Context& cx, FuncId f, const CheckOptions& opt, Rng& rng, Host* host, std::string what);

// A host with std:: maths for opaque functions named sin, cos, exp, log, sqrt, pow, atan.
class MathHost : public Host {
 public:
  explicit MathHost(Context& cx) : cx_(cx) {}
  void add(const std::string& name, uint32_t host) { names_.resize(host + 1), names_[host] = name; }
  bool call(uint32_t host, const double* args, uint32_t n, double& out, std::string& err) override;

 private:
  Context& cx_;
  std::vector<std::string> names_;
};

}  // namespace rose::test
