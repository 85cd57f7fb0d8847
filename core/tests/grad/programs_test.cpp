// Derivatives of whole programs, to second or third order: calls (shared
// callees), loops (vec, sum, nested, free variables), selects, structs, index
// values and custom JVPs, including the cases Rose gets wrong.
#include <gtest/gtest.h>

#include "ir/parse.h"
#include "ir/print.h"
#include "support/check.h"

namespace rose {
namespace {

void check_text(const std::string& text, int order, double lo = 0.5, double hi = 1.5, int trials = 2) {
  Context cx;
  auto p = parse_module(cx, text);
  ASSERT_TRUE(p.ok()) << p.error;
  test::MathHost host(cx);
  for (size_t k = 0; k < p.value.funcs.size(); k++)
    if (cx.func(p.value.funcs[k]).opaque) host.add(p.value.names[k], cx.func(p.value.funcs[k]).host);
  test::Rng rng(42);
  test::CheckOptions opt;
  opt.order = order;
  opt.lo = lo;
  opt.hi = hi;
  opt.trials = trials;
  test::check_grads(cx, p.value.last(), opt, rng, &host, cx.name(p.value.last()));
}

TEST(Programs, CallsToASharedCalleeToThirdOrder) {
  check_text(R"(
fn @sq(v0: real) -> real {
  v1: real = mul v0 v0
  ret v1
}
fn @g(v0: real, v1: real) -> real {
  v2: real = call @sq v0
  v3: real = call @sq v1
  v4: real = mul v2 v3
  v5: real = sin v4
  ret v5
}
fn @f(v0: real, v1: real) -> real {
  v2: real = call @g v0 v1
  v3: real = call @g v1 v2
  v4: real = add v2 v3
  ret v4
}
)", 3);
}

TEST(Programs, VecOfCallsUsingAnOuterScalar) {
  check_text(R"(
fn @h(v0: real, v1: real) -> real {
  v2: real = mul v0 v1
  v3: real = exp v2
  ret v3
}
fn @f(v0: [4]real, v1: real) -> [4]real {
  v2: [4]real = for v3: 4 {
    v4: real = index v0 v3
    v5: real = call @h v4 v1
    v6: real = mul v5 v1
    ret v6
  }
  ret v2
}
)", 3);
}

TEST(Programs, NestedLoopsMatrixVectorProductAndSum) {
  check_text(R"(
fn @f(v0: [3][2]real, v1: [2]real) -> real {
  v2: [3]real = for v3: 3 {
    v4: [2]real = index v0 v3
    v5: real = 0
    v6: &real = accum v5
    v7: [2]unit = for v8: 2 {
      v9: real = index v4 v8
      v10: real = index v1 v8
      v11: real = mul v9 v10
      v12: unit = addto v6 v11
      ret v12
    }
    v13: real = resolve v6
    ret v13
  }
  v14: real = 0
  v15: &real = accum v14
  v16: [3]unit = for v17: 3 {
    v18: real = index v2 v17
    v19: real = mul v18 v18
    v20: unit = addto v15 v19
    ret v20
  }
  v21: real = resolve v15
  ret v21
}
)", 3);
}

TEST(Programs, GatherWithAnIndexArray) {
  check_text(R"(
fn @f(v0: [3]real, v1: [4]3) -> [4]real {
  v2: [4]real = for v3: 4 {
    v4: 3 = index v1 v3
    v5: real = index v0 v4
    v6: real = mul v5 v5
    ret v6
  }
  ret v2
}
)", 2);
}

TEST(Programs, IndexArithmeticWithIaddAndImod) {
  check_text(R"(
fn @f(v0: [5]real) -> [5]real {
  v1: [5]real = for v2: 5 {
    v3: 5 = 1
    v4: 6 = imod v2
    v5: 5 = imod v4
    v6: bool = ilt v2 v3
    v7: real = index v0 v2
    v8: real = index v0 v5
    v9: real = mul v7 v8
    v10: real = select v6 v7 v9
    ret v10
  }
  ret v1
}
)", 2);
}

TEST(Programs, StructsWithBoolsAndArraysInAndOutToThirdOrder) {
  check_text(R"(
fn @f(v0: {b: bool, p: [2]real, x: real}) -> {d: real, y: [2]real} {
  v1: bool = member v0 b
  v2: [2]real = member v0 p
  v3: real = member v0 x
  v4: 2 = 0
  v5: real = index v2 v4
  v6: real = mul v5 v3
  v7: real = cos v3
  v8: real = select v1 v6 v7
  v9: [2]real = for v10: 2 {
    v11: real = index v2 v10
    v12: real = mul v11 v8
    ret v12
  }
  v13: {d: real, y: [2]real} = tuple v8 v9
  ret v13
}
)", 3, 0.5, 1.5, 4);
}

TEST(Programs, SelectOfStructsAndArrays) {
  check_text(R"(
fn @f(v0: real, v1: [2]real) -> {a: real, v: [2]real} {
  v2: real = 1
  v3: bool = lt v0 v2
  v4: real = mul v0 v0
  v5: {a: real, v: [2]real} = tuple v4 v1
  v6: [2]real = for v7: 2 {
    v8: real = index v1 v7
    v9: real = mul v8 v0
    ret v9
  }
  v10: real = sin v0
  v11: {a: real, v: [2]real} = tuple v10 v6
  v12: {a: real, v: [2]real} = select v3 v5 v11
  ret v12
}
)", 3, 0.5, 1.5, 4);
}

TEST(Programs, DynamicIndexIntoTheGradientOfAMatrix) {
  check_text(R"(
fn @f(v0: [3][3]real, v1: 3) -> real {
  v2: [3]real = index v0 v1
  v3: 3 = 2
  v4: real = index v2 v3
  v5: [3]real = index v0 v3
  v6: real = index v5 v1
  v7: real = mul v4 v6
  ret v7
}
)", 3);
}

TEST(Programs, OpaqueFunctionsWithCustomJvpsToThirdOrder) {
  // sin' = cos, cos' = -sin, each a custom JVP calling the other opaque function.
  check_text(R"(
opaque fn @sin(real) -> real
opaque fn @cos(real) -> real
fn @sin_jvp(v0: {du: tan, re: real}) -> {du: tan, re: real} {
  v1: real = member v0 re
  v2: tan = member v0 du
  v3: real = call @sin v1
  v4: real = call @cos v1
  v5: tan = mul v2 v4
  v6: {du: tan, re: real} = tuple v5 v3
  ret v6
}
fn @cos_jvp(v0: {du: tan, re: real}) -> {du: tan, re: real} {
  v1: real = member v0 re
  v2: tan = member v0 du
  v3: real = call @cos v1
  v4: real = call @sin v1
  v5: tan = mul v2 v4
  v6: tan = neg v5
  v7: {du: tan, re: real} = tuple v6 v3
  ret v7
}
jvp @sin = @sin_jvp
jvp @cos = @cos_jvp
fn @f(v0: real) -> real {
  v1: real = call @sin v0
  v2: real = mul v1 v0
  ret v2
}
)", 3, -1.5, 1.5);
}

TEST(Programs, CustomJvpWithAUserStructMixingTangentsAndReals) {
  // Rose's transposer reads any struct holding a tan as a dual number (#107);
  // here {s: tan, w: real} is not one, and reverse mode must still be right.
  check_text(R"(
fn @g(v0: real) -> real {
  v1: real = mul v0 v0
  ret v1
}
fn @g_jvp(v0: {du: tan, re: real}) -> {du: tan, re: real} {
  v1: real = member v0 re
  v2: tan = member v0 du
  v3: real = 2
  v4: real = mul v1 v3
  v5: {s: tan, w: real} = tuple v2 v4
  v6: tan = member v5 s
  v7: real = member v5 w
  v8: tan = mul v6 v7
  v9: real = mul v1 v1
  v10: {du: tan, re: real} = tuple v8 v9
  ret v10
}
jvp @g = @g_jvp
fn @f(v0: real, v1: real) -> real {
  v2: real = call @g v0
  v3: real = mul v2 v1
  ret v3
}
)", 3);
}

TEST(Programs, CustomJvpOnATransparentFunctionCallingItself) {
  // The clamped sqrt derivative Penrose uses: the custom JVP calls the primal.
  check_text(R"(
fn @sqrt(v0: real) -> real {
  v1: real = sqrt v0
  ret v1
}
fn @sqrt_jvp(v0: {du: tan, re: real}) -> {du: tan, re: real} {
  v1: real = member v0 re
  v2: tan = member v0 du
  v3: real = call @sqrt v1
  v4: real = 0.00001
  v5: real = max v3 v4
  v6: real = add v5 v5
  v7: tan = div v2 v6
  v8: {du: tan, re: real} = tuple v7 v3
  ret v8
}
jvp @sqrt = @sqrt_jvp
fn @f(v0: real, v1: real) -> real {
  v2: real = mul v0 v1
  v3: real = call @sqrt v2
  ret v3
}
)", 3);
}

TEST(Programs, SumInsideVecAndCallsInsideNestedLoops) {
  check_text(R"(
fn @pair(v0: [2]real, v1: [2]real) -> real {
  v2: 2 = 0
  v3: 2 = 1
  v4: real = index v0 v2
  v5: real = index v1 v2
  v6: real = sub v4 v5
  v7: real = index v0 v3
  v8: real = index v1 v3
  v9: real = sub v7 v8
  v10: real = mul v6 v6
  v11: real = mul v9 v9
  v12: real = add v10 v11
  v14: real = 0.01
  v15: real = add v12 v14
  v13: real = sqrt v15
  ret v13
}
fn @f(v0: [3][2]real) -> real {
  v1: real = 0
  v2: &real = accum v1
  v3: [3][3]unit = for v4: 3 {
    v5: [2]real = index v0 v4
    v6: [3]unit = for v7: 3 {
      v8: bool = ilt v4 v7
      v9: [2]real = index v0 v7
      v10: real = call @pair v5 v9
      v11: real = 0
      v12: real = select v8 v10 v11
      v13: unit = addto v2 v12
      ret v13
    }
    ret v6
  }
  v14: real = resolve v2
  ret v14
}
)", 2, 0.0, 3.0);
}

}  // namespace
}  // namespace rose
