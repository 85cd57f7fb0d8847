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

unsigned class_of(size_t n) {
  unsigned c = 0;
  while ((size_t(16) << c) < n + 8) c++;
  return c;
}

void* carve(size_t bytes) {
  if (!g_top) g_top = g_end = reinterpret_cast<uintptr_t>(&__heap_base);
  g_top = (g_top + 15) & ~uintptr_t(15);
  if (g_top + bytes > g_end) {
    size_t pages = (g_top + bytes - g_end + 65535) / 65536;
    if (__builtin_wasm_memory_grow(0, pages) == size_t(-1)) return nullptr;
    g_end += pages * 65536;
  }
  void* p = reinterpret_cast<void*>(g_top);
  g_top += bytes;
  return p;
}

}  // namespace

extern "C" {

void* malloc(size_t n) {
  unsigned c = class_of(n);
  if (c >= kClasses) return nullptr;
  uint64_t* block;
  if (g_free[c]) {
    block = static_cast<uint64_t*>(g_free[c]);
    g_free[c] = *reinterpret_cast<void**>(block + 1);
  } else {
    block = static_cast<uint64_t*>(carve(size_t(16) << c));
    if (!block) return nullptr;
  }
  block[0] = c;  // the header keeps 8-byte alignment of the payload
  return block + 1;
}

void free(void* p) {
  if (!p) return;
  uint64_t* block = static_cast<uint64_t*>(p) - 1;
  unsigned c = unsigned(block[0]);
  *reinterpret_cast<void**>(block + 1) = g_free[c];
  g_free[c] = block;
}

void* calloc(size_t n, size_t m) {
  void* p = malloc(n * m);
  if (p) __builtin_memset(p, 0, n * m);
  return p;
}

void* realloc(void* p, size_t n) {
  if (!p) return malloc(n);
  uint64_t* block = static_cast<uint64_t*>(p) - 1;
  size_t have = (size_t(16) << block[0]) - 8;
  if (n <= have) return p;
  void* q = malloc(n);
  if (q) __builtin_memcpy(q, p, have);
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

void* operator new(size_t n) { return malloc(n); }
void* operator new[](size_t n) { return malloc(n); }
void operator delete(void* p) noexcept { free(p); }
void operator delete[](void* p) noexcept { free(p); }
void operator delete(void* p, size_t) noexcept { free(p); }
void operator delete[](void* p, size_t) noexcept { free(p); }
#endif
