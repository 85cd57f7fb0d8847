#include <gtest/gtest.h>

#include "ir/parse.h"
#include "ir/print.h"
#include "passes/passes.h"
#include "support/check.h"

namespace rose {
namespace {

TEST(Vjp, ProductGivesTheOtherFactor) {
  Context cx;
  auto p = parse_module(cx, "fn @f(v0: real, v1: real) -> real {\n  v2: real = mul v0 v1\n  ret v2\n}\n");
  ASSERT_TRUE(p.ok()) << p.error;
  auto g = test::build_grad(cx, p.value.last());
  ASSERT_TRUE(g.ok()) << g.error;
  std::cout << print_module(cx, g.value);
  auto r = interp(cx, g.value, {Val::real(2), Val::real(3), Val::real(1)}, nullptr);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(value_str(cx, cx.func(g.value).ret_ty, r.value), "(3, 2)");
}

TEST(Vjp, SumOfSquaresInALoopToSecondOrder) {
  Context cx;
  auto p = parse_module(cx,
                        "fn @sumsq(v0: [3]real) -> real {\n"
                        "  v1: real = 0\n"
                        "  v2: &real = accum v1\n"
                        "  v3: [3]unit = for v4: 3 {\n"
                        "    v5: real = index v0 v4\n"
                        "    v6: real = mul v5 v5\n"
                        "    v7: unit = addto v2 v6\n"
                        "    v8: unit = unit\n"
                        "    ret v8\n"
                        "  }\n"
                        "  v9: real = resolve v2\n"
                        "  ret v9\n"
                        "}\n");
  ASSERT_TRUE(p.ok()) << p.error;
  test::Rng rng(1);
  test::CheckOptions opt;
  test::check_grads(cx, p.value.last(), opt, rng, nullptr, "sumsq");
}

}  // namespace
}  // namespace rose
