#include "util/vec.h"

#include <cstdlib>

namespace rose {

void vec_grow(void** data, uint32_t* cap, uint32_t need, uint32_t elem) {
  uint32_t c = *cap ? *cap : 4;
  while (c < need) c = c * 2;
  *data = std::realloc(*data, size_t(c) * elem);
  if (!*data) __builtin_trap();  // out of memory: there is nothing sensible left to do
  *cap = c;
}

void vec_free(void* data) { std::free(data); }

}  // namespace rose
