// Forward mode: a dual-number rewrite of one function.
//
// Note: a rule never passes two emitting calls as arguments of one call, since
// C++ leaves their order unspecified and the printed IR must not depend on the
// compiler.
//
// Every old variable gets a Slot. Scalars are kept unpacked as a primal and a
// tangent, where a missing tangent is a *symbolic zero*: rules skip the terms
// it would contribute, so no dead tangent arithmetic is emitted. Composite
// values are either "primal" (all tangents zero, type with tan->real) or
// "dual" (one variable of the dual type). Calls whose arguments all have zero
// tangents call the original function; others call its JVP.
#include <cmath>

#include "util/vec.h"
#include "util/fmt.h"
#include "ir/builder.h"
#include "ir/print.h"
#include "passes/passes.h"
#include "util/str.h"

namespace rose {

namespace {

enum SlotForm : uint8_t { kNone, kPrim, kScalar, kDual };

struct Slot {
  VarId p;  // kPrim: the value (tan->real); kScalar: the primal; kDual: the dual value
  VarId t;  // kScalar: the tangent, or invalid for zero
  SlotForm form = kNone;
};

struct Jvp {
  Context& cx;
  const Func& f;
  Builder b;
  Vec<Slot> slot;
  VarId zero;  // the shared zero tangent
  TyId dualT;
  static constexpr uint32_t du_k = Types::kDualDu, re_k = Types::kDualRe;
  Str err;

  Jvp(Context& c, FuncId id) : cx(c), f(c.func(id)), b(c, derived_name(c, id, "_jvp")) {
    dualT = cx.dual();
  }

  Types& T() { return cx.types; }
  TyId ty(VarId v) const { return f.vars[v.i]; }
  bool f64(TyId t) const { return has_f64(cx, t); }
  bool scalar(TyId t) const { return cx.types.is_f64(t); }
  bool is_zero(const Slot& s) const { return s.form == kPrim || (s.form == kScalar && !s.t.valid()); }

  // ---- tangent arithmetic with symbolic zeros (an invalid id is zero) ----
  VarId or_zero(VarId a) const { return a.valid() ? a : zero; }  // as a variable
  VarId tadd(VarId a, VarId c) { return !a.valid() ? c : !c.valid() ? a : b.binary(Op::Add, a, c); }
  VarId tsub(VarId a, VarId c) { return !c.valid() ? a : !a.valid() ? b.unary(Op::Neg, c) : b.binary(Op::Sub, a, c); }
  VarId tneg(VarId a) { return a.valid() ? b.unary(Op::Neg, a) : a; }
  VarId tmul(VarId a, VarId s) { return a.valid() ? b.binary(Op::Mul, a, s) : a; }
  VarId tdiv(VarId a, VarId s) { return a.valid() ? b.binary(Op::Div, a, s) : a; }

  // ---- moving between forms ----
  VarId pack(VarId x, VarId dx) {
    VarId ms[2];
    ms[du_k] = or_zero(dx);
    ms[re_k] = x;
    return b.tuple(ms, 2, dualT);
  }
  // A dual value from a primal one whose tangents are all zero.
  VarId materialize(VarId p, TyId t) {
    if (!f64(t)) return p;
    switch (T().kind(t)) {
      case Kind::Real: case Kind::Tan: return pack(p, VarId());
      case Kind::Array: {
        TyId e = T().elem(t);
        VarId i = b.begin_for(T().index_of(t));
        VarId d = materialize(b.index(p, i), e);
        return b.end_for(d);
      }
      case Kind::Tuple: {
        uint32_t n = T().member_count(t);
        Vec<VarId> ms(n);
        for (uint32_t k = 0; k < n; k++) ms[k] = materialize(b.member(p, k), T().member(t, k));
        return b.tuple(ms, dual_type(cx, t));
      }
      default: return p;
    }
  }
  VarId dual_of(VarId old) {
    const Slot& s = slot[old.i];
    switch (s.form) {
      case kScalar: return pack(s.p, s.t);
      case kDual: return s.p;
      default: return materialize(s.p, ty(old));
    }
  }
  // Records a new value of dual type for `old`, unpacking scalars.
  void set_dual(VarId old, VarId d) {
    TyId t = ty(old);
    if (!f64(t)) slot[old.i] = {d, VarId(), kPrim};
    else if (scalar(t)) slot[old.i] = {b.member(d, re_k), b.member(d, du_k), kScalar};
    else slot[old.i] = {d, VarId(), kDual};
  }
  // Records a new primal value (zero tangent) for `old`.
  void set_prim(VarId old, VarId p) { slot[old.i] = {p, VarId(), scalar(ty(old)) ? kScalar : kPrim}; }
  void set_scalar(VarId old, VarId x, VarId dx) { slot[old.i] = {x, dx, kScalar}; }

