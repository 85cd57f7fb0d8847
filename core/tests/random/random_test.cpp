// Seeded random programs: jvp and vjp to second order against finite
// differences and the dot-product test, with the validator after each pass.
#include <gtest/gtest.h>

#include "ir/print.h"
#include "ir/validate.h"
#include "support/random_program.h"

namespace rose {
namespace {

class RandomProgram : public ::testing::TestWithParam<int> {};

TEST_P(RandomProgram, DerivativesToSecondOrderAgreeWithFiniteDifferences) {
  Context cx;
  test::Rng rng{uint64_t(GetParam())};
  FuncId f = test::random_program(cx, rng);
  ASSERT_TRUE(cx.alive(f));
  auto errs = validate_all(cx, f, "random_program");
  ASSERT_TRUE(errs.empty()) << errs[0];
  test::CheckOptions opt;
  opt.lo = -1;
  opt.hi = 1;
  opt.tol = 1e-4;
  test::check_grads(cx, f, opt, rng, nullptr, "seed " + std::to_string(GetParam()));
  if (HasFailure()) std::cerr << print_module(cx, f);
}

INSTANTIATE_TEST_SUITE_P(Seeds, RandomProgram, ::testing::Range(1, 1 + test::seed_count(40)));

}  // namespace
}  // namespace rose
