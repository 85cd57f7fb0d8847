#include "util/vec.h"
#include "ir/typing.h"

#include "ir/print.h"
#include "util/fmt.h"
#include "util/str.h"

namespace rose {

TyId subst_generics(Types& types, TyId t, const TyId* gens, uint32_t n) {
  if (!n) return t;  // the common case, and each call would otherwise rebuild t
  const TypeNode ty = types.get(t);
  switch (ty.kind) {
    case Kind::Unit: case Kind::Bool: case Kind::Real: case Kind::Tan: case Kind::Fin: return t;
    case Kind::Generic: return ty.a < n ? gens[ty.a] : t;
    case Kind::Ref: return types.ref(subst_generics(types, types.inner(t), gens, n));
    case Kind::Array:
      return types.array(subst_generics(types, types.index_of(t), gens, n),
                         subst_generics(types, types.elem(t), gens, n));
    case Kind::Tuple: {
      Vec<TyId> ms(ty.b);
      bool same = true;
      for (uint32_t i = 0; i < ty.b; i++) {
        ms[i] = subst_generics(types, types.member(t, i), gens, n);
        same = same && ms[i] == types.member(t, i);
      }
      return same ? t : types.tuple_like(t, ms.data());
    }
  }
  return t;
}

bool satisfies(const Types& types, TyId t, uint8_t c, const Generics& outer) {
  if ((c & kIndex) && !types.is_index(t, outer)) return false;
  if ((c & kValue) && (!types.is_value(t) || types.contains(t, Kind::Real) || types.contains(t, Kind::Tan)))
    return false;
  return true;
}

namespace {

struct Checker {
  Context& cx;
  const Func& f;
  Str& err;
  Types& T() { return cx.types; }
  TyId ty(uint32_t v) const { return f.vars[v]; }
  TyId fail_words(const char* p, uint32_t k, uintptr_t a, uintptr_t b, uintptr_t c, uintptr_t d) {
    err = fmt_words(cx, p, k, a, b, c, d);
    return TyId();
  }
  template <class... A>
  TyId fail(const char* p, const A&... a) {
    return with_words([&](uint32_t k, uintptr_t w, uintptr_t x, uintptr_t y,
                          uintptr_t z) { return fail_words(p, k, w, x, y, z); },
                      a...);
  }

  // "<op> needs <what>, not <t>": one call site shape for the commonest message.
  __attribute__((noinline)) TyId needs(const Instr& in, const char* what, TyId t) {
    return fail("% needs %, not %", op_name(in.op), what, t);
  }

  TyId lit(const Instr& in, TyId want) {
    if (in.op == Op::Zero) {
      if (!want.valid()) return fail("zero needs a declared type");
      if (!T().is_value(want)) return fail("zero cannot have a reference type");
      return want;
    }
    if (in.op == Op::Fin) {
      if (!want.valid() || T().kind(want) != Kind::Fin)
        return want.valid() ? fail("fin literal needs a fin type, not %", want) : fail("fin literal needs a fin type");
      if (in.a >= T().fin_size(want)) return fail("fin literal % is out of range for type %", in.a, want);
      return want;
    }
    // unit, bool, real (which may be typed tan)
    Kind kind = in.op == Op::Unit ? Kind::Unit : Kind::Bool;
    bool fits = !want.valid() || (in.op == Op::Real ? T().is_f64(want) : T().kind(want) == kind);
    if (!fits) return fail("% literal cannot have type %", op_name(in.op), want);
    if (in.op == Op::Bool && in.a > 1) return fail("bool literal must be 0 or 1");
    return want.valid() ? want : in.op == Op::Unit ? T().unit() : in.op == Op::Bool ? T().boolean() : T().real();
  }

