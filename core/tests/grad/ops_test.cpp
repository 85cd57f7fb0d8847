// Every real op from ops.def, differentiated to third order: JVP against
// finite differences and VJP by the dot-product test, at every level.
#include <gtest/gtest.h>

#include "ir/parse.h"
#include "support/check.h"

namespace rose {
namespace {

struct OpCase {
  Op op;
  double lo, hi;
};

std::vector<OpCase> real_ops() {
  std::vector<OpCase> out;
  for (int i = 0; i < kNumOps; i++) {
    Op op = Op(i);
    Rule r = op_rule(op);
    if (r != Rule::Linear && r != Rule::Real && r != Rule::Scale) continue;
    // Domains: positive for log, sqrt and pow; both signs for the rest.
    bool positive = op == Op::Log || op == Op::Sqrt || op == Op::Pow;
    out.push_back({op, positive ? 0.5 : -1.5, 1.5});
  }
  return out;
}

class RealOp : public ::testing::TestWithParam<OpCase> {};

TEST_P(RealOp, DerivativesAgreeWithFiniteDifferencesAndTheirTransposeToThirdOrder) {
  OpCase c = GetParam();
  Context cx;
  bool unary = op_form(c.op) == Form::Unary;
  std::string name = op_name(c.op);
  std::string text = unary ? "fn @f(v0: real) -> real {\n  v1: real = " + name + " v0\n  ret v1\n}\n"
                           : "fn @f(v0: real, v1: real) -> real {\n  v2: real = " + name + " v0 v1\n  ret v2\n}\n";
  auto p = parse_module(cx, text);
  ASSERT_TRUE(p.ok()) << p.error;
  test::Rng rng(uint64_t(c.op) + 7);
  test::CheckOptions opt;
  opt.order = 3;
  opt.lo = c.lo;
  opt.hi = c.hi;
  opt.trials = 3;
  test::check_grads(cx, p.value.last(), opt, rng, nullptr, name);
}

INSTANTIATE_TEST_SUITE_P(EveryRealOp, RealOp, ::testing::ValuesIn(real_ops()),
                         [](const ::testing::TestParamInfo<OpCase>& i) { return std::string(op_name(i.param.op)); });

// Comparisons only steer: a select on each, differentiated to second order.
class Comparison : public ::testing::TestWithParam<Op> {};

TEST_P(Comparison, SteersASelectWhoseDerivativeFollowsTheChosenBranch) {
  Context cx;
  std::string text = std::string("fn @f(v0: real, v1: real) -> real {\n  v2: bool = ") + op_name(GetParam()) +
                     " v0 v1\n  v3: real = mul v0 v1\n  v4: real = sin v0\n  v5: real = select v2 v3 v4\n  ret v5\n}\n";
  auto p = parse_module(cx, text);
  ASSERT_TRUE(p.ok()) << p.error;
  test::Rng rng{uint64_t(GetParam())};
  test::CheckOptions opt;
  opt.lo = -1;
  opt.trials = 6;
  test::check_grads(cx, p.value.last(), opt, rng, nullptr, op_name(GetParam()));
}

INSTANTIATE_TEST_SUITE_P(EveryComparison, Comparison,
                         ::testing::Values(Op::Neq, Op::Lt, Op::Leq, Op::Eq, Op::Gt, Op::Geq),
                         [](const ::testing::TestParamInfo<Op>& i) { return std::string(op_name(i.param)); });

}  // namespace
}  // namespace rose
