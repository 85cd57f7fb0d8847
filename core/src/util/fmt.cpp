#include "util/fmt.h"

#include "ir/print.h"
#include "util/str.h"

namespace rose {

Str dec(uint32_t x) {
  char buf[10];
  char* p = buf + 10;
  do *--p = char('0' + x % 10); while (x /= 10);
  return Str(p, buf + 10 - p);
}

Str fmt(const Context& cx, const char* p, std::initializer_list<Piece> pieces) {
  Str out;
  const Piece* next = pieces.begin();
  for (; *p; p++) {
    if (*p != '%' || next == pieces.end()) {
      out += *p;
      continue;
    }
    const Piece& x = *next++;
    switch (x.kind) {
      case Piece::Text: out += x.s; break;
      case Piece::Num: out += dec(x.n); break;
      case Piece::Type: out += type_str(cx, TyId(x.n)); break;
      case Piece::Var: out += 'v', out += dec(x.n); break;
    }
  }
  return out;
}

}  // namespace rose
