#include "util/fmt.h"

#include "ir/context.h"
#include "ir/print.h"
#include "util/str.h"

namespace rose {

void put_dec(Str& out, uint32_t x) {
  char buf[10];
  char* p = buf + 10;
  do *--p = char('0' + x % 10); while (x /= 10);
  out.append(p, buf + 10 - p);
}

Str dec(uint32_t x) {
  Str s;
  put_dec(s, x);
  return s;
}

Str fmt_words(const Context& cx, const char* p, uint32_t kinds, uintptr_t a, uintptr_t b, uintptr_t c,
              uintptr_t d) {
  const uintptr_t words[4] = {a, b, c, d};
  Str out;
  uint32_t next = 0;
  for (; *p; p++) {
    if (*p != '%' || next == kinds >> 12) {
      out += *p;
      continue;
    }
    uintptr_t w = words[next];
    switch ((kinds >> 3 * next++) & 7) {
      case fmt_arg::Text: out += reinterpret_cast<const char*>(w); break;
      case fmt_arg::Num: put_dec(out, uint32_t(w)); break;
      case fmt_arg::Type: put_type(out, cx, TyId(uint32_t(w))); break;
      case fmt_arg::Var: out += 'v', put_dec(out, uint32_t(w)); break;
      default: out += cx.strings.get(cx.func(FuncId(uint32_t(w))).name); break;
    }
  }
  return out;
}

}  // namespace rose
