// One test per kind of bad input. Each must come back as an error value that
// names the problem and where, and leave everything usable afterwards.
#include <gtest/gtest.h>

#include "interp/interp.h"
#include "ir/builder.h"
#include "ir/parse.h"
#include "ir/print.h"
#include "ir/validate.h"
#include "passes/passes.h"
#include "rose/rose.h"

namespace rose {
namespace {

std::string parse_error(const std::string& text) {
  Context cx;
  auto p = parse_module(cx, text);
  EXPECT_FALSE(p.ok()) << "expected an error for:\n" << text;
  EXPECT_EQ(cx.live_count(), 0u) << "a failed parse leaves no functions behind";
  return p.error;
}

TEST(Misuse, MalformedTextNamesLineAndColumn) {
  std::string e = parse_error("fn @f(v0: real) -> real {\n  v1: real = frobnicate v0\n  ret v1\n}\n");
  EXPECT_NE(e.find("line 2"), std::string::npos) << e;
  EXPECT_NE(e.find("unknown op frobnicate"), std::string::npos) << e;
  EXPECT_NE(parse_error("fn @f(v0: real) -> real {\n  ret v0\n").find("expected '}'"), std::string::npos);
  EXPECT_NE(parse_error("fn @f(v0: rel) -> real {\n  ret v0\n}\n").find("unknown type rel"), std::string::npos);
}

TEST(Misuse, TypeMismatchNamesTheOpAndBothTypes) {
  std::string e = parse_error("fn @f(v0: real, v1: bool) -> real {\n  v2: real = add v0 v1\n  ret v2\n}\n");
  EXPECT_NE(e.find("add needs two reals or two tangents, not real and bool"), std::string::npos) << e;
  // A tangent may not scale a real from the right: mul(real, tan) is not linear form.
  e = parse_error("fn @f(v0: real, v1: tan) -> tan {\n  v2: tan = mul v0 v1\n  ret v2\n}\n");
  EXPECT_NE(e.find("mul needs a real or tangent and a real, not real and tan"), std::string::npos) << e;
}

TEST(Misuse, OutOfRangeFinLiteralIsRejected) {
  std::string e = parse_error("fn @f(v0: [3]real) -> real {\n  v1: 3 = 5\n  v2: real = index v0 v1\n  ret v2\n}\n");
  EXPECT_NE(e.find("fin literal 5 is out of range for type 3"), std::string::npos) << e;
  Context cx;
  Builder b(cx, "g");
  EXPECT_FALSE(b.fin(3, cx.types.fin(3)).valid());
  EXPECT_NE(b.error().find("out of range"), std::string::npos);
}

TEST(Misuse, OutOfScopeLoopVariableIsRejected) {
  std::string e = parse_error(
      "fn @f(v0: [2]real) -> real {\n  v1: [2]real = for v2: 2 {\n    v3: real = index v0 v2\n    ret v3\n  }\n"
      "  v4: real = index v0 v2\n  ret v4\n}\n");
  EXPECT_NE(e.find("line 6, column 23: variable v2 is out of scope"), std::string::npos) << e;
  Context cx;
  Builder b(cx, "g");
  VarId v = b.param(cx.types.array(cx.types.fin(2), cx.types.real()));
  VarId i = b.begin_for(cx.types.fin(2));
  VarId x = b.index(v, i);
  b.end_for(x);
  EXPECT_FALSE(b.index(v, i).valid());
  EXPECT_NE(b.error().find("is out of scope"), std::string::npos) << b.error();
}

TEST(Misuse, ForeignVariableFromAnotherFunctionIsRejected) {
  Module m;
  Value leaked;
  auto f = m.fn("f", {m.real()}, m.real(), [&](Value x) {
    leaked = x;
    return x;
  });
  ASSERT_TRUE(f.ok());
  auto g = m.fn("g", {m.real()}, m.real(), [&](Value y) { return y * leaked; });
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.error.find("escaped the function that defined it"), std::string::npos) << g.error;
  // f still works.
  auto r = m.interp(f.value, {num(4)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value.f, 4);
}

TEST(Misuse, WrongArityOfACallNamesTheCallee) {
  std::string e = parse_error(
      "fn @g(v0: real, v1: real) -> real {\n  ret v0\n}\nfn @f(v0: real) -> real {\n  v1: real = call @g v0\n  ret v1\n}\n");
  EXPECT_NE(e.find("call of @g: 1 arguments, expected 2"), std::string::npos) << e;
  Module m;
  auto g = m.fn("g", {m.real(), m.real()}, m.real(), [](Value a, Value b) { return a + b; });
  auto f = m.fn("f", {m.real()}, m.real(), [&](Value a) { return g.value(a); });
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.error.find("@g takes 2 arguments, got 1"), std::string::npos) << f.error;
}

TEST(Misuse, CustomJvpWithTheWrongSignatureIsRejectedAndTheOldOneKept) {
  Module m;
  auto sq = m.fn("sq", {m.real()}, m.real(), [](Value x) { return x * x; });
  auto bad = m.fn("bad", {m.dual(), m.dual()}, m.dual(), [](Value a, Value) { return a; });
  auto r = m.set_jvp(sq.value, bad.value);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error.find("custom JVP @bad of @sq has signature ({du: tan, re: real}, {du: tan, re: real}) -> "
                         "{du: tan, re: real}, expected ({du: tan, re: real}) -> {du: tan, re: real}"),
            std::string::npos)
      << r.error;
  // sq is still differentiable with its own rule.
  auto g = m.fn("g", {m.real()}, m.real(), [&](Value x) { return m.vjp(sq.value)(x).grad(1); });
  ASSERT_TRUE(g.ok()) << g.error;
  EXPECT_EQ(m.interp(g.value, {num(3)}).value.f, 6);
}

