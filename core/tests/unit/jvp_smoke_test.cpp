#include <gtest/gtest.h>

#include <cmath>

#include "interp/interp.h"
#include "ir/parse.h"
#include "ir/print.h"
#include "ir/validate.h"
#include "passes/passes.h"

namespace rose {
namespace {

Val dual(double re, double du) { return Val::list(Val::Tuple, {Val::real(du), Val::real(re)}); }

TEST(Jvp, SquareAtThreeGivesNineAndSix) {
  Context cx;
  auto p = parse_module(cx, "fn @sq(v0: real) -> real {\n  v1: real = mul v0 v0\n  ret v1\n}\n");
  ASSERT_TRUE(p.ok()) << p.error;
  auto j = jvp(cx, p.value.last());
  ASSERT_TRUE(j.ok()) << j.error;
  EXPECT_TRUE(validate_all(cx, j.value, "jvp").empty());
  auto r = interp(cx, j.value, {dual(3, 1)}, nullptr);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(value_str(cx, cx.func(j.value).ret_ty, r.value), "{du: 6, re: 9}");
  std::cout << print_module(cx, j.value);
}

// What the public jvp hands out: the JVP with its tans retyped as reals,
// through its callees (a loop, a call, a custom JVP of a host function), and
// computing the same values.
TEST(Jvp, AsRealRetypesEveryTanThroughCallsAndKeepsTheValues) {
  Context cx;
  auto p = parse_module(cx, R"(opaque fn @sin(real) -> real
fn @sin_jvp(v0: {du: tan, re: real}) -> {du: tan, re: real} {
  v1: real = member v0 re
  v2: tan = member v0 du
  v3: real = call @sin v1
  v4: real = mul v1 v1
  v5: tan = mul v2 v4
  v6: {du: tan, re: real} = tuple v5 v3
  ret v6
}
jvp @sin = @sin_jvp
fn @g(v0: real) -> real {
  v1: real = call @sin v0
  v2: real = mul v1 v0
  ret v2
}
fn @f(v0: [2]real) -> real {
  v1: [2]real = for v2: 2 {
    v3: real = index v0 v2
    v4: real = call @g v3
    ret v4
  }
  v5: 2 = 1
  v6: real = index v1 v5
  ret v6
}
)");
  ASSERT_TRUE(p.ok()) << p.error;
  auto j = jvp(cx, p.value.last());
  ASSERT_TRUE(j.ok()) << j.error;
  auto r = as_real(cx, j.value);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_TRUE(validate_all(cx, r.value, "as_real").empty());
  uint32_t ids = 0;
  for (FuncId g : reachable(cx, r.value, false, &ids)) {
    const Func& fn = cx.func(g);
    for (TyId t : fn.vars) EXPECT_FALSE(cx.types.contains(t, Kind::Tan)) << print_module(cx, r.value);
    for (TyId t : fn.param_tys) EXPECT_FALSE(cx.types.contains(t, Kind::Tan)) << print_module(cx, r.value);
  }
  EXPECT_EQ(as_real(cx, j.value).value, r.value);  // cached
  struct Sin : Host {
    bool call(uint32_t, const double* a, uint32_t, double& out, std::string&) override {
      out = std::sin(a[0]);
      return true;
    }
  } host;
  Val x = Val::list(Val::Array, {dual(0.3, 1), dual(0.7, 2)});
  auto want = interp(cx, j.value, {x}, &host), got = interp(cx, r.value, {x}, &host);
  ASSERT_TRUE(want.ok() && got.ok()) << want.error << got.error;
  EXPECT_EQ(value_str(cx, cx.func(r.value).ret_ty, got.value), value_str(cx, cx.func(j.value).ret_ty, want.value));
}

}  // namespace
}  // namespace rose
