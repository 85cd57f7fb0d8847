#include "util/vec.h"

#include <cstdlib>

#ifdef ROSE_WASM
extern "C" size_t rose_usable_size(void* p);  // wasmrt/alloc.cpp
extern "C" int rose_oom_flag;
#endif

namespace rose {

void vec_grow(void** data, uint32_t* cap, uint32_t need, uint32_t elem) {
  uint64_t c = *cap ? *cap : 4;
  while (c < need) c = c * 2;
  // 64-bit sizes: in wasm32 the byte count of a large array would wrap around.
  void* grown = c * elem <= 0x7fffffffu ? std::realloc(*data, size_t(c * elem)) : nullptr;
  if (!grown) {  // out of memory: there is nothing sensible left to do
#ifdef ROSE_WASM
    rose_oom_flag = 1;
#endif
    __builtin_trap();
  }
  *data = grown;
#ifdef ROSE_WASM
  c = uint32_t(rose_usable_size(*data) / elem);  // fill the allocator's block
#endif
  *cap = uint32_t(c);
}

void vec_free(void* data) { std::free(data); }

}  // namespace rose
