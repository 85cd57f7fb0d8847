// The engine's containers: Vec's untyped paths (growth, pushes and fills whose
// source lives in the array itself, insertion) and SmallString, the string the
// Wasm build uses instead of std::string.
#include <gtest/gtest.h>

#include <string>

#include "ir/builder.h"
#include "util/fmt.h"
#include "util/str.h"
#include "util/vec.h"

namespace rose {
namespace {

TEST(Vec, PushingAnElementOfTheArrayItselfSurvivesGrowth) {
  Vec<uint32_t> v{7};
  for (uint32_t i = 0; i < 100; i++) v.push_back(v[0] + i);
  ASSERT_EQ(v.size(), 101u);
  for (uint32_t i = 0; i < 100; i++) EXPECT_EQ(v[i + 1], 7 + i);
}

TEST(Vec, ResizingWithAnElementOfTheArrayItselfFillsWithIt) {
  Vec<double> v{1.5, 2.5};
  v.resize(1000, v[1]);
  EXPECT_EQ(v[0], 1.5);
  for (uint32_t i = 1; i < 1000; i++) EXPECT_EQ(v[i], 2.5);
  v.resize(3);
  EXPECT_EQ(v.size(), 3u);
}

TEST(Vec, InsertShiftsTheTailAndCopiesFromItself) {
  Vec<int> v{1, 2, 3};
  Vec<int> w{8, 9};
  v.insert(v.begin() + 1, w.begin(), w.end());
  EXPECT_EQ(v, (Vec<int>{1, 8, 9, 2, 3}));
  v.insert(v.end(), v.begin(), v.begin() + 2);  // the source is this array
  EXPECT_EQ(v, (Vec<int>{1, 8, 9, 2, 3, 1, 8}));
  v.insert(v.begin() + 1, v.begin() + 3, v.begin() + 5);  // ... and moves with the tail
  EXPECT_EQ(v, (Vec<int>{1, 2, 3, 8, 9, 2, 3, 1, 8}));
}

TEST(Vec, CopiesAndMovesOwnTheirElements) {
  Vec<uint32_t> a{1, 2, 3};
  Vec<uint32_t> b = a;
  b[0] = 9;
  EXPECT_EQ(a[0], 1u);
  Vec<uint32_t> c = std::move(b);
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(c, (Vec<uint32_t>{9, 2, 3}));
  c = a;
  EXPECT_EQ(c, a);
}

TEST(Vec, ElementsThatAreNotRelocatableMoveOneByOne) {
  Vec<std::string> v;
  for (int i = 0; i < 50; i++) v.push_back(std::string(i % 3 ? 3 : 40, char('a' + i % 26)));
  for (int i = 0; i < 50; i++) EXPECT_EQ(v[i], std::string(i % 3 ? 3 : 40, char('a' + i % 26)));
  Vec<Vec<uint32_t>> nested(3, Vec<uint32_t>{4, 5});
  nested.push_back(nested[1]);
  EXPECT_EQ(nested[3], (Vec<uint32_t>{4, 5}));
}

TEST(SmallString, BuildsAndComparesLikeStdString) {
  SmallString s;
  EXPECT_TRUE(s.empty());
  EXPECT_STREQ(s.c_str(), "");
  s += "call of @";
  s += SmallString("f");
  s += ':';
  EXPECT_EQ(s.size(), 11u);
  EXPECT_STREQ(s.c_str(), "call of @f:");
  SmallString t = "v" + SmallString("12") + 'x';
  EXPECT_STREQ(t.c_str(), "v12x");
  EXPECT_EQ(t.back(), 'x');
  t.pop_back();
  EXPECT_STREQ(t.c_str(), "v12");
  EXPECT_STREQ(t.substr(1).c_str(), "12");
  EXPECT_STREQ(t.substr(0, 2).c_str(), "v1");
  EXPECT_TRUE(SmallString("ab") < SmallString("abc"));
  EXPECT_TRUE(SmallString("abc") == SmallString("abc"));
  EXPECT_TRUE(SmallString("abd") != SmallString("abc"));
  EXPECT_STREQ(SmallString(3, '0').c_str(), "000");
  SmallString u("a\0b", 3);  // bytes, not C strings
  EXPECT_EQ(u.size(), 3u);
  u += u;
  EXPECT_EQ(u.size(), 6u);
  EXPECT_EQ(u[4], '\0');
  SmallString one("x");
  one.pop_back();
  EXPECT_TRUE(one.empty());
  EXPECT_STREQ(one.c_str(), "");
}

TEST(Fmt, DecimalDigitsOfTheExtremes) {
  EXPECT_EQ(dec(0), "0");
  EXPECT_EQ(dec(42), "42");
  EXPECT_EQ(dec(4294967295u), "4294967295");
}

TEST(Fmt, EachArgumentPrintsByItsKindAndAPercentPastThemIsLiteral) {
  Context cx;
  Builder b(cx, "f 1");
  VarId x = b.param(cx.types.real());
  FuncId f = b.finish(x).value;
  Str s = "str";
  TyId arr = cx.types.array(cx.types.fin(3), cx.types.real());
  EXPECT_EQ(fmt(cx, "% % % % ", "text", s, 7u, arr), "text str 7 [3]real ");
  EXPECT_EQ(fmt(cx, "@% reads % at %%", f, VarId(12), size_t(4)), "@f 1 reads v12 at 4%");
  EXPECT_EQ(fmt(cx, "100%"), "100%");
  cx.release(f);
}

}  // namespace
}  // namespace rose
