#include "wasm/encode.h"
#include "util/str.h"

namespace rose::wasm {

#define ROSE_NOINLINE __attribute__((noinline))

ROSE_NOINLINE void Bytes::byte(uint8_t x) { b.push_back(x); }

ROSE_NOINLINE void Bytes::u32(uint32_t x) {
  do {
    uint8_t c = x & 0x7f;
    x >>= 7;
    byte(x ? c | 0x80 : c);
  } while (x);
}

ROSE_NOINLINE void Bytes::s32(int32_t x) {
  for (;;) {
    uint8_t c = x & 0x7f;
    x >>= 7;
    bool done = (x == 0 && !(c & 0x40)) || (x == -1 && (c & 0x40));
    byte(done ? c : c | 0x80);
    if (done) return;
  }
}

ROSE_NOINLINE void Bytes::f64(double x) {
  uint8_t raw[8];
  std::memcpy(raw, &x, 8);
  for (uint8_t r : raw) byte(r);
}

ROSE_NOINLINE void Bytes::name(const Str& s) {
  u32(uint32_t(s.size()));
  for (char c : s) byte(uint8_t(c));
}

ROSE_NOINLINE void Bytes::append(const Bytes& o) { b.insert(b.end(), o.b.begin(), o.b.end()); }

ROSE_NOINLINE void Bytes::raw(const char* p, uint32_t n) {
  const uint8_t* u = reinterpret_cast<const uint8_t*>(p);
  b.insert(b.end(), u, u + n);
}

}  // namespace rose::wasm
