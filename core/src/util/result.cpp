#include "util/result.h"

#ifndef ROSE_WASM
#include <cstdio>
#include <cstdlib>
#endif

namespace rose {

void assert_fail(const char* cond, const char* file, int line, const char* msg) {
#ifdef ROSE_WASM
  (void)cond, (void)file, (void)line, (void)msg;
  __builtin_trap();
#else
  std::fprintf(stderr, "rose internal error: %s (%s) at %s:%d\n", msg, cond, file, line);
  std::abort();
#endif
}

}  // namespace rose
