// The extern "C" surface the JS package calls, exercised natively where the JS
// side cannot reach: struct types built from keys in any order, and keys a JS
// object can never repeat.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "abi/abi.h"

extern "C" {
uint32_t rose_ty(uint32_t kind, uint32_t a, uint32_t b);
uint32_t rose_ty_tuple(uint32_t n, const uint32_t* members, const uintptr_t* keys);
uint32_t rose_ty_info(uint32_t t, uint32_t* out, uint32_t cap);
uint32_t rose_fn(const uint32_t* batch, uint32_t words);
uint32_t rose_print(uint32_t f);
const uint8_t* rose_text();
uint32_t rose_text_len();
uint32_t rose_release(uint32_t f);
const char* rose_error();
uint32_t rose_error_len();
}

namespace {

std::string error() { return std::string(rose_error(), rose_error_len()); }

TEST(Abi, StructKeysInAnyOrderMakeOneSortedType) {
  uint32_t real = rose_ty(2, 0, 0), boolean = rose_ty(1, 0, 0), fin = rose_ty(4, 3, 0);
  const char* names[] = {"y", "x", "b"};
  uintptr_t keys[6];
  for (int k = 0; k < 3; k++) keys[2 * k] = uintptr_t(names[k]), keys[2 * k + 1] = 1;
  uint32_t ms[] = {real, boolean, fin};
  uint32_t t = rose_ty_tuple(3, ms, keys);
  ASSERT_NE(t, rose::abi::kFail) << error();
  uint32_t info[5];
  ASSERT_EQ(rose_ty_info(t, info, 5), 5u);
  EXPECT_EQ(info[0], 10u);  // struct
  EXPECT_EQ(info[2], fin);  // b
  EXPECT_EQ(info[3], boolean);  // x
  EXPECT_EQ(info[4], real);  // y
  const char* sorted[] = {"b", "x", "y"};
  uint32_t sorted_ms[] = {fin, boolean, real};
  for (int k = 0; k < 3; k++) keys[2 * k] = uintptr_t(sorted[k]);
  EXPECT_EQ(rose_ty_tuple(3, sorted_ms, keys), t);
}

TEST(Abi, ARepeatedStructKeyIsAnErrorThatNamesIt) {
  uint32_t real = rose_ty(2, 0, 0);
  const char* names[] = {"a", "dup", "dup"};
  uintptr_t keys[6];
  for (int k = 0; k < 3; k++) keys[2 * k] = uintptr_t(names[k]), keys[2 * k + 1] = std::string(names[k]).size();
  uint32_t ms[] = {real, real, real};
  EXPECT_EQ(rose_ty_tuple(3, ms, keys), rose::abi::kFail);
  EXPECT_EQ(error(), "duplicate struct key dup");
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
  std::vector<uint32_t> long_name = {1000, name};  // a name longer than the batch
  EXPECT_EQ(rose_fn(long_name.data(), 2), rose::abi::kFail);
  EXPECT_EQ(error(), "the function batch is truncated");
}

}  // namespace
