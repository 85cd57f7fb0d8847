// The typing rule of every op, in one place: the builder calls it as it
// builds and the validator calls it again on finished functions.
#pragma once

#include "util/vec.h"
#include "ir/context.h"
#include "util/str.h"

namespace rose {

// The type of `in`'s result inside `f`, given the declared type `want` (may be
// invalid where the operands determine it). On a violation returns an invalid
// id and sets `err` to a message naming the problem (without the location).
TyId type_instr(Context& cx, const Func& f, const Instr& in, TyId want, Str& err);

// Substitutes generic arguments into a callee's type.
TyId subst_generics(Types& types, TyId t, const TyId* gens, uint32_t n);

// Whether `t` may instantiate a generic with constraint set `c`, inside a
// function whose own generics are `outer`. Value generics are opaque data to
// the derivative passes, so they may not hold reals.
bool satisfies(const Types& types, TyId t, uint8_t c, const Generics& outer);

}  // namespace rose