TEST(Misuse, AMismatchedCustomJvpSetLazilyFailsWhenUsedNotBefore) {
  // Penrose assigns asin.jvp with two parameters; that must not fail until used.
  Context cx;
  auto p = parse_module(cx,
                        "opaque fn @asin(real) -> real\n"
                        "fn @asin_jvp(v0: {du: tan, re: real}, v1: {du: tan, re: real}) -> {du: tan, re: real} {\n"
                        "  ret v0\n}\n"
                        "jvp @asin = @asin_jvp\n"
                        "fn @f(v0: real) -> real {\n  v1: real = call @asin v0\n  ret v1\n}\n");
  ASSERT_TRUE(p.ok()) << p.error;
  auto j = jvp(cx, p.value.last());
  ASSERT_FALSE(j.ok());
  EXPECT_NE(j.error.find("custom JVP @asin_jvp of @asin has signature"), std::string::npos) << j.error;
}

TEST(Misuse, OpaqueFunctionWithoutAJvpNamesTheFunction) {
  Context cx;
  auto p = parse_module(cx, "opaque fn @sin(real) -> real\nfn @f(v0: real) -> real {\n  v1: real = call @sin v0\n  ret v1\n}\n");
  ASSERT_TRUE(p.ok());
  auto j = vjp(cx, p.value.last());
  ASSERT_FALSE(j.ok());
  EXPECT_EQ(j.error, "no JVP provided for opaque function @sin");
  // With a constant argument no derivative of sin is needed.
  auto q = parse_module(cx, "fn @g(v0: real) -> real {\n  v1: real = 2\n  v2: real = call @sin v1\n"
                            "  v3: real = mul v0 v2\n  ret v3\n}\n");
  ASSERT_FALSE(q.ok());  // @sin is not in this module's text
  auto r = parse_module(cx, "opaque fn @sin(real) -> real\nfn @g(v0: real) -> real {\n  v1: real = 2\n"
                            "  v2: real = call @sin v1\n  v3: real = mul v0 v2\n  ret v3\n}\n");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_TRUE(jvp(cx, r.value.last()).ok());
}

TEST(Misuse, VjpOfAnOpaqueFunctionWithoutAJvpFailsTheTraceNotTheProcess) {
  Module m;
  Type R = m.real();
  auto h = m.opaque("h", {R}, R, [](const double* a) { return a[0]; });
  ASSERT_TRUE(h.ok());
  auto g = m.fn("g", {R}, R, [&](Value x) { return m.vjp(h.value)(x).grad(1.0); });
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error, "in @g: no JVP provided for opaque function @h");
  auto g2 = m.fn("g2", {R, R}, R, [&](Value x, Value y) { return double(m.vjp(h.value)(x).grads(1.0).size()) + y; });
  EXPECT_FALSE(g2.ok());
  // The module still works.
  auto f = m.fn("f", {R}, R, [](Value x) { return x * x; });
  ASSERT_TRUE(f.ok()) << f.error;
}

