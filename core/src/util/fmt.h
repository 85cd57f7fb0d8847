// Messages without string-building code at every error site. `%` in the
// pattern takes the next argument; each argument travels as one word, and the
// kinds of all of them as one constant, so a call site is a few immediates and
// one call (a `"..." + x + "..."` chain costs ~100 bytes of Wasm per site).
#pragma once
#include <cstdint>

#include "util/ids.h"
#include "util/str.h"

namespace rose {

class Context;

// Decimal digits of x: libc++'s to_string brings ~1.5 kB of Wasm with it.
// put_dec appends them, without a temporary string.
void put_dec(Str& out, uint32_t x);
Str dec(uint32_t x);

namespace fmt_arg {
enum Kind : uint32_t { Text, Num, Type, Var, Func };
inline Kind kind(const char*) { return Text; }
inline Kind kind(const Str&) { return Text; }
inline Kind kind(int) { return Num; }
inline Kind kind(unsigned) { return Num; }
inline Kind kind(unsigned long) { return Num; }
inline Kind kind(unsigned long long) { return Num; }
inline Kind kind(TyId) { return Type; }
inline Kind kind(VarId) { return Var; }
inline Kind kind(FuncId) { return Func; }
inline uintptr_t word(const char* s) { return uintptr_t(s); }
inline uintptr_t word(const Str& s) { return uintptr_t(s.c_str()); }
inline uintptr_t word(int x) { return uint32_t(x); }
inline uintptr_t word(unsigned x) { return x; }
inline uintptr_t word(unsigned long x) { return uint32_t(x); }
inline uintptr_t word(unsigned long long x) { return uint32_t(x); }
template <class T>
uintptr_t word(Id<T> x) { return x.i; }
}  // namespace fmt_arg

// Kinds, 3 bits per argument, and the argument count from bit 12 (a `%`
// past the last argument prints as itself). Text is a C string, Num prints in decimal, Type
// through the printer, Var as vN, Func as the function's name.
Str fmt_words(const Context& cx, const char* pattern, uint32_t kinds, uintptr_t a, uintptr_t b, uintptr_t c,
              uintptr_t d);

// Calls f(kinds, w0, w1, w2, w3) with the arguments' words, unused ones 0.
template <class F, class... A>
auto with_words(F f, const A&... a) {
  static_assert(sizeof...(A) <= 4, "at most four arguments per message");
  uint32_t kinds = sizeof...(A) << 12, shift = 0;
  ((kinds |= uint32_t(fmt_arg::kind(a)) << shift, shift += 3), ...);
  uintptr_t w[5] = {fmt_arg::word(a)...};
  return f(kinds, w[0], w[1], w[2], w[3]);
}

template <class... A>
Str fmt(const Context& cx, const char* pattern, const A&... a) {
  return with_words([&](uint32_t k, uintptr_t w0, uintptr_t w1, uintptr_t w2,
                        uintptr_t w3) { return fmt_words(cx, pattern, k, w0, w1, w2, w3); },
                    a...);
}

}  // namespace rose
