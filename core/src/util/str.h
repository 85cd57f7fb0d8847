// The engine's string. The Wasm build uses SmallString, a thin layer over Vec:
// libc++'s std::string costs ~1.5 kB of gzipped Wasm in out-of-line growth,
// SSO branches and operator+ variants. Native builds keep std::string, which
// the C++ API and the tools share. SmallString provides the subset the engine
// uses, with the same meaning, and is unit-tested natively.
#pragma once
#include <cstddef>
#include <cstring>
#include <string>

#include "util/vec.h"

namespace rose {

class SmallString {
 public:
  static constexpr bool kRelocatable = true;
  static constexpr size_t npos = size_t(-1);
  SmallString() = default;
  SmallString(const char* s) { *this += s; }
  SmallString(const char* s, size_t n) { append(s, n); }
  SmallString(size_t n, char c);

  // Non-empty storage always ends with a NUL, so c_str() needs no copy.
  const char* c_str() const { return b_.empty() ? "" : b_.data(); }
  const char* data() const { return c_str(); }
  size_t size() const { return b_.empty() ? 0 : b_.size() - 1; }
  bool empty() const { return size() == 0; }
  const char* begin() const { return c_str(); }
  const char* end() const { return c_str() + size(); }
  char operator[](size_t i) const { return b_[i]; }
  char back() const { return b_[b_.size() - 2]; }
  void pop_back();
  void clear() { b_.clear(); }

  SmallString& append(const char* s, size_t n);
  SmallString& operator+=(const SmallString& s) { return append(s.data(), s.size()); }
  SmallString& operator+=(const char* s);
  SmallString& operator+=(char c) { return append(&c, 1); }
  SmallString substr(size_t pos, size_t n = npos) const;
  int compare(const SmallString& o) const;

  friend SmallString operator+(SmallString a, const SmallString& b) { return a += b; }
  friend SmallString operator+(SmallString a, char c) { return a += c; }
  friend bool operator==(const SmallString& a, const SmallString& b) { return a.compare(b) == 0; }
  friend bool operator!=(const SmallString& a, const SmallString& b) { return a.compare(b) != 0; }
  friend bool operator<(const SmallString& a, const SmallString& b) { return a.compare(b) < 0; }

 private:
  Vec<char> b_;
};

#ifdef ROSE_WASM
using Str = SmallString;
#else
using Str = std::string;
#endif

}  // namespace rose
