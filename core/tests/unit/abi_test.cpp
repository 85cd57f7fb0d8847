// The extern "C" surface the JS package calls, exercised natively where the JS
// side cannot reach: struct types built from keys in any order, and keys a JS
// object can never repeat.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "abi/abi.h"

extern "C" {
uint32_t rose_ty(uint32_t kind, uint32_t a, uint32_t b);
uint32_t rose_ty_tuple(uint32_t n, const uint32_t* members, const uintptr_t* keys);
uint32_t rose_ty_info(uint32_t t, uint32_t* out, uint32_t cap);
uint32_t rose_fn(const uint32_t* batch, uint32_t words);
uint32_t rose_print(uint32_t f);
uint32_t rose_opaque(uint32_t n, const uint32_t* params, uint32_t ret, uint32_t host, uint32_t name_len,
                     const char* name);
const uint8_t* rose_text();
uint32_t rose_text_len();
uint32_t rose_release(uint32_t f);
uint32_t rose_jvp(uint32_t f);
uint32_t rose_vjp(uint32_t f, uint32_t* out);
uint32_t rose_compile(uint32_t f);
uint32_t rose_live_functions();
const char* rose_error();
uint32_t rose_error_len();
}

namespace {

std::string error() { return std::string(rose_error(), rose_error_len()); }

TEST(Abi, StructTypeInfoHasItsSortedKeysAndLayout) {
  uint32_t real = rose_ty(2, 0, 0), boolean = rose_ty(1, 0, 0), fin = rose_ty(4, 3, 0);
  const char* names[] = {"b", "x", "y"};
  uintptr_t keys[6];
  for (int k = 0; k < 3; k++) keys[2 * k] = uintptr_t(names[k]), keys[2 * k + 1] = 1;
  uint32_t ms[] = {fin, boolean, real};
  uint32_t t = rose_ty_tuple(3, ms, keys);
  ASSERT_NE(t, rose::abi::kFail) << error();
  uint32_t info[13];
  EXPECT_EQ(rose_ty_info(t, info, 12), rose::abi::kFail);  // one word short
  ASSERT_EQ(rose_ty_info(t, info, 13), 13u) << error();
  EXPECT_EQ(info[0], 10u);  // struct
  EXPECT_EQ(info[4], 3u);   // members
  EXPECT_EQ(info[6], 1u);   // holds a real
  EXPECT_EQ(info[7], fin);  // b
  EXPECT_EQ(info[8], boolean);  // x
  EXPECT_EQ(info[9], real);  // y
  // Size 16, alignment 8: y (f64) first, then b (u8) and x (u8) in member order.
  EXPECT_EQ(info[1], 16u);
  EXPECT_EQ(info[2], 8u);
  EXPECT_EQ(info[3], 16u);
  EXPECT_EQ(info[10], 8u);  // b
  EXPECT_EQ(info[11], 9u);  // x
  EXPECT_EQ(info[12], 0u);  // y
  EXPECT_EQ(rose_ty_tuple(3, ms, keys), t);  // interned
}

// The JS package sorts a struct's keys; the engine checks the order
// (JavaScript's: by UTF-16 code units) and that no key repeats.
TEST(Abi, StructKeysMustBeSortedAndDistinct) {
  uint32_t real = rose_ty(2, 0, 0);
  uint32_t ms[] = {real, real, real};
  auto make = [&](std::vector<std::string> names) {
    uintptr_t keys[6];
    for (int k = 0; k < 3; k++) keys[2 * k] = uintptr_t(names[k].data()), keys[2 * k + 1] = names[k].size();
    return rose_ty_tuple(3, ms, keys);
  };
  EXPECT_NE(make({"A", "a", "b"}), rose::abi::kFail) << error();
  // U+1F600 is a surrogate pair in UTF-16 (D83D DE00), so it sorts before U+FF21.
  EXPECT_NE(make({"a", "\xF0\x9F\x98\x80", "\xEF\xBC\xA1"}), rose::abi::kFail) << error();
  for (auto bad : {std::vector<std::string>{"a", "dup", "dup"}, {"b", "a", "c"}, {"a", "\xEF\xBC\xA1", "\xF0\x9F\x98\x80"}}) {
    EXPECT_EQ(make(bad), rose::abi::kFail) << bad[1];
    EXPECT_EQ(error(), "struct keys must be distinct and sorted");
  }
}

// Opaque functions take and return scalars; a type id the engine never made is refused too.
TEST(Abi, OpaqueFunctionTypesAreCheckedAndNamed) {
  uint32_t real = rose_ty(2, 0, 0), arr = rose_ty(7, rose_ty(4, 2, 0), real);
  uint32_t ok[] = {real, real}, bad[] = {real, arr}, unknown[] = {real, 123456};
  uint32_t f = rose_opaque(2, ok, real, 7, 3, "hyp");
  ASSERT_NE(f, rose::abi::kFail) << error();
  ASSERT_NE(rose_print(f), rose::abi::kFail);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(rose_text()), rose_text_len()),
            "opaque fn @hyp(real, real) -> real\n");
  EXPECT_EQ(rose_release(f), 0u);
  EXPECT_EQ(rose_opaque(2, bad, real, 7, 3, "hyp"), rose::abi::kFail);
  EXPECT_EQ(error(), "opaque function parameter 1 must be a real, bool or fin");
  EXPECT_EQ(rose_opaque(2, unknown, real, 7, 3, "hyp"), rose::abi::kFail);
  EXPECT_EQ(error(), "opaque function parameter 1 must be a real, bool or fin");
  EXPECT_EQ(rose_opaque(1, ok, 123456, 7, 3, "hyp"), rose::abi::kFail);
  EXPECT_EQ(error(), "opaque function result must be a real, bool or fin");
}

