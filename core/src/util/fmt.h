// Messages without string-building code at every error site: one call with
// the pieces, formatted in one place. `%` in the pattern takes the next piece.
#pragma once
#include <cstdint>
#include <initializer_list>

#include "util/ids.h"
#include "util/str.h"

namespace rose {

class Context;

struct Piece {
  enum Kind : uint8_t { Text, Num, Type, Var } kind;
  union {  // one store per piece at each of the many call sites
    const char* s;
    uint32_t n;
  };
  Piece(const char* x) : kind(Text), s(x) {}
  Piece(const Str& x) : kind(Text), s(x.c_str()) {}
  Piece(uint32_t x) : kind(Num), n(x) {}
  Piece(int x) : kind(Num), n(uint32_t(x)) {}
  Piece(unsigned long x) : kind(Num), n(uint32_t(x)) {}
  Piece(TyId t) : kind(Type), n(t.i) {}
  Piece(VarId v) : kind(Var), n(v.i) {}
};

// Decimal digits of x: libc++'s to_string brings ~1.5 kB of Wasm with it.
Str dec(uint32_t x);

// Types print through the context's printer.
Str fmt(const Context& cx, const char* pattern, std::initializer_list<Piece> pieces);

}  // namespace rose
