// The one canonical text form of the IR, used by errors, logs, tests and the
// users' toString(). Variables are numbered in text order, so printing is
// deterministic and parse ∘ print round-trips.
#pragma once

#include "ir/context.h"
#include "util/str.h"

namespace rose {

Str type_str(const Context& cx, TyId t);
void put_type(Str& out, const Context& cx, TyId t);  // appends type_str(cx, t)
// Shortest round-trip decimal, formatted as JavaScript's String(x) does. In the
// Wasm build (ROSE_HEX_FLOATS) it writes exact hex floats instead, which the JS
// package reformats; the parser reads both.
Str num_str(double x);
void put_num(Str& out, double x);  // appends num_str(x)
// Exact hex float: [-]0x1.<13 hex digits>p<exp> (0x0. for subnormals and zero).
Str hex_str(double x);
void put_hex(Str& out, double x);  // appends hex_str(x)
Str constraint_str(uint8_t c);
// A key or name as printed: bare if it is an identifier, else quoted.
Str key_str(const Str& k);

// One function, with `@name` references to its callees.
Str print_func(const Context& cx, FuncId f);
// A function and everything it references (callees, custom JVPs), callees first.
Str print_module(const Context& cx, FuncId root);
// One instruction (without nested blocks), with raw variable ids; for errors.
Str instr_str(const Context& cx, const Func& f, const Instr& in);

}  // namespace rose