// Functions built through the ABI declare no generic parameters, so it makes no
// generic types (kinds 5 and 9+ are not type kinds) and refuses generic call arguments.
TEST(Abi, HasNoGenericsAndRefusesUnknownTypeKinds) {
  EXPECT_EQ(rose_ty(5, 0, 0), rose::abi::kFail);
  EXPECT_EQ(error(), "invalid type");
  EXPECT_EQ(rose_ty(9, 0, 0), rose::abi::kFail);
  uint32_t real = rose_ty(2, 0, 0);
  const uint32_t mul = 45, call = 12;  // core/src/ir/ops.def order
  std::vector<uint32_t> sq = {2, uint32_t('s') | uint32_t('q') << 8, 1, real, real, mul, rose::abi::kFail, 0, 0,
                              rose::abi::kEnd, 1};
  uint32_t f = rose_fn(sq.data(), uint32_t(sq.size()));
  ASSERT_NE(f, rose::abi::kFail) << error();
  std::vector<uint32_t> caller = {1, 'g', 1, real, real, call, rose::abi::kFail, f, 1, real, 1, 0, rose::abi::kEnd, 1};
  EXPECT_EQ(rose_fn(caller.data(), uint32_t(caller.size())), rose::abi::kFail);
  EXPECT_EQ(error(), "call of @sq: 1 generic arguments, expected 0 (instruction 0)");
  rose_release(f);
}

// The JS side checks these before it calls the engine; the engine checks them
// again, for any other caller: a type or batch it cannot use is an error
// that names it, never a crash later.
TEST(Abi, RefusesTypesItCannotUseAndCallsOfDisposedFunctions) {
  uint32_t real = rose_ty(2, 0, 0), fin3 = rose_ty(4, 3, 0), ref = rose_ty(6, real, 0);
  EXPECT_EQ(rose_ty(7, real, real), rose::abi::kFail);
  EXPECT_EQ(error(), "index type cannot be used as an index");
  EXPECT_EQ(rose_ty(7, fin3, ref), rose::abi::kFail);
  EXPECT_EQ(error(), "array elements cannot be references");
  EXPECT_EQ(rose_ty(7, fin3, 999999), rose::abi::kFail);
  EXPECT_EQ(error(), "invalid type");
  uint32_t ms[] = {real, ref};
  EXPECT_EQ(rose_ty_tuple(2, ms, nullptr), rose::abi::kFail);
  EXPECT_EQ(error(), "invalid type");
  const uint32_t mul = 45, call = 12;  // core/src/ir/ops.def order
  std::vector<uint32_t> sq = {2, uint32_t('s') | uint32_t('q') << 8, 1, real, real, mul, rose::abi::kFail, 0, 0,
                              rose::abi::kEnd, 1};
  uint32_t f = rose_fn(sq.data(), uint32_t(sq.size()));
  ASSERT_NE(f, rose::abi::kFail) << error();
  rose_release(f);
  std::vector<uint32_t> caller = {1, 'g', 1, real, real, call, rose::abi::kFail, f, 0, 1, 0, rose::abi::kEnd, 1};
  EXPECT_EQ(rose_fn(caller.data(), uint32_t(caller.size())), rose::abi::kFail);
  EXPECT_EQ(error(), "call of a function that does not exist or was freed (instruction 0)");
  for (uint32_t bad : {999999u, rose::abi::kFail}) {
    std::vector<uint32_t> p = {1, 'g', 2, real, bad, real, rose::abi::kEnd, 0};
    EXPECT_EQ(rose_fn(p.data(), uint32_t(p.size())), rose::abi::kFail);
    EXPECT_EQ(error(), "parameter 1 has an invalid type");
  }
}