  TyId list(const Instr& in, TyId want) {
    bool array = in.op == Op::Array;
    // The item types, read in place: f.vars maps the operand pool's var ids to them.
    auto item = [&](uint32_t k) { return ty(f.list_item(in, k).i); };
    for (uint32_t k = 0; k < in.b; k++)
      if (!T().is_value(item(k))) return fail("% cannot hold a reference", op_name(in.op));
    if (!want.valid()) {
      if (!array) {
        Vec<TyId> ms(in.b);
        for (uint32_t k = 0; k < in.b; k++) ms[k] = item(k);
        return T().tuple(ms.data(), in.b);
      }
      if (in.b == 0) return fail("empty array needs a declared type");
      for (uint32_t k = 1; k < in.b; k++)
        if (item(k) != item(0)) return fail("array elements have different types: % and %", item(0), item(k));
      return T().array(T().fin(in.b), item(0));
    }
    bool shape = array ? T().kind(want) == Kind::Array && T().kind(T().index_of(want)) == Kind::Fin &&
                             T().fin_size(T().index_of(want)) == in.b
                       : T().kind(want) == Kind::Tuple && T().member_count(want) == in.b;
    if (!shape)
      return fail(array ? "array of % elements cannot have type %" : "tuple of % members cannot have type %", in.b,
                  want);
    for (uint32_t k = 0; k < in.b; k++) {
      TyId e = array ? T().elem(want) : T().member(want, k);
      if (item(k) == e) continue;
      return array ? fail("array element has type %, expected %", item(k), e)
                   : fail("tuple member % has type %, expected %", k, item(k), e);
    }
    return want;
  }

  TyId access(const Instr& in) {
    TyId a = ty(in.a);
    bool ref = in.op == Op::Slice || in.op == Op::Field;
    TyId inner = a;
    if (ref) {
      if (T().kind(a) != Kind::Ref) return needs(in, "a reference", a);
      inner = T().inner(a);
    }
    TyId part;  // the element or member
    if (in.op == Op::Index || in.op == Op::Slice) {
      if (T().kind(inner) != Kind::Array) return needs(in, "an array", inner);
      if (ty(in.b) != T().index_of(inner))
        return fail("index has type %, expected %", ty(in.b), T().index_of(inner));
      part = T().elem(inner);
    } else {
      if (T().kind(inner) != Kind::Tuple) return needs(in, "a tuple", inner);
      if (in.b >= T().member_count(inner)) return fail("member % is out of range for %", in.b, inner);
      part = T().member(inner, in.b);
    }
    return ref ? T().ref(part) : part;
  }

  TyId call(const Instr& in) {
    FuncId g(in.b);
    if (!cx.alive(g)) return fail("call of a function that does not exist or was freed");
    const Func& callee = cx.func(g);
    const Str& name = cx.strings.get(callee.name);
    uint32_t ng = f.call_ngen(in);
    if (ng != callee.generics.size())
      return fail("call of @%: % generic arguments, expected %", name, ng, callee.generics.size());
    Vec<TyId> gens;  // stays empty where functions have no generics (the Wasm engine)
    for (uint32_t k = 0; k < ng; k++) {
      gens.push_back(f.call_gen(in, k));
      if (!T().valid(gens[k])) return fail("call of @%: generic argument is not a type", name);
      if (!satisfies(T(), gens[k], callee.generics[k], f.generics))
        return fail("call of @%: generic argument % (%) does not satisfy its constraint", name, k, gens[k]);
    }
    uint32_t na = f.call_nargs(in);
    if (na != callee.param_tys.size())
      return fail("call of @%: % arguments, expected %", name, na, callee.param_tys.size());
    for (uint32_t k = 0; k < na; k++) {
      TyId want = subst_generics(T(), callee.param_tys[k], gens.data(), ng);
      TyId got = ty(f.call_arg(in, k).i);
      if (want != got)
        return fail("call of @%: argument % has type %, expected %", name, k, got, want);
    }
    return subst_generics(T(), callee.ret_ty, gens.data(), ng);
  }

  TyId unary(const Instr& in, TyId want) {
    TyId a = ty(in.a);
    const char* need = nullptr;
    switch (op_rule(in.op)) {
      case Rule::BoolNot: if (T().kind(a) != Kind::Bool) need = "a bool"; break;
      case Rule::IMod:
        if (!T().is_index(a, f.generics)) {
          need = "an index";
          break;
        }
        if (!want.valid() || T().kind(want) != Kind::Fin || T().fin_size(want) == 0)
          return fail("% needs a result type fin n with n > 0", op_name(in.op));
        return want;
      case Rule::Linear: if (!T().is_f64(a)) need = "a real or tangent"; break;
      case Rule::Real: if (T().kind(a) != Kind::Real) need = "a real"; break;
      default: return fail("% is not unary", op_name(in.op));
    }
    return need ? needs(in, need, a) : a;
  }

