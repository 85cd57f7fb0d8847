#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

#include "interp/interp.h"
#include "ir/builder.h"
#include "ir/parse.h"
#include "ir/print.h"
#include "ir/validate.h"

namespace rose {
namespace {

TEST(Types, InternedStructurallySoEqualTypesShareAnId) {
  Context cx;
  TyId a = cx.types.array(cx.types.fin(3), cx.types.real());
  TyId b = cx.types.array(cx.types.fin(3), cx.types.real());
  EXPECT_EQ(a, b);
  EXPECT_NE(a, cx.types.array(cx.types.fin(3), cx.types.tan()));
  TyId d = cx.dual();
  EXPECT_EQ(type_str(cx, d), "{du: tan, re: real}");
  EXPECT_TRUE(cx.types.contains(d, Kind::Tan));
  EXPECT_FALSE(cx.types.contains(a, Kind::Tan));
}

// The Wasm build prints reals with hex_str (the JS package turns them into
// decimals): every bit of the value must be in the text.
TEST(Print, HexFloatsRoundTripEveryBit) {
  const double xs[] = {2.5, -0.1, 1.0 / 3, 1e21, 1.5e-7, -0.0, 0.0, 5e-324, 2.2250738585072009e-308,
                       1.7976931348623157e308, -123456.789, 0.5, 1.0};
  for (double x : xs) {
    std::string s = hex_str(x);
    double y = std::strtod(s.c_str(), nullptr);
    EXPECT_EQ(std::memcmp(&x, &y, 8), 0) << x << " printed as " << s;
  }
  EXPECT_EQ(hex_str(2.5), "0x1.4000000000000p+1");
  EXPECT_EQ(hex_str(-0.0), "-0x0.0000000000000p+0");
  EXPECT_EQ(hex_str(5e-324), "0x0.0000000000001p-1022");
}

// A module print names every function once: distinct functions that share a
// name get numbered suffixes that avoid the names already taken.
TEST(Print, ModuleGivesSameNamedFunctionsDistinctNames) {
  Context cx;
  auto unary_fn = [&](const char* name, Op op) {
    Builder b(cx, name);
    VarId x = b.param(cx.types.real());
    return b.finish(b.unary(op, x)).value;
  };
  FuncId g1 = unary_fn("g", Op::Sin), g2 = unary_fn("g", Op::Cos), g3 = unary_fn("g_2", Op::Exp);
  Builder b(cx, "f");
  VarId x = b.param(cx.types.real());
  VarId y = b.call(g1, {x});
  y = b.call(g2, {y});
  y = b.call(g3, {y});
  FuncId f = b.finish(y).value;
  std::string text = print_module(cx, f);
  EXPECT_NE(text.find("fn @g(v0: real) -> real {\n  v1: real = sin v0"), std::string::npos) << text;
  EXPECT_NE(text.find("fn @g_2(v0: real) -> real {\n  v1: real = cos v0"), std::string::npos) << text;
  EXPECT_NE(text.find("fn @g_2_2(v0: real) -> real {\n  v1: real = exp v0"), std::string::npos) << text;
  EXPECT_NE(text.find("call @g v0\n  v2: real = call @g_2 v1\n  v3: real = call @g_2_2 v2"), std::string::npos)
      << text;
  for (FuncId h : {f, g1, g2, g3}) cx.release(h);
}

TEST(Types, StructKeysMustBeSortedByUtf16CodeUnits) {
  Context cx;
  TyId ms[2] = {cx.types.real(), cx.types.real()};
  StrId ok[2] = {cx.strings.intern("B"), cx.strings.intern("a")};
  EXPECT_TRUE(cx.types.record(ms, ok, 2, cx.strings).valid());
  StrId bad[2] = {cx.strings.intern("a"), cx.strings.intern("B")};
  EXPECT_FALSE(cx.types.record(ms, bad, 2, cx.strings).valid());
  // An astral character (surrogates D83D..) sorts below U+FFFD in UTF-16.
  EXPECT_TRUE(key_less("\xF0\x9F\x98\x80", "\xEF\xBF\xBD"));
}

TEST(Print, NumbersFollowJavaScriptFormatting) {
  EXPECT_EQ(num_str(2), "2");
  EXPECT_EQ(num_str(0.1), "0.1");
  EXPECT_EQ(num_str(-0.0), "-0");
  EXPECT_EQ(num_str(1e21), "1e+21");
  EXPECT_EQ(num_str(1e20), "100000000000000000000");
  EXPECT_EQ(num_str(1e-7), "1e-7");
  EXPECT_EQ(num_str(0.000001), "0.000001");
  EXPECT_EQ(num_str(1.5e-10), "1.5e-10");
  EXPECT_EQ(num_str(123.456), "123.456");
  EXPECT_EQ(num_str(1.0 / 3), "0.3333333333333333");
}

FuncId build_square_sum(Context& cx) {
  Builder b(cx, "sumsq");
  TyId vec3 = cx.types.array(cx.types.fin(3), cx.types.real());
  VarId v = b.param(vec3);
  VarId acc = b.accum(b.real(0));
  VarId i = b.begin_for(cx.types.fin(3));
  VarId x = b.index(v, i);
  b.add_to(acc, b.binary(Op::Mul, x, x));
  VarId u = b.unit();
  b.end_for(u);
  VarId s = b.resolve(acc);
  auto r = b.finish(s);
  EXPECT_TRUE(r.ok()) << r.error;
  return r.value;
}

TEST(Builder, BuildsALoopWithAnAccumulatorAndTheInterpreterRunsIt) {
  Context cx;
  FuncId f = build_square_sum(cx);
  EXPECT_TRUE(validate(cx, f).empty());
  Val arg = Val::list(Val::Array, {Val::real(1), Val::real(2), Val::real(3)});
  auto r = interp(cx, f, {arg}, nullptr);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.value.f, 14);
}

TEST(Print, RoundTripsThroughTheParser) {
  Context cx;
  FuncId f = build_square_sum(cx);
  std::string text = print_module(cx, f);
  auto p = parse_module(cx, text);
  ASSERT_TRUE(p.ok()) << p.error << "\n" << text;
  EXPECT_EQ(print_module(cx, p.value.last()), text);
  EXPECT_EQ(text,
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
}

}  // namespace
}  // namespace rose