TEST(Misuse, ReferenceUsedAfterItsResolveIsRejected) {
  std::string e = parse_error(
      "fn @f(v0: real) -> real {\n  v1: &real = accum v0\n  v2: real = resolve v1\n  v3: unit = addto v1 v0\n"
      "  ret v2\n}\n");
  EXPECT_NE(e.find("used after it was resolved"), std::string::npos) << e;
}

TEST(Misuse, ResolveOnlyOfAnAccumOfTheSameBlock) {
  const char* want = "must be an accum defined in the same block";
  // A reference parameter, a part of an accumulator, and an accumulator from outside the loop.
  std::string e = parse_error("fn @f(v0: &real) -> real {\n  v1: real = resolve v0\n  ret v1\n}\n");
  EXPECT_NE(e.find(want), std::string::npos) << e;
  e = parse_error(
      "fn @f(v0: [2]real) -> real {\n  v1: &[2]real = accum v0\n  v2: 2 = 0\n  v3: &real = slice v1 v2\n"
      "  v4: real = resolve v3\n  ret v4\n}\n");
  EXPECT_NE(e.find(want), std::string::npos) << e;
  e = parse_error(
      "fn @f(v0: real) -> [2]real {\n  v1: &real = accum v0\n  v2: [2]real = for v3: 2 {\n"
      "    v4: real = resolve v1\n    ret v4\n  }\n  ret v2\n}\n");
  EXPECT_NE(e.find(want), std::string::npos) << e;
}

TEST(Misuse, FinishingWithALoopOpenIsAnError) {
  Context cx;
  Builder b(cx, "f");
  VarId x = b.param(cx.types.real());
  b.begin_for(cx.types.fin(2));
  Result<FuncId> f = b.finish(x);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error, "finish with an unclosed loop");
  EXPECT_EQ(cx.live_count(), 0u);
}