  TyId binary(const Instr& in) {
    TyId a = ty(in.a), b = ty(in.b), r = a;
    const char* need = nullptr;
    switch (op_rule(in.op)) {
      case Rule::BoolBin: if (T().kind(a) != Kind::Bool || a != b) need = "two bools"; break;
      case Rule::ICmp:
        if (!T().is_index(a, f.generics) || a != b) need = "two indices of the same type";
        r = T().boolean();
        break;
      case Rule::IAdd: if (T().kind(a) != Kind::Fin || a != b) need = "two fins of the same type"; break;
      case Rule::Linear: if (!T().is_f64(a) || a != b) need = "two reals or two tangents"; break;
      case Rule::Scale: if (!T().is_f64(a) || T().kind(b) != Kind::Real) need = "a real or tangent and a real"; break;
      case Rule::Real: case Rule::Cmp:
        if (T().kind(a) != Kind::Real || a != b) need = "two reals";
        if (op_rule(in.op) == Rule::Cmp) r = T().boolean();
        break;
      default: return fail("% is not binary", op_name(in.op));
    }
    return need ? fail("% needs %, not % and %", op_name(in.op), need, a, b) : r;
  }

  TyId check(const Instr& in, TyId want) {
    switch (in.op) {
      case Op::Unit: case Op::Bool: case Op::Real: case Op::Fin: case Op::Zero: return lit(in, want);
      case Op::Array: case Op::Tuple: return list(in, want);
      case Op::Index: case Op::Member: case Op::Slice: case Op::Field: return access(in);
      case Op::Select: {
        TyId c = ty(in.a), t = ty(f.select_then(in).i), e = ty(f.select_else(in).i);
        if (T().kind(c) != Kind::Bool) return fail("select condition has type %, expected bool", c);
        if (t != e) return fail("select branches have different types: % and %", t, e);
        if (!T().is_value(t)) return fail("select cannot choose between references");
        return t;
      }
      case Op::Call: return call(in);
      case Op::For: {
        const Block& b = f.blocks[in.a];
        TyId i = ty(b.arg.i), r = ty(b.ret.i);
        if (!T().is_index(i, f.generics)) return fail("loop index has type %, which is not an index", i);
        if (!T().is_value(r)) return fail("loop body cannot return a reference");
        return T().array(i, r);
      }
      case Op::Accum: {
        TyId a = ty(in.a);
        if (!T().is_value(a)) return fail("accum shape cannot be a reference");
        return T().ref(a);
      }
      case Op::AddTo: {
        TyId r = ty(in.a), x = ty(in.b);
        if (T().kind(r) != Kind::Ref) return needs(in, "a reference", r);
        if (T().inner(r) != x) return fail("addto of % into %", x, r);
        return T().unit();
      }
      case Op::Resolve: {
        TyId r = ty(in.a);
        if (T().kind(r) != Kind::Ref) return needs(in, "a reference", r);
        return T().inner(r);
      }
      case Op::Not: case Op::IMod: case Op::Neg: case Op::Abs: case Op::Sign: case Op::Ceil:
      case Op::Floor: case Op::Trunc: case Op::Sqrt: case Op::Exp: case Op::Log: case Op::Sin:
      case Op::Cos: case Op::Tan: case Op::Tanh:
        return unary(in, want);
      case Op::And: case Op::Or: case Op::Iff: case Op::Xor: case Op::INeq: case Op::ILt:
      case Op::ILeq: case Op::IEq: case Op::IGt: case Op::IGeq: case Op::IAdd: case Op::Add:
      case Op::Sub: case Op::Mul: case Op::Div: case Op::Atan2: case Op::Pow: case Op::Min:
      case Op::Max: case Op::Neq: case Op::Lt: case Op::Leq: case Op::Eq: case Op::Gt: case Op::Geq:
        return binary(in);
    }
    return fail("unknown op");
  }
};

}  // namespace

TyId type_instr(Context& cx, const Func& f, const Instr& in, TyId want, Str& err) {
  Checker c{cx, f, err};
  TyId t = c.check(in, want);
  if (t.valid() && want.valid() && t != want) {
    err = fmt(cx, "% has type %, declared %", op_name(in.op), t, want);
    return TyId();
  }
  return t;
}

}  // namespace rose