// A batch as the JS tracer sends it: fn @sq(x: real) -> real { x * x }.
TEST(Abi, AFunctionBatchBuildsItsFunctionAndATruncatedOneIsAnError) {
  uint32_t real = rose_ty(2, 0, 0);
  uint32_t name = uint32_t('s') | uint32_t('q') << 8;
  const uint32_t mul = 45;  // core/src/ir/ops.def order
  std::vector<uint32_t> batch = {2, name, 1, real, real, mul, rose::abi::kFail, 0, 0, rose::abi::kEnd, 1};
  uint32_t f = rose_fn(batch.data(), uint32_t(batch.size()));
  ASSERT_NE(f, rose::abi::kFail) << error();
  ASSERT_NE(rose_print(f), rose::abi::kFail);
  std::string text(reinterpret_cast<const char*>(rose_text()), rose_text_len());
  EXPECT_EQ(text, "fn @sq(v0: real) -> real {\n  v1: real = mul v0 v0\n  ret v1\n}\n");
  rose_release(f);
  for (size_t n = 0; n < batch.size(); n++) {
    EXPECT_EQ(rose_fn(batch.data(), uint32_t(n)), rose::abi::kFail) << n << " words";
    EXPECT_FALSE(error().empty());
  }
  for (uint32_t len : {1000u, 0xfffffffdu, 0xffffffffu}) {  // names longer than the batch, some near 2^32
    std::vector<uint32_t> long_name = {len, name};
    EXPECT_EQ(rose_fn(long_name.data(), 2), rose::abi::kFail) << len;
    EXPECT_EQ(error(), "the function batch is truncated") << len;
  }
}

// Batches the tracer could never send (valid ones with words replaced,
// inserted or removed) are refused with a message or make a function that
// prints, differentiates and compiles: nothing crashes and nothing leaks.
// (Run under -fsanitize=address with more iterations, this found a name
// length near 2^32 that wrapped the truncation check.)
TEST(Abi, MutatedBatchesAreRefusedOrWorkAndNeverCrash) {
  const uint32_t F = rose::abi::kFail;
  uint32_t real = rose_ty(2, 0, 0), fin3 = rose_ty(4, 3, 0), arr = rose_ty(7, fin3, real);
  uint32_t boolean = rose_ty(1, 0, 0);
  // Op codes in core/src/ir/ops.def order: 2 real, 7 index, 11 select, 13 for, 14 accum, 15 addto,
  // 16 resolve, 39 sin, 43 add, 45 mul, 52 lt.
  const std::vector<std::vector<uint32_t>> seeds = {
      {1, 'f', 1, real, real, 45, F, 0, 0, 255, 1},
      {1, 'f', 1, arr, real, 13, fin3, 7, F, 0, 1, 39, F, 2, 254, 3, 255, 0},
      {1, 'f', 2, real, real, real, 43, F, 0, 1, 52, F, 0, 1, 11, F, 3, 0, 2, 255, 4},
      {1, 'f', 1, real, real, 2, F, 0, 0x40000000, 14, F, 0, 15, F, 2, 1, 16, F, 2, 255, 4},
  };
  const uint32_t words[] = {0, 1, 2, 3, 4, 7, 11, 12, 13, 14, 15, 16, 45, 254, 255, F, real, fin3, arr, boolean, 0x7fffffff};
  uint32_t live = rose_live_functions();
  std::mt19937 rng(7);
  uint32_t made = 0;
  for (int it = 0; it < 5000; it++) {
    std::vector<uint32_t> b = seeds[rng() % seeds.size()];
    for (int m = 1 + rng() % 4; m-- > 0;) {
      size_t at = rng() % (b.size() + 1);
      uint32_t v = rng() % 3 ? words[rng() % (sizeof words / sizeof words[0])] : uint32_t(rng());
      switch (rng() % 3) {
        case 0: if (at < b.size()) b[at] = v; break;
        case 1: b.insert(b.begin() + at, v); break;
        default: if (at < b.size()) b.erase(b.begin() + at);
      }
    }
    uint32_t f = rose_fn(b.data(), uint32_t(b.size()));
    if (f == F) {
      ASSERT_FALSE(error().empty());
      continue;
    }
    made++;
    ASSERT_NE(rose_print(f), F) << error();
    uint32_t fb[2];
    if (rose_jvp(f) != F && rose_vjp(f, fb) != F) rose_compile(fb[0]);
    rose_compile(f);
    rose_release(f);
  }
  EXPECT_GT(made, 50u);  // the mutations keep some batches valid
  EXPECT_EQ(rose_live_functions(), live);
}

}  // namespace