  // Re-emits an instruction whose operands all have zero tangents (or no reals).
  VarId copy(const Instr& in) {
    return emit_mapped(b, f, in, [&](VarId x) { return slot[x.i].p; }, retan_real(cx, ty(in.var)));
  }
  // Re-emits `in` on its operands' duals, declared as `want` (or as the builder infers).
  VarId dual_copy(const Instr& in, TyId want) {
    return emit_mapped(b, f, in, [&](VarId x) { return dual_of(x); }, want);
  }

  bool call(const Instr& in) {
    FuncId g(in.b);
    const Func& callee = cx.func(g);
    uint32_t na = f.call_nargs(in);
    bool sig_f64 = f64(callee.ret_ty), sig_tan = T().contains(callee.ret_ty, Kind::Tan), all_zero = true;
    for (TyId p : callee.param_tys) {
      sig_f64 = sig_f64 || f64(p);
      sig_tan = sig_tan || T().contains(p, Kind::Tan);
    }
    for (uint32_t k = 0; k < na; k++) all_zero = all_zero && is_zero(slot[f.call_arg(in, k).i]);
    if (!sig_f64 || (all_zero && !sig_tan)) {
      set_prim(in.var, copy(in));
      return true;
    }
    Result<FuncId> h = jvp(cx, g);
    if (!h.ok()) {
      err = h.error;
      return false;
    }
    Instr c = in;
    c.b = h.value.i;
    set_dual(in.var, dual_copy(c, TyId()));
    return true;
  }

  bool loop(const Instr& in) {
    const Block& body = f.blocks[in.a];
    VarId i = b.begin_for(ty(body.arg));
    slot[body.arg.i] = {i, VarId(), kPrim};
    for (const Instr& x : body.code)
      if (!instr(x)) return false;
    const Slot& r = slot[body.ret.i];
    if (is_zero(r)) {
      set_prim(in.var, b.end_for(r.p));
    } else {
      VarId d = dual_of(body.ret);
      set_dual(in.var, b.end_for(d));
    }
    return true;
  }

