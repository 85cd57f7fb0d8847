// Interned strings: struct keys and function names.
#pragma once
#include <vector>

#include "util/vec.h"
#include "util/hash.h"
#include "util/ids.h"
#include "util/str.h"

namespace rose {

class Strings {
 public:
  StrId intern(const Str& s) {
    uint64_t h = hash_bytes(s.data(), s.size());
    uint32_t id = index_.find(h, [&](uint32_t i) { return all_[i] == s; });
    if (id != HashIndex::kEmpty) return StrId(id);
    all_.emplace_back(s);  // s is not in all_ (it would have been found)
    index_.insert(h, uint32_t(all_.size() - 1));
    return StrId(uint32_t(all_.size() - 1));
  }
  const Str& get(StrId id) const { return all_[id.i]; }
  bool valid(StrId id) const { return id.i < all_.size(); }

 private:
  Vec<Str> all_;
  HashIndex index_;
};

// Struct keys are ordered by UTF-16 code units, as JS's default sort does;
// UTF-8 byte order agrees with it except that characters beyond U+FFFF
// (surrogate pairs) sort below U+E000..U+FFFF; see types.cpp.
bool key_less(const Str& a, const Str& b);

}  // namespace rose
