// Rose's classic example through the C++ API: custom derivatives for the host
// functions log and pow, then the value, gradient and Hessian of pow(x, y) at
// (2, 3). The Hessian is reverse-over-reverse through both custom JVPs.
#include <cmath>
#include <cstdio>

#include "rose/rose.h"

using rose::Value;

int main() {
  rose::Module m;
  rose::Type Real = m.real(), Dual = m.dual(), Vec2 = m.vec(2, Real), Mat2 = m.vec(2, Vec2);
  auto check = [](auto r) {
    if (!r.ok()) {
      std::fprintf(stderr, "error: %s\n", r.error.c_str());
      std::exit(1);
    }
    return r.value;
  };

  rose::Fn log = check(m.opaque("log", {Real}, Real, [](const double* a) { return std::log(a[0]); }));
  check(m.set_jvp(log, check(m.fn("log_jvp", {Dual}, Dual, [&](Value d) {
          Value x = d["re"], dx = d["du"];
          return Value::object({{"re", log(x)}, {"du", dx / x}});
        }))));

  rose::Fn pow = check(m.opaque("pow", {Real, Real}, Real, [](const double* a) { return std::pow(a[0], a[1]); }));
  check(m.set_jvp(pow, check(m.fn("pow_jvp", {Dual, Dual}, Dual, [&](Value a, Value b) {
          Value x = a["re"], dx = a["du"], y = b["re"], dy = b["du"];
          Value z = pow(x, y);
          return Value::object({{"re", z}, {"du", (dx * (y / x) + dy * log(x)) * z}});
        }))));

  rose::Fn f = check(m.fn("f", {Vec2}, Real, [&](Value v) { return pow(v[0], v[1]); }));
  rose::Fn g = check(m.fn("g", {Vec2}, Vec2, [&](Value v) { return m.vjp(f)(v).grad(1); }));
  rose::Fn h = check(m.fn("h", {Vec2}, Mat2, [&](Value v) {
    auto grad = m.vjp(g)(v).grad;
    return Value::list({grad(Value::list({1, 0})), grad(Value::list({0, 1}))});
  }));

  rose::Val at = rose::array({rose::num(2), rose::num(3)});
  for (rose::Fn fn : {f, g, h}) std::printf("%s\n", m.show(fn, check(m.interp(fn, {at}))).c_str());
  if (std::getenv("ROSE_DEMO_IR")) std::printf("\n%s", m.print(h).c_str());
  return 0;
}