// Each typing rule's error, reached through the parser (and so through the
// Builder every producer of IR goes through): the message names the op and
// the types. Without a check, malformed IR would be accepted silently.
TEST(Misuse, EveryTypingRuleNamesItsProblem) {
  const std::pair<const char*, const char*> cases[] = {
      {"unit literal cannot have type real",
       "fn @f(v0: real) -> real {\n  v1: real = unit\n  ret v1\n}\n"},
      {"bool literal cannot have type real",
       "fn @f(v0: real) -> real {\n  v1: real = true\n  ret v1\n}\n"},
      {"real literal cannot have type bool",
       "fn @f(v0: real) -> bool {\n  v1: bool = 2.5\n  ret v1\n}\n"},
      {"zero cannot have a reference type",
       "fn @f(v0: real) -> real {\n  v1: &real = zero\n  ret v0\n}\n"},
      {"tuple cannot hold a reference",
       "fn @f(v0: &real) -> unit {\n  v1: (&real) = tuple v0\n  v2: unit = unit\n  ret v2\n}\n"},
      {"array of 2 elements cannot have type [3]real",
       "fn @f(v0: real) -> [3]real {\n  v1: [3]real = array v0 v0\n  ret v1\n}\n"},
      {"array element has type bool, expected real",
       "fn @f(v0: real, v1: bool) -> [2]real {\n  v2: [2]real = array v0 v1\n  ret v2\n}\n"},
      {"tuple of 2 members cannot have type (real)",
       "fn @f(v0: real) -> (real) {\n  v1: (real) = tuple v0 v0\n  ret v1\n}\n"},
      {"tuple member 1 has type bool, expected real",
       "fn @f(v0: real, v1: bool) -> (real, real) {\n  v2: (real, real) = tuple v0 v1\n  ret v2\n}\n"},
      {"slice needs a reference, not [3]real",
       "fn @f(v0: [3]real) -> real {\n  v1: 3 = 0\n  v2: &real = slice v0 v1\n  ret v1\n}\n"},
      {"index needs an array, not real",
       "fn @f(v0: real) -> real {\n  v1: 3 = 0\n  v2: real = index v0 v1\n  ret v2\n}\n"},
      {"index has type 2, expected 3",
       "fn @f(v0: [3]real) -> real {\n  v1: 2 = 0\n  v2: real = index v0 v1\n  ret v2\n}\n"},
      {"member needs a tuple, not real",
       "fn @f(v0: real) -> real {\n  v1: real = member v0 0\n  ret v1\n}\n"},
      {"member 2 is out of range for (real, real)",
       "fn @f(v0: (real, real)) -> real {\n  v1: real = member v0 2\n  ret v1\n}\n"},
      {"call of @g: argument 0 has type bool, expected real",
       "fn @g(v0: real) -> real {\n  ret v0\n}\n\nfn @f(v0: bool) -> real {\n  v1: real = call @g v0\n  ret v1\n}\n"},
      {"not needs a bool, not real",
       "fn @f(v0: real) -> bool {\n  v1: bool = not v0\n  ret v1\n}\n"},
      {"imod needs an index, not real",
       "fn @f(v0: real) -> 3 {\n  v1: 3 = imod v0\n  ret v1\n}\n"},
      {"neg needs a real or tangent, not bool",
       "fn @f(v0: bool) -> bool {\n  v1: bool = neg v0\n  ret v1\n}\n"},
      {"sqrt needs a real, not tan",
       "fn @f(v0: tan) -> tan {\n  v1: tan = sqrt v0\n  ret v1\n}\n"},
      {"and needs two bools, not bool and real",
       "fn @f(v0: bool, v1: real) -> bool {\n  v2: bool = and v0 v1\n  ret v2\n}\n"},
      {"ilt needs two indices of the same type, not 3 and 4",
       "fn @f(v0: 3, v1: 4) -> bool {\n  v2: bool = ilt v0 v1\n  ret v2\n}\n"},
      {"iadd needs two fins of the same type, not 3 and 4",
       "fn @f(v0: 3, v1: 4) -> 3 {\n  v2: 3 = iadd v0 v1\n  ret v2\n}\n"},
      {"lt needs two reals, not real and tan",
       "fn @f(v0: real, v1: tan) -> bool {\n  v2: bool = lt v0 v1\n  ret v2\n}\n"},
      {"pow needs two reals, not real and bool",
       "fn @f(v0: real, v1: bool) -> real {\n  v2: real = pow v0 v1\n  ret v2\n}\n"},
      {"select condition has type real, expected bool",
       "fn @f(v0: real) -> real {\n  v1: real = select v0 v0 v0\n  ret v1\n}\n"},
      {"select branches have different types: real and bool",
       "fn @f(v0: bool, v1: real) -> real {\n  v2: real = select v0 v1 v0\n  ret v2\n}\n"},
      {"select cannot choose between references",
       "fn @f(v0: bool, v1: &real) -> unit {\n  v2: &real = select v0 v1 v1\n  v3: unit = unit\n  ret v3\n}\n"},
      {"loop body cannot return a reference",
       "fn @f(v0: &real) -> unit {\n  v1: [2]&real = for v2: 2 {\n    ret v0\n  }\n  v3: unit = unit\n  ret v3\n}\n"},
      {"accum shape cannot be a reference",
       "fn @f(v0: &real) -> unit {\n  v1: &&real = accum v0\n  v2: unit = unit\n  ret v2\n}\n"},
  };
  for (const auto& [want, text] : cases) {
    std::string e = parse_error(text);
    EXPECT_NE(e.find(want), std::string::npos) << "want \"" << want << "\", got: " << e;
  }
}

TEST(Misuse, NonlinearTangentConstantInACustomJvpIsReportedWhenTransposed) {
  Context cx;
  auto p = parse_module(cx,
                        "fn @g(v0: real) -> real {\n  ret v0\n}\n"
                        "fn @g_jvp(v0: {du: tan, re: real}) -> {du: tan, re: real} {\n"
                        "  v1: tan = member v0 du\n  v2: tan = 1\n  v3: tan = add v1 v2\n  v4: real = member v0 re\n"
                        "  v5: {du: tan, re: real} = tuple v3 v4\n  ret v5\n}\n"
                        "jvp @g = @g_jvp\n"
                        "fn @f(v0: real) -> real {\n  v1: real = call @g v0\n  ret v1\n}\n");
  ASSERT_TRUE(p.ok()) << p.error;
  auto t = vjp(cx, p.value.last());
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error.find("@g_jvp is not linear in its tangents: it has the tan constant 1"), std::string::npos)
      << t.error;
}

