#include "util/str.h"

namespace rose {

SmallString::SmallString(size_t n, char c) {
  for (size_t i = 0; i < n; i++) *this += c;
}

SmallString& SmallString::append(const char* s, size_t n) {
  if (!n) return *this;
  if (!b_.empty()) b_.pop_back();  // the NUL
  char nul = 0;
  b_.insert(b_.end(), s, s + n);
  b_.push_back(nul);
  return *this;
}

// A plain loop: libc's word-at-a-time strlen is ~180 bytes of Wasm, and the
// engine's strings are short.
SmallString& SmallString::operator+=(const char* s) {
  size_t n = 0;
  while (s[n]) n++;
  return append(s, n);
}

void SmallString::pop_back() {
  b_.pop_back();
  b_.back() = 0;
  if (b_.size() == 1) b_.clear();
}

SmallString SmallString::substr(size_t pos, size_t n) const {
  size_t k = size() - pos;
  return SmallString(data() + pos, n < k ? n : k);
}

int SmallString::compare(const SmallString& o) const {
  size_t a = size(), b = o.size();
  int c = std::memcmp(data(), o.data(), a < b ? a : b);
  return c ? c : a < b ? -1 : a > b;
}

}  // namespace rose
