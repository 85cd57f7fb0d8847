// A tiny open-addressing index from hashes to 32-bit ids. The caller owns the
// keys (in its own arrays) and supplies equality, so one small class serves
// type interning, string interning and CSE without template bloat per key type.
#pragma once
#include <cstdint>
#include <cstring>
#include "util/vec.h"

namespace rose {

inline uint64_t hash_mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  h *= 0xff51afd7ed558ccdull;
  return h ^ (h >> 32);  // the table indexes by low bits; a product's low bits see only the inputs' low bits
}

inline uint64_t hash_bytes(const void* p, size_t n) {
  const unsigned char* s = static_cast<const unsigned char*>(p);
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++) h = (h ^ s[i]) * 1099511628211ull;
  return h;
}

class HashIndex {
 public:
  static constexpr uint32_t kEmpty = UINT32_MAX;

  // Returns the id stored for a key equal to the probe, or kEmpty.
  template <class Eq>
  uint32_t find(uint64_t h, Eq eq) const {
    if (slots_.empty()) return kEmpty;
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (!s.id1) return kEmpty;
      if (s.hash == uint32_t(h) && eq(s.id1 - 1)) return s.id1 - 1;
    }
  }

  // Records id under hash h; the caller has checked that no equal key exists.
  void insert(uint64_t h, uint32_t id) {
    if ((count_ + 1) * 4 > slots_.size() * 3) grow();
    place(h, id);
    count_++;
  }

  void clear() {
    slots_.clear();
    count_ = 0;
  }

 private:
  struct Slot {
    uint32_t hash;  // the low half: buckets come from the low bits, and eq decides anyway
    uint32_t id1;   // id + 1; 0 marks an empty slot, so a new table is a zero fill
  };
  void place(uint64_t h, uint32_t id) {
    size_t mask = slots_.size() - 1;
    size_t i = h & mask;
    while (slots_[i].id1) i = (i + 1) & mask;
    slots_[i] = Slot{uint32_t(h), id + 1};
  }
  void grow() {
    Vec<Slot> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 16 : old.size() * 2, Slot{0, 0});
    for (const Slot& s : old)
      if (s.id1) place(s.hash, s.id1 - 1);
  }
  Vec<Slot> slots_;
  size_t count_ = 0;
};

}  // namespace rose
