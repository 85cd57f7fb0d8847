// The Wasm build's allocator and memory primitives, replacing wasi-libc's
// dlmalloc (~8 kB) and unrolled mem* (~3 kB): size classes of powers of two
// with free lists, carved from memory.grow; bulk-memory instructions for mem*.
// Freed blocks return to their class, so a compile/dispose cycle reuses memory.
#ifdef ROSE_WASM
#include <cstddef>
#include <cstdint>
#include <new>

namespace {

constexpr unsigned kClasses = 27;  // 16 B .. 1 GiB
void* g_free[kClasses];
uintptr_t g_top = 0, g_end = 0;

extern "C" unsigned char __heap_base;

// The smallest class whose blocks hold n bytes and the 8-byte header:
// ceil(log2(n + 8)) - 4, from a count of leading zeros instead of a loop.
unsigned class_of(size_t n) {
  if (n > (size_t(16) << (kClasses - 1)) - 8) return kClasses;  // n + 8 would wrap in wasm32
  return n <= 8 ? 0 : 28 - __builtin_clz(unsigned(n + 7));
}

// Makes [g_top, g_top + bytes) available; false when memory cannot grow.
// 64-bit arithmetic: near 4 GiB the 32-bit sum would wrap around.
bool reserve_top(size_t bytes) {
  if (!g_top) g_top = g_end = reinterpret_cast<uintptr_t>(&__heap_base);
  uint64_t want = uint64_t(g_top) + bytes;
  if (want > 0xffff0000u) return false;
  if (want > g_end) {
    size_t pages = size_t((want - g_end + 65535) / 65536);
    if (__builtin_wasm_memory_grow(0, pages) == size_t(-1)) return false;
    g_end += pages * 65536;
  }
  return true;
}

uint64_t* pop(unsigned c) {
  auto* block = static_cast<uint64_t*>(g_free[c]);
  g_free[c] = *reinterpret_cast<void**>(block + 1);
  return block;
}
void push(uint64_t* block, unsigned c) {
  *reinterpret_cast<void**>(block + 1) = g_free[c];
  g_free[c] = block;
}

}  // namespace

extern "C" {

// Set when an allocation failed; the engine then traps (see vec.cpp) and the
// JS side reports "out of memory" instead of a bare RuntimeError.
int rose_oom_flag = 0;
__attribute__((export_name("oom"))) int rose_oom() {
  int was = rose_oom_flag;
  rose_oom_flag = 0;
  return was;
}

void* malloc(size_t n) {
  unsigned c = class_of(n);
  if (c >= kClasses) return rose_oom_flag = 1, nullptr;
  uint64_t* block = nullptr;
  if (g_free[c]) {
    block = pop(c);
  } else {
    // Split the smallest larger free block (buddy halves, never merged): the
    // blocks a doubling array leaves behind then serve the next pass.
    unsigned k = c + 1;
    while (k < kClasses && !g_free[k]) k++;
    if (k < kClasses) {
      block = pop(k);
      while (k-- > c) push(reinterpret_cast<uint64_t*>(reinterpret_cast<char*>(block) + (size_t(16) << k)), k);
    } else {
      g_top = (g_top + 15) & ~uintptr_t(15);
      if (!reserve_top(size_t(16) << c)) return rose_oom_flag = 1, nullptr;
      block = reinterpret_cast<uint64_t*>(g_top);
      g_top += size_t(16) << c;
    }
  }
  block[0] = c;  // the header keeps 8-byte alignment of the payload
  return block + 1;
}

void free(void* p) {
  if (p) push(static_cast<uint64_t*>(p) - 1, unsigned(static_cast<uint64_t*>(p)[-1]));
}

// What the block behind p can hold: arrays grow to fill their class.
size_t rose_usable_size(void* p) { return (size_t(16) << static_cast<uint64_t*>(p)[-1]) - 8; }

void* calloc(size_t n, size_t m) {
  if (m && n > size_t(-1) / m) return rose_oom_flag = 1, nullptr;
  void* p = malloc(n * m);
  if (p) __builtin_memset(p, 0, n * m);
  return p;
}

void* realloc(void* p, size_t n) {
  if (!p) return malloc(n);
  uint64_t* block = static_cast<uint64_t*>(p) - 1;
  unsigned c = unsigned(block[0]);
  size_t have = (size_t(16) << c) - 8;
  if (n <= have) return p;
  // The last block carved grows in place.
  unsigned nc = class_of(n);
  if (nc < kClasses && reinterpret_cast<uintptr_t>(block) + (size_t(16) << c) == g_top &&
      reserve_top((size_t(16) << nc) - (size_t(16) << c))) {
    g_top += (size_t(16) << nc) - (size_t(16) << c);
    block[0] = nc;
    return p;
  }
  void* q = malloc(n);
  if (!q) return nullptr;  // p stays valid, as realloc promises
  __builtin_memcpy(q, p, have);
  free(p);
  return q;
}

void* aligned_alloc(size_t, size_t n) { return malloc(n); }
int posix_memalign(void** out, size_t, size_t n) {
  *out = malloc(n);
  return *out ? 0 : 12;
}

void* memcpy(void* d, const void* s, size_t n) {
  __builtin_memcpy(d, s, n);  // with -mbulk-memory this is memory.copy, which handles overlap too
  return d;
}
void* memmove(void* d, const void* s, size_t n) { return memcpy(d, s, n); }
void* memset(void* d, int c, size_t n) {
  __builtin_memset(d, c, n);  // memory.fill
  return d;
}

}  // extern "C"

// Without exceptions, a failed new traps: the engine must never write through null.
static void* must_alloc(size_t n) {
  void* p = malloc(n);
  if (!p) __builtin_trap();
  return p;
}
void* operator new(size_t n) { return must_alloc(n); }
void* operator new[](size_t n) { return must_alloc(n); }
void operator delete(void* p) noexcept { free(p); }
void operator delete[](void* p) noexcept { free(p); }
void operator delete(void* p, size_t) noexcept { free(p); }
void operator delete[](void* p, size_t) noexcept { free(p); }
#endif
