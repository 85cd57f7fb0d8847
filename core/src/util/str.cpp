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