namespace rose {
namespace {

TEST(Context, FreeingACustomJvpClearsTheSlotsOfEveryFunctionUsingIt) {
  Context cx;
  auto opaque = [&](const char* name, uint32_t host) {
    Result<FuncId> h = Builder::opaque(cx, name, {cx.types.real()}, cx.types.real(), host);
    EXPECT_TRUE(h.ok()) << h.error;
    return h.value;
  };
  FuncId a = opaque("a", 0), b = opaque("b", 1), j = opaque("j", 2), k = opaque("k", 3);
  cx.set_custom_jvp(a, j);
  cx.set_custom_jvp(b, j);
  cx.set_custom_jvp(b, k);  // replaces j
  cx.set_custom_jvp(a, k);
  cx.set_custom_jvp(a, j);
  cx.release(k);
  EXPECT_EQ(cx.func(a).custom_jvp, j);
  EXPECT_FALSE(cx.func(b).custom_jvp.valid());
  cx.release(j);
  EXPECT_FALSE(cx.func(a).custom_jvp.valid());
  cx.release(a);
  cx.release(b);
  EXPECT_EQ(cx.live_count(), 0u);
}

TEST(Context, FreeingAnOpaqueFunctionReportsItsHostNumber) {
  Context cx;
  Result<FuncId> h = Builder::opaque(cx, "h", {cx.types.real()}, cx.types.real(), 7);
  ASSERT_TRUE(h.ok()) << h.error;
  Builder b(cx, "f");
  VarId x = b.param(cx.types.real());
  Result<FuncId> f = b.finish(b.call(h.value, {x}, {}));
  ASSERT_TRUE(f.ok()) << f.error;
  cx.release(h.value);  // f still calls it
  EXPECT_TRUE(cx.freed_hosts.empty());
  cx.release(f.value);
  EXPECT_EQ(cx.freed_hosts, (Vec<uint32_t>{7}));
}

}  // namespace
}  // namespace rose