TEST(Misuse, InterpChecksArgumentsAndNamesTheParameter) {
  Context cx;
  auto p = parse_module(cx, "fn @f(v0: [2]real, v1: {a: bool, b: 3}) -> real {\n  v2: 2 = 0\n"
                            "  v3: real = index v0 v2\n  ret v3\n}\n");
  ASSERT_TRUE(p.ok());
  FuncId f = p.value.last();
  Val good = Val::list(Val::Array, {Val::real(1), Val::real(2)});
  Val st = Val::list(Val::Tuple, {Val::boolean(true), Val::fin(2)});
  EXPECT_EQ(interp(cx, f, {good}, nullptr).error, "expected 2 arguments, got 1");
  Val short_arr = Val::list(Val::Array, {Val::real(1)});
  EXPECT_EQ(interp(cx, f, {short_arr, st}, nullptr).error, "argument 0: expected 2 elements, got 1");
  Val bad_fin = Val::list(Val::Tuple, {Val::boolean(true), Val::fin(3)});
  EXPECT_EQ(interp(cx, f, {good, bad_fin}, nullptr).error, "argument 1: index 3 at .b is out of range for type 3");
  Val bad_bool = Val::list(Val::Tuple, {Val::real(1), Val::fin(0)});
  EXPECT_EQ(interp(cx, f, {good, bad_bool}, nullptr).error, "argument 1: expected a boolean at .a");
  EXPECT_TRUE(interp(cx, f, {good, st}, nullptr).ok());
}

TEST(Misuse, IndexAdditionPastTheEndIsARuntimeErrorNotARead) {
  Context cx;
  auto p = parse_module(cx, "fn @f(v0: [3]real, v1: 3) -> real {\n  v2: 3 = 2\n  v3: 3 = iadd v1 v2\n"
                            "  v4: real = index v0 v3\n  ret v4\n}\n");
  ASSERT_TRUE(p.ok());
  Val a = Val::list(Val::Array, {Val::real(1), Val::real(2), Val::real(3)});
  EXPECT_EQ(interp(cx, p.value.last(), {a, Val::fin(0)}, nullptr).value.f, 3);
  auto r = interp(cx, p.value.last(), {a, Val::fin(1)}, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error.find("index out of range: 1 + 2 is not below 3"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("iadd"), std::string::npos) << r.error;
}

TEST(Misuse, NestedFunctionDefinitionIsRejected) {
  Module m;
  Result<Fn> inner;
  auto outer = m.fn("outer", {m.real()}, m.real(), [&](Value x) {
    inner = m.fn("inner", {m.real()}, m.real(), [](Value y) { return y; });
    return x;
  });
  ASSERT_TRUE(outer.ok());
  ASSERT_FALSE(inner.ok());
  EXPECT_EQ(inner.error, "can't define a function while defining another function");
}

TEST(Misuse, LiteralsOfTheWrongShapeUseRoseMessages) {
  Module m;
  auto a = m.fn("a", {}, m.vec(2, m.real()), []() { return Value::list({1, 2, 3}); });
  EXPECT_NE(a.error.find("wrong array size"), std::string::npos) << a.error;
  auto b = m.fn("b", {}, m.record({{"x", m.real()}}), []() { return Value::object({{"y", 1}}); });
  EXPECT_NE(b.error.find("wrong struct keys"), std::string::npos) << b.error;
  auto c = m.fn("c", {}, m.boolean(), []() { return Value(2.5); });
  EXPECT_NE(c.error.find("type is not numeric"), std::string::npos) << c.error;
  auto d = m.fn("d", {}, m.vec(3, m.real()), []() { return Value::list({1, 2, 3}); });
  EXPECT_TRUE(d.ok()) << d.error;
}

TEST(Validator, ReportsEveryProblemWithTheInstructionAndAWindow) {
  Context cx;
  Builder b(cx, "f");
  VarId x = b.param(cx.types.real());
  VarId y = b.binary(Op::Mul, x, x);
  auto r = b.finish(y);
  ASSERT_TRUE(r.ok());
  Func& f = cx.func(r.value);
  // Break it by hand: a use before definition, a wrong declared type, a double definition.
  f.blocks[0].code[0].a = 5;
  f.vars[y.i] = cx.types.boolean();
  f.blocks[0].code.push_back(f.blocks[0].code[0]);
  auto errs = validate(cx, r.value, "a test");
  ASSERT_GE(errs.size(), 2u);
  std::string all;
  for (auto& e : errs) all += e + "\n";
  EXPECT_NE(all.find("after a test: in @f: operand v5 is not defined"), std::string::npos) << all;
  EXPECT_NE(all.find("is defined twice"), std::string::npos) << all;
  EXPECT_NE(all.find("window:"), std::string::npos) << all;
}

}  // namespace
}  // namespace rose