  // A real op on primals x (and y) with tangents dx (and dy): the primal r,
  // then its tangent, which skips the terms of zero tangents.
  bool real_op(const Instr& in) {
    bool unary = op_form(in.op) == Form::Unary;
    VarId x = slot[in.a].p, dx = slot[in.a].t, y = unary ? VarId() : slot[in.b].p, dy = unary ? VarId() : slot[in.b].t;
    VarId r = unary ? b.unary(in.op, x) : b.binary(in.op, x, y), d;
    if (dx.valid() || dy.valid()) {
      switch (in.op) {
        case Op::Neg: d = tneg(dx); break;                              // -dx
        case Op::Abs: d = tmul(dx, b.unary(Op::Sign, x)); break;        // dx sign x
        case Op::Sqrt: d = tdiv(dx, b.binary(Op::Add, r, r)); break;    // dx / (2 sqrt x)
        case Op::Exp: d = tmul(dx, r); break;                           // dx e^x
        case Op::Log: d = tdiv(dx, x); break;                           // dx / x
        case Op::Sin: d = tmul(dx, b.unary(Op::Cos, x)); break;         // dx cos x
        case Op::Cos: d = tneg(tmul(dx, b.unary(Op::Sin, x))); break;   // -dx sin x
        case Op::Tan: case Op::Tanh: {  // dx (1 + tan² x); dx (1 - tanh² x)
          VarId sq = b.binary(Op::Mul, r, r);
          d = tmul(dx, b.binary(in.op == Op::Tan ? Op::Add : Op::Sub, b.real(1), sq));
          break;
        }
        case Op::Add: d = tadd(dx, dy); break;
        case Op::Sub: d = tsub(dx, dy); break;
        case Op::Mul: {  // dx y + dy x
          VarId a = tmul(dx, y);
          d = tadd(a, tmul(dy, x));
          break;
        }
        case Op::Div: d = tdiv(tsub(dx, tmul(dy, r)), y); break;  // (dx - dy (x / y)) / y
        case Op::Atan2: {  // (dy x - dx y) / (x² + y²), with y = the first operand
          VarId xx = b.binary(Op::Mul, x, x);
          VarId r2 = b.binary(Op::Add, xx, b.binary(Op::Mul, y, y));
          VarId a = tmul(dx, b.binary(Op::Div, y, r2));
          d = tsub(a, tmul(dy, b.binary(Op::Div, x, r2)));
          break;
        }
        case Op::Pow:  // dx y x^(y-1) + dy x^y log x   (the log term is 0 where x = 0)
          if (dx.valid()) d = tmul(dx, b.binary(Op::Mul, y, b.binary(Op::Pow, x, b.binary(Op::Sub, y, b.real(1)))));
          if (dy.valid()) {
            VarId at0 = b.binary(Op::Eq, x, b.real(0));
            VarId safe = b.select(at0, b.real(1), x);
            d = tadd(d, tmul(dy, b.binary(Op::Mul, r, b.unary(Op::Log, safe))));
          }
          break;
        case Op::Min: case Op::Max: {  // the tangent of the operand chosen (the first on ties)
          VarId second = b.binary(in.op == Op::Min ? Op::Lt : Op::Gt, y, x);
          d = b.select(second, or_zero(dy), or_zero(dx));
          break;
        }
        default: break;  // sign ceil floor trunc: piecewise constant, d = 0
      }
    }
    set_scalar(in.var, r, d);
    return true;
  }

  bool instr(const Instr& in) {
    if (b.failed()) return false;
    VarId v = in.var;
    TyId t = ty(v);
    auto S = [&](uint32_t x) -> const Slot& { return slot[x]; };
    // The cases that break re-emit the instruction: on its operands' duals
    // where `dual` is set, otherwise unchanged.
    bool dual = false;
    switch (in.op) {
      // Data with no reals in it, and discrete ops.
      case Op::Unit: case Op::Bool: case Op::Fin: case Op::Zero: case Op::Not: case Op::IMod: case Op::And: case Op::Or:
      case Op::Iff: case Op::Xor: case Op::INeq: case Op::ILt: case Op::ILeq: case Op::IEq: case Op::IGt:
      case Op::IGeq: case Op::IAdd: case Op::Neq: case Op::Lt: case Op::Leq: case Op::Eq: case Op::Gt:
      case Op::Geq:
        break;
      case Op::Real:  // d(c) = 0
        set_prim(v, b.real(in.real()));
        return true;
      case Op::Array: case Op::Tuple: {
        bool all_zero = true;
        for (uint32_t k = 0; k < in.b; k++) all_zero = all_zero && is_zero(S(f.list_item(in, k).i));
        dual = f64(t) && !all_zero;
        break;
      }
      case Op::Index: case Op::Member: dual = S(in.a).form == kDual; break;
      // References to reals always hold duals: adds may bring tangents.
      case Op::Slice: case Op::Field: case Op::Accum: case Op::Resolve: dual = f64(t); break;
      // Accumulation is linear: adding a dual adds both parts.
      case Op::AddTo: dual = f64(ty(VarId(in.b))); break;
      case Op::Select: {
        VarId c = S(in.a).p, th = f.select_then(in), el = f.select_else(in);
        const Slot &st = S(th.i), &se = S(el.i);
        if (!f64(t) || (is_zero(st) && is_zero(se))) break;
        if (!scalar(t)) {
          dual = true;
          break;
        }
        // d(c ? a : b) = c ? da : db
        VarId r = b.select(c, st.p, se.p);
        set_scalar(v, r, b.select(c, or_zero(st.t), or_zero(se.t)));
        return true;
      }
      case Op::Call: return call(in);
      case Op::For: return loop(in);
      case Op::Neg: case Op::Abs: case Op::Sign: case Op::Ceil: case Op::Floor: case Op::Trunc: case Op::Sqrt:
      case Op::Exp: case Op::Log: case Op::Sin: case Op::Cos: case Op::Tan: case Op::Tanh: case Op::Add:
      case Op::Sub: case Op::Mul: case Op::Div: case Op::Atan2: case Op::Pow: case Op::Min: case Op::Max:
        return real_op(in);
    }
    // Lists are declared with their type (a struct keeps its keys).
    if (dual) set_dual(v, dual_copy(in, op_form(in.op) == Form::List ? dual_type(cx, t) : TyId()));
    else set_prim(v, copy(in));
    return true;
  }

