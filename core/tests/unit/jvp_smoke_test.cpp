#include <gtest/gtest.h>

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

}  // namespace
}  // namespace rose
