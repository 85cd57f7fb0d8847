// Seeded random programs for property tests: a few helper functions and a
// root that calls them, mixing smooth scalar maths, vec and sum loops over an
// array parameter, selects on comparisons, struct members and calls. Every
// operation is kept in its domain (log and sqrt of 1 + x², division by
// 1 + x²), so derivatives exist almost everywhere.
#pragma once
#include "ir/context.h"
#include "support/check.h"

namespace rose::test {

struct RandomOptions {
  int helpers = 2;
  int ops = 10;  // per function body
  bool loops = true;
};

// How many seeds the random tests run: `fallback`, or ROSE_RANDOM_SEEDS for a
// longer fuzzing run (e.g. ROSE_RANDOM_SEEDS=2000 ./build/rose_tests --gtest_filter='*Random*').
int seed_count(int fallback);

// The root has signature (real, [3]real, {k: bool, x: real}) -> {s: real, v: [3]real}.
FuncId random_program(Context& cx, Rng& rng, const RandomOptions& opt = {});

}  // namespace rose::test