  Result<FuncId> run() {
    for (uint8_t g : f.generics) b.generic(g);
    slot.assign(f.vars.size(), Slot());
    for (VarId p : f.params) slot[p.i].p = b.param(dual_type(cx, ty(p)));
    zero = b.real(0, T().tan());
    for (VarId p : f.params) set_dual(p, slot[p.i].p);  // unpacking emits: after every param
    for (const Instr& in : f.blocks[0].code)
      if (!instr(in)) break;
    if (!err.empty()) return Result<FuncId>::fail(err);
    VarId r = b.failed() ? VarId() : dual_of(f.ret);
    return b.finish_pass(r, "jvp", cx.strings.get(f.name));
  }
};

Str sig_str(Context& cx, const Vec<TyId>& ps, TyId r) {
  Str s = "(";
  for (size_t k = 0; k < ps.size(); k++) s += k ? ", " : "", put_type(s, cx, ps[k]);
  s += ") -> ";
  put_type(s, cx, r);
  return s;
}

}  // namespace

Result<FuncId> jvp(Context& cx, FuncId id) {
#ifndef ROSE_WASM  // in the engine: the exports check it, and callees of a live function live
  if (!cx.alive(id)) return Result<FuncId>::fail("jvp of a function that was freed");
#endif
  Func& f = cx.func(id);
  if (f.custom_jvp.valid()) {
    const Func& h = cx.func(f.custom_jvp);
    Vec<TyId> want(f.param_tys.size());
    for (size_t k = 0; k < want.size(); k++) want[k] = dual_type(cx, f.param_tys[k]);
    TyId want_ret = dual_type(cx, f.ret_ty);
    if (h.param_tys != want || h.ret_ty != want_ret || h.generics != f.generics)
      return Result<FuncId>::fail(fmt(cx, "custom JVP @% of @% has signature %, expected %", f.custom_jvp, id,
                                      sig_str(cx, h.param_tys, h.ret_ty), sig_str(cx, want, want_ret)));
    return Result<FuncId>::of(f.custom_jvp);
  }
  if (f.jvp.valid()) return Result<FuncId>::of(f.jvp);
  if (f.opaque) return Result<FuncId>::fail(fmt(cx, "no JVP provided for opaque function @%", id));
  Result<FuncId> raw = Jvp(cx, id).run();  // the pass's tables go before cleanup
  if (!raw.ok()) return raw;
  Result<FuncId> r = cleanup(cx, raw.value);
  if (r.ok()) cx.func(id).jvp = r.value;  // owned by the cache: the pass's reference moves there
  return r;
}

}  // namespace rose
