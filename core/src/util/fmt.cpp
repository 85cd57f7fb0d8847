#include "util/fmt.h"

#include "ir/print.h"

namespace rose {

std::string fmt(const Context& cx, const char* p, std::initializer_list<Piece> pieces) {
  std::string out;
  const Piece* next = pieces.begin();
  for (; *p; p++) {
    if (*p != '%' || next == pieces.end()) {
      out += *p;
      continue;
    }
    const Piece& x = *next++;
    switch (x.kind) {
      case Piece::Str: out += x.s; break;
      case Piece::Num: out += std::to_string(x.n); break;
      case Piece::Type: out += type_str(cx, TyId(x.n)); break;
      case Piece::Var: out += "v" + std::to_string(x.n); break;
    }
  }
  return out;
}

}  // namespace rose
