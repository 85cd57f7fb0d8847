// The transformations, one per file, each exported as one free function named
// after it. Derived functions are cached on the function they come from and
// owned by it: the returned ids are borrowed (retain them to keep them).
#pragma once
#include "ir/context.h"

namespace rose {

// Forward mode. Every real (and tan) in the signature becomes a dual
// {du: tan, re: real}; arrays and structs keep their shape with duals inside.
// Returns the custom JVP if one is set.
Result<FuncId> jvp(Context& cx, FuncId f);

// Reverse mode for a function in JVP form (tan values are linear): splits it
// into a forward function, which computes the primal result and a tape, and a
// backward function, which maps cotangents back (see transpose.cpp).
struct Transposed {
  FuncId fwd, bwd;
};
Result<Transposed> transpose(Context& cx, FuncId f);

// Folding of exact IEEE ops on constants, copy propagation through known
// tuples and arrays, literal hoisting and CSE (simplify.cpp).
Result<FuncId> simplify(Context& cx, FuncId f);
// Removes instructions whose results and effects nobody observes (dce.cpp);
// with nothing to remove, the result is f itself, with one more reference.
Result<FuncId> dce(Context& cx, FuncId f);
// simplify then dce; the derivative passes run it on everything they make.
// It takes over the caller's reference to raw (cleanup.cpp).
Result<FuncId> cleanup(Context& cx, FuncId raw);

// simplify that also replaces calls to callees with mask[callee] set by
// their bodies (from target[callee] where that is valid) and points the other
// calls at target[callee] where that is valid.
Result<FuncId> simplify_inlining(Context& cx, FuncId f, const Vec<uint8_t>* mask, const Vec<FuncId>* target);
// cleanup of a copy of f (f stays the caller's) with simplify_inlining.
Result<FuncId> cleanup_inlining(Context& cx, FuncId f, const Vec<uint8_t>& mask, const Vec<FuncId>& target);
// Optimized copies of f and everything it calls, for code generation
// (optimize.cpp). The result holds one reference.
Result<FuncId> optimize(Context& cx, FuncId f);

// vjp(f) = transpose(jvp(f)).
Result<Transposed> vjp(Context& cx, FuncId f);

// A copy of f (alive) with every tan retyped as real, through its callees
// (opaque ones stay as they are): the JVP the public APIs hand out
// (as_real.cpp). Owned by f's cache, like its derivatives.
Result<FuncId> as_real(Context& cx, FuncId f);
// dce's copy of f with tans retyped as reals and each call of g made to
// real_of[g] (indexed by function id, like optimize's tables).
Result<FuncId> dce_as_real(Context& cx, FuncId f, const Vec<FuncId>& real_of);

// The type maps the passes agree on.
TyId dual_type(Context& cx, TyId t);   // real, tan -> {du: tan, re: real}, recursively
TyId retan_real(Context& cx, TyId t);  // tan -> real, recursively
// real -> real_to, tan -> tan_to, recursively; the dual struct -> dual_to if valid.
TyId map_scalars(Context& cx, TyId t, TyId real_to, TyId tan_to, TyId dual_to);
bool has_f64(const Context& cx, TyId t);

// The name of a function derived from f: f's name and a suffix ("_jvp").
Str derived_name(Context& cx, FuncId f, const char* suffix);

}  // namespace rose
