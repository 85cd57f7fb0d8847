// Messages without string-building code at every error site: one call with
// the pieces, formatted in one place. `%` in the pattern takes the next piece.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <string>

#include "util/ids.h"

namespace rose {

class Context;

struct Piece {
  enum Kind : uint8_t { Str, Num, Type, Var } kind;
  const char* s = nullptr;
  uint32_t n = 0;
  Piece(const char* x) : kind(Str), s(x) {}
  Piece(const std::string& x) : kind(Str), s(x.c_str()) {}
  Piece(uint32_t x) : kind(Num), n(x) {}
  Piece(int x) : kind(Num), n(uint32_t(x)) {}
  Piece(unsigned long x) : kind(Num), n(uint32_t(x)) {}
  Piece(TyId t) : kind(Type), n(t.i) {}
  Piece(VarId v) : kind(Var), n(v.i) {}
};

// Types print through the context's printer.
std::string fmt(const Context& cx, const char* pattern, std::initializer_list<Piece> pieces);

}  // namespace rose
