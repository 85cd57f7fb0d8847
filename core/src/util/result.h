// User errors are values: a Result carries either a value or a message that
// names the problem. Internal invariant breaks use ROSE_ASSERT instead.
#pragma once
#include <utility>
#include "util/str.h"

namespace rose {

template <class T>
struct Result {
  T value{};
  Str error;  // empty on success
  bool ok() const { return error.empty(); }
  static Result fail(Str e) {
    Result r;
    r.error = std::move(e);
    if (r.error.empty()) r.error = "unknown error";
    return r;
  }
  static Result of(T v) {
    Result r;
    r.value = std::move(v);
    return r;
  }
};

// Internal invariants. In the Wasm build this becomes a trap with no message
// (there is no stderr); natively it prints the pass and the condition.
[[noreturn]] void assert_fail(const char* cond, const char* file, int line, const char* msg);
#define ROSE_ASSERT(cond, msg) \
  do {                         \
    if (!(cond)) ::rose::assert_fail(#cond, __FILE__, __LINE__, msg); \
  } while (0)

}  // namespace rose
