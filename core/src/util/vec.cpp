#include "util/vec.h"

#include <cstdlib>

#ifdef ROSE_WASM
extern "C" size_t rose_usable_size(void* p);  // wasmrt/alloc.cpp
extern "C" int rose_oom_flag;
#endif

namespace rose {

VecBase::VecBase(VecBase&& o) noexcept : d_(o.d_), n_(o.n_), cap_(o.cap_) { o.d_ = nullptr, o.n_ = o.cap_ = 0; }

VecBase::~VecBase() { std::free(d_); }

void VecBase::steal(VecBase& o) {
  std::free(d_);
  d_ = o.d_, n_ = o.n_, cap_ = o.cap_;
  o.d_ = nullptr, o.n_ = o.cap_ = 0;
}

void VecBase::swap_base(VecBase& o) {
  std::swap(d_, o.d_);
  std::swap(n_, o.n_);
  std::swap(cap_, o.cap_);
}

void VecBase::grow(uint32_t need, uint32_t elem) {
  if (need <= cap_) return;
  uint64_t c = cap_ ? cap_ : 4;
  while (c < need) c = c * 2;
  // 64-bit sizes: in wasm32 the byte count of a large array would wrap around.
  void* grown = c * elem <= 0x7fffffffu ? std::realloc(d_, size_t(c * elem)) : nullptr;
  if (!grown) {  // out of memory: there is nothing sensible left to do
#ifdef ROSE_WASM
    rose_oom_flag = 1;
#endif
    __builtin_trap();
  }
  d_ = grown;
#ifdef ROSE_WASM
  c = uint32_t(rose_usable_size(d_) / elem);  // fill the allocator's block
#endif
  cap_ = uint32_t(c);
}

const void* VecBase::grow_keeping(uint32_t need, uint32_t elem, const void* p) {
  size_t off = static_cast<const char*>(p) - static_cast<char*>(d_);
  bool inside = d_ && off < size_t(n_) * elem;
  grow(need, elem);
  return inside ? static_cast<char*>(d_) + off : p;
}

void* VecBase::push_raw(const void* x, uint32_t elem) {
  if (n_ == cap_) x = grow_keeping(n_ + 1, elem, x);
  void* slot = static_cast<char*>(d_) + size_t(n_++) * elem;
  std::memcpy(slot, x, elem);
  return slot;
}

void VecBase::resize_raw(uint32_t n, const void* v, uint32_t elem) {
  if (n == n_ + 1) {  // the common case: a table growing by one entry
    push_raw(v, elem);
    return;
  }
  if (n > n_) {
    v = grow_keeping(n, elem, v);
    // Zero fills are one memset; others double their copies, a few bulk
    // moves instead of one small copy per element.
    char* p = static_cast<char*>(d_) + size_t(n_) * elem;
    size_t total = size_t(n - n_) * elem, done = elem;
    bool zero = true;
    for (uint32_t i = 0; i < elem; i++) zero = zero && !static_cast<const char*>(v)[i];
    if (zero) done = total, std::memset(p, 0, total);
    else std::memcpy(p, v, elem);
    while (done < total) {
      size_t k = done < total - done ? done : total - done;
      std::memcpy(p + done, p, k);
      done += k;
    }
  }
  n_ = n;
}

void VecBase::copy_raw(const VecBase& o, uint32_t elem) {
  grow(o.n_, elem);
  if (o.n_) std::memcpy(d_, o.d_, size_t(o.n_) * elem);
  n_ = o.n_;
}

void VecBase::insert_raw(uint32_t at, const void* a, uint32_t k, uint32_t elem) {
  a = grow_keeping(n_ + k, elem, a);
  char* d = static_cast<char*>(d_);
  size_t off = static_cast<const char*>(a) - d;  // a source after `at` moves with the tail
  if (off >= size_t(at) * elem && off < size_t(n_) * elem) a = d + off + size_t(k) * elem;
  std::memmove(d + size_t(at + k) * elem, d + size_t(at) * elem, size_t(n_ - at) * elem);
  if (k) std::memcpy(d + size_t(at) * elem, a, size_t(k) * elem);
  n_ += k;
}

}  // namespace rose
