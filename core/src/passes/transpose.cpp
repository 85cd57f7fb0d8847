// Reverse mode: unzip and transpose a function in JVP form, in one pass.
//
// Linearity is read off the types: a value is linear exactly where its type
// holds `tan`. Each variable splits into a primal part P(T) (tan leaves become
// unit) and a cotangent part C(T) (tan becomes real, real becomes unit, bools
// and fins stay as shape). The dual struct {du: tan, re: real} maps to real on
// both sides, so for every type that jvp produces, P(T) = C(T) = the user's
// type, while user structs that mix tan and real (in custom JVPs) still work.
//
// The result is a pair:
//   fwd: P(params)                          -> (P(ret), tape)
//   bwd: (sinks of params, C(ret), tape)    -> unit
// where a parameter's sink is a reference to add its cotangent into (for a
// reference parameter, the cotangent value of its content instead).
//
// The tape holds exactly the top-level primal values that bwd reads. Inside
// loops nothing is taped: the backward loop recomputes the body's primal
// values, so memory stays proportional to the program, not to its trip
// counts, and after inlining tapes become plain variables. Scalar cotangents
// are plain sums of contributions; only values used inside loops, composites
// and call arguments go through accumulators.
#include "util/vec.h"
#include "util/fmt.h"
#include "ir/builder.h"
#include "ir/print.h"
#include "passes/passes.h"
#include "util/str.h"

namespace rose {

namespace {

enum SinkKind : uint8_t { kNoSink, kOwn, kAlias, kParam };

struct Transposer {
  Context& cx;
  FuncId id;
  const Func& F;
  Builder fw, bw;
  TyId dualT;
  static constexpr uint32_t du_k = Types::kDualDu, re_k = Types::kDualRe;
  Str err;

  // Per variable of F, in one table.
  struct Var {
    uint32_t def_block = 0;
    const Instr* def = nullptr;
    VarId p[2];          // primal value in fwd, in bwd (current scope)
    VarId tape[2];       // a call's callee tape, in fwd and bwd
    VarId hole, hole_tape;  // bwd holes for taped top-level values
    VarId sink;
    uint8_t sink_kind = kNoSink;
    VarId ssa;   // running cotangent sum in the current block, or invalid
    VarId cval;  // references: cotangent of their content
    uint32_t ref_root = UINT32_MAX;  // references: the accum or parameter they derive from
  };
  Vec<Var> vs;
  // Per block of F.
  Vec<uint32_t> parent;
  Vec<Vec<uint32_t>> free_lin;
  Vec<uint8_t> has_lin;
  // The tape: sources in fwd, holes in bwd, in order.
  Vec<VarId> tape_src, tape_hole;
  uint32_t cur = 0;     // the block of F being transposed
  uint32_t region = 0;  // bwd recompute: the block whose body is being recomputed

  Transposer(Context& c, FuncId f)
      : cx(c), id(f), F(c.func(f)), fw(c, derived_name(c, f, "_fwd")), bw(c, derived_name(c, f, "_bwd")) {
    dualT = cx.dual();
  }

  Types& T() { return cx.types; }
  TyId ty(VarId v) const { return F.vars[v.i]; }
  bool lin(TyId t) const { return cx.types.contains(t, Kind::Tan); }
  bool is_ref(TyId t) const { return cx.types.kind(t) == Kind::Ref; }
  bool scalar_cot(TyId t) const { return t == dualT || cx.types.kind(t) == Kind::Tan; }

  // ---- the type maps ----
  TyId P(TyId t) { return map(t, true); }
  TyId C(TyId t) { return map(t, false); }
  TyId map(TyId t, bool primal) {
    TyId r = T().real(), u = T().unit();
    return map_scalars(cx, t, primal ? r : u, primal ? u : r, r);
  }
  // A primal part that carries no information (only units).
  bool trivial(TyId t) {
    Types& Ty = T();
    if (t == dualT) return false;
    switch (Ty.kind(t)) {
      case Kind::Unit: case Kind::Tan: return true;
      case Kind::Ref: return trivial(Ty.inner(t));
      case Kind::Array: return trivial(Ty.elem(t));
      case Kind::Tuple:
        for (uint32_t k = 0; k < Ty.member_count(t); k++)
          if (!trivial(Ty.member(t, k))) return false;
        return true;
      default: return false;
    }
  }
  bool lin_sig(const Func& g) {
    if (lin(g.ret_ty)) return true;
    for (TyId p : g.param_tys)
      if (lin(p)) return true;
    return false;
  }

  // ---- analysis ----
  void scan(uint32_t b) {
    for (const Instr& in : F.blocks[b].code) {
      vs[in.var.i].def_block = b;
      vs[in.var.i].def = &in;
      switch (in.op) {
        case Op::Accum: vs[in.var.i].ref_root = in.var.i; break;
        case Op::Slice: case Op::Field: vs[in.var.i].ref_root = vs[in.a].ref_root; break;
        default: break;
      }
      if (lin(ty(in.var)) || (in.op == Op::AddTo && lin(ty(VarId(in.b)))) ||
          (in.op == Op::Call && lin_sig(cx.func(FuncId(in.b)))))
        has_lin[b] = 1;
      auto use = [&](VarId u) { note_use(u, b); };
      for_each_operand(F, in, use);
      if (in.op == Op::For) {
        const Block& body = F.blocks[in.a];
        parent[in.a] = b;
        vs[body.arg.i].def_block = in.a;
        scan(in.a);
        note_use(body.ret, in.a);
        if (has_lin[in.a]) has_lin[b] = 1;
      }
    }
  }
  void note_use(VarId u, uint32_t b) {
    if (!lin(ty(u)) || is_ref(ty(u))) return;
    for (uint32_t x = b; x != vs[u.i].def_block && x != 0; x = parent[x]) {
      Vec<uint32_t>& fl = free_lin[x];
      if (fl.empty() || fl.back() != u.i) {
        bool seen = false;
        for (uint32_t w : fl) seen = seen || w == u.i;
        if (!seen) fl.push_back(u.i);
      }
    }
  }
  bool within(uint32_t b, uint32_t root) const {
    for (;; b = parent[b]) {
      if (b == root) return true;
      if (b == 0) return false;
    }
  }

  // ---- primal values ----
  // The primal of F-variable x in builder B (fwd or the bwd recompute).
  VarId prim(bool bwd, VarId x) {
    Builder& B = bwd ? bw : fw;
    TyId t = ty(x);
    if (bwd && is_ref(t)) {
      // A reference from outside the recomputed region: its primal effects
      // already happened in fwd, so the recompute writes into a dummy.
      if (vs[x.i].p[bwd].valid() && region && within(vs[vs[x.i].ref_root].def_block, region)) return vs[x.i].p[bwd];
      return B.accum(B.zero(P(T().inner(t))));
    }
    if (vs[x.i].p[bwd].valid() && (!bwd || vs[x.i].def_block != 0)) return vs[x.i].p[bwd];
    if (trivial(t)) return B.zero(P(t));
    if (!bwd) {
      fail(fmt(cx, "fwd reads % before it is defined", x));
      return VarId();
    }
    // A top-level value read by bwd: a literal is recomputed, anything else taped.
    const Instr* d = vs[x.i].def;
    if (d && op_form(d->op) == Form::Lit) return emit_mapped(bw, F, *d, [](VarId v) { return v; }, P(t));
    if (!vs[x.i].hole.valid()) {
      vs[x.i].hole = bw.hole(P(t));
      tape_src.push_back(vs[x.i].p[0]);
      tape_hole.push_back(vs[x.i].hole);
    }
    return vs[x.i].hole;
  }
  VarId bwd_tape(VarId v) {
    if (vs[v.i].def_block != 0) return vs[v.i].tape[1];
    if (!vs[v.i].hole_tape.valid()) {
      vs[v.i].hole_tape = bw.hole(fw.type(vs[v.i].tape[0]));
      tape_src.push_back(vs[v.i].tape[0]);
      tape_hole.push_back(vs[v.i].hole_tape);
    }
    return vs[v.i].hole_tape;
  }

  bool fail(const Str& m) {
    if (err.empty()) err = m;
    return false;
  }

  // Emits the primal part of `in` (fwd, or the recompute inside a bwd loop).
  bool primal(bool bwd, const Instr& in) {
    Builder& B = bwd ? bw : fw;
    VarId v = in.var;
    TyId t = ty(v);
    VarId& out = vs[v.i].p[bwd];  // vs is never resized here
    auto pm = [&](VarId x) { return prim(bwd, x); };
    switch (in.op) {
      case Op::For: {
        const Block& body = F.blocks[in.a];
        VarId i = B.begin_for(ty(body.arg));
        vs[body.arg.i].p[bwd] = i;
        for (const Instr& x : body.code)
          if (!primal(bwd, x)) return false;
        VarId r = pm(body.ret);
        out = B.end_for(r);
        return true;
      }
      case Op::Call: {
        FuncId g(in.b);
        if (!lin_sig(cx.func(g))) {
          out = emit_mapped(B, F, in, pm, P(t));
          return true;
        }
        Result<Transposed> tg = transpose(cx, g);
        if (!tg.ok()) return fail(tg.error);
        Instr c = in;  // the same arguments, to g's fwd
        c.b = tg.value.fwd.i;
        VarId bundle = emit_mapped(B, F, c, pm, TyId());
        out = B.member(bundle, 0);
        vs[v.i].tape[bwd] = B.member(bundle, 1);
        return true;
      }
      case Op::AddTo: {
        if (trivial(ty(VarId(in.b)))) return true;
        VarId r = pm(VarId(in.a));  // before x's primal: one order on every compiler
        B.add_to(r, pm(VarId(in.b)));
        return true;
      }
      default: break;
    }
    if (trivial(t)) return true;
    switch (in.op) {
      case Op::Tuple:
        if (t == dualT) {
          out = pm(F.list_item(in, re_k));
          return true;
        }
        break;
      case Op::Member: case Op::Field: {
        TyId s = ty(VarId(in.a));
        if (in.op == Op::Field) s = T().inner(s);
        if (s == dualT) {  // only .re gets here: .du is trivial
          out = pm(VarId(in.a));
          return true;
        }
        break;
      }
      default: break;
    }
    out = emit_mapped(B, F, in, pm, P(t));
    return !B.failed();
  }

  // ---- cotangents ----
  // The part of `whole` (a sink where `ref`, else a value) that d selects: an
  // element (index or slice d.b) or a member (member or field d.b). A dual's
  // cotangent is that of its .re, which is all of it.
  VarId part(VarId whole, const Instr& d, bool ref) {
    if (d.op == Op::Index || d.op == Op::Slice) {
      VarId i = prim(true, VarId(d.b));
      return bw.binary(ref ? Op::Slice : Op::Index, whole, i);
    }
    TyId s = ty(VarId(d.a));
    if ((d.op == Op::Field ? T().inner(s) : s) == dualT) return whole;
    return ref ? bw.field(whole, d.b) : bw.member(whole, d.b);
  }

  VarId ensure_sink(VarId v) {
    if (vs[v.i].sink.valid()) return vs[v.i].sink;
    if (vs[v.i].def_block != cur) {
      fail(fmt(cx, "internal: no accumulator for % outside its block", v));
      return VarId();
    }
    const Instr* d = vs[v.i].def;
    if (d && ((d->op == Op::Index && lin(ty(VarId(d->a)))) || d->op == Op::Member)) {
      vs[v.i].sink = part(ensure_sink(VarId(d->a)), *d, true);
      vs[v.i].sink_kind = kAlias;
    } else {
      vs[v.i].sink = bw.accum(bw.zero(C(ty(v))));
      vs[v.i].sink_kind = kOwn;
    }
    return vs[v.i].sink;
  }

  void contribute(VarId v, VarId x) {
    if (!x.valid() || !lin(ty(v))) return;
    if (vs[v.i].def_block == cur && scalar_cot(ty(v))) {
      // A running sum: one live value per variable, however many uses it has.
      vs[v.i].ssa = vs[v.i].ssa.valid() ? bw.binary(Op::Add, vs[v.i].ssa, x) : x;
      return;
    }
    VarId s = ensure_sink(v);
    if (s.valid()) bw.add_to(s, x);
  }

  // The whole cotangent of v at its definition, or invalid for zero (always,
  // where v is not linear). For aliases and parameters the contributions flow
  // into the sink instead.
  VarId take_cot(VarId v) {
    VarId sum = vs[v.i].ssa;
    vs[v.i].ssa = VarId();
    switch (vs[v.i].sink_kind) {
      case kNoSink: return sum;
      case kOwn: {
        VarId r = bw.resolve(vs[v.i].sink);
        return sum.valid() ? bw.binary(Op::Add, sum, r) : r;
      }
      case kAlias: case kParam:
        if (sum.valid()) bw.add_to(vs[v.i].sink, sum);
        return VarId();
    }
    return sum;
  }

  // The cotangent of the content of reference r, or invalid for zero.
  VarId cval_of(VarId r) {
    if (vs[r.i].cval.valid()) return vs[r.i].cval;
    const Instr* d = vs[r.i].def;
    if (!d || (d->op != Op::Slice && d->op != Op::Field)) return VarId();
    VarId c = cval_of(VarId(d->a));
    return c.valid() ? part(c, *d, false) : c;
  }

  bool transpose_block(uint32_t b) {
    const Vec<Instr>& code = F.blocks[b].code;
    for (size_t k = code.size(); k-- > 0;)
      if (!transpose_instr(code[k])) return false;
    return !bw.failed();
  }

  bool transpose_call(const Instr& in) {
    FuncId g(in.b);
    const Func& callee = cx.func(g);
    if (!lin_sig(callee)) return true;
    Result<Transposed> tg = transpose(cx, g);
    if (!tg.ok()) return fail(tg.error);
    VarId v = in.var;
    VarId c = take_cot(v);
    uint32_t na = F.call_nargs(in);
    Vec<VarId> cv(na);
    bool any = c.valid();
    for (uint32_t k = 0; k < na; k++) {
      TyId pt = callee.param_tys[k];
      if (lin(pt) && is_ref(pt)) {
        cv[k] = cval_of(F.call_arg(in, k));
        any = any || cv[k].valid();
      }
    }
    if (!any) return true;
    Vec<VarId> args;
    Vec<std::pair<VarId, VarId>> temps;  // (F arg, temporary accumulator)
    for (uint32_t k = 0; k < na; k++) {
      TyId pt = callee.param_tys[k];
      VarId a = F.call_arg(in, k);
      if (!lin(pt)) continue;
      if (is_ref(pt)) {
        args.push_back(cv[k].valid() ? cv[k] : bw.zero(C(T().inner(pt))));
      } else if (vs[a.i].sink.valid() || !scalar_cot(pt) || vs[a.i].def_block != cur) {
        args.push_back(ensure_sink(a));
      } else {
        VarId t = bw.accum(bw.zero(C(pt)));
        temps.push_back({a, t});
        args.push_back(t);
      }
    }
    if (lin(callee.ret_ty)) args.push_back(c.valid() ? c : bw.zero(C(ty(v))));
    args.push_back(bwd_tape(v));
    Vec<TyId> gens = F.call_gens(in);
    bw.call(tg.value.bwd, args, gens);
    for (auto& [a, t] : temps) contribute(a, bw.resolve(t));
    return true;
  }

  bool transpose_loop(const Instr& in) {
    const Block& body = F.blocks[in.a];
    VarId v = in.var;
    if (!has_lin[in.a] && !lin(ty(v))) return true;
    VarId c = take_cot(v);
    for (uint32_t u : free_lin[in.a])
      if (vs[u].def_block == cur) ensure_sink(VarId(u));
    VarId i = bw.begin_for(ty(body.arg));
    uint32_t saved_cur = cur, saved_region = region;
    cur = region = in.a;
    vs[body.arg.i].p[1] = i;
    for (const Instr& x : body.code)
      if (!primal(true, x)) return false;
    region = saved_region;
    if (c.valid()) contribute(body.ret, bw.index(c, i));
    if (!transpose_block(in.a)) return false;
    cur = saved_cur;
    bw.end_for(bw.unit());
    return true;
  }

  bool transpose_instr(const Instr& in) {
    VarId v = in.var;
    TyId t = ty(v);
    switch (in.op) {
      // Literals and nonlinear ops carry no cotangent.
      case Op::Real:
        if (lin(t) && in.real() != 0)
          return fail(fmt(cx, "@% is not linear in its tangents: it has the tan constant % (only 0 is allowed "
                              "where a function is transposed)", id, num_str(in.real())));
        return true;
      case Op::Unit: case Op::Bool: case Op::Fin: case Op::Zero: case Op::Not: case Op::IMod:
      case Op::And: case Op::Or: case Op::Iff: case Op::Xor: case Op::INeq: case Op::ILt: case Op::ILeq:
      case Op::IEq: case Op::IGt: case Op::IGeq: case Op::IAdd: case Op::Abs: case Op::Sign: case Op::Ceil:
      case Op::Floor: case Op::Trunc: case Op::Sqrt: case Op::Exp: case Op::Log: case Op::Sin: case Op::Cos:
      case Op::Tan: case Op::Tanh: case Op::Atan2: case Op::Pow: case Op::Min: case Op::Max: case Op::Neq:
      case Op::Lt: case Op::Leq: case Op::Eq: case Op::Gt: case Op::Geq: case Op::Accum: case Op::Slice:
      case Op::Field:
        return true;
      case Op::Neg: case Op::Add: case Op::Sub: case Op::Mul: case Op::Div: case Op::Select: case Op::Tuple:
      case Op::Array: case Op::Index: case Op::Member:
        break;  // linear in their operands: below
      case Op::AddTo:  // adding x into r: x's cotangent is r's
        if (lin(ty(VarId(in.b)))) contribute(VarId(in.b), cval_of(VarId(in.a)));
        return true;
      case Op::Resolve:  // the cotangent of the resolved value is that of the reference
        vs[in.a].cval = take_cot(v);
        return true;
      case Op::Call: return transpose_call(in);
      case Op::For: return transpose_loop(in);
    }
    VarId c = take_cot(v);
    if (!c.valid()) return true;
    switch (in.op) {
      case Op::Neg:  // (-a)ᵀ c = -c
        contribute(VarId(in.a), bw.unary(Op::Neg, c));
        return true;
      case Op::Add: case Op::Sub:  // (a ± b)ᵀ c = (c, ±c)
        contribute(VarId(in.a), c);
        contribute(VarId(in.b), in.op == Op::Add ? c : bw.unary(Op::Neg, c));
        return true;
      case Op::Mul: case Op::Div:  // (a * s)ᵀ c = c * s; (a / s)ᵀ c = c / s
        contribute(VarId(in.a), bw.binary(in.op, c, prim(true, VarId(in.b))));
        return true;
      case Op::Select: {  // (k ? a : b)ᵀ c = (k ? c : 0, k ? 0 : c)
        VarId k = prim(true, VarId(in.a));
        VarId z = bw.zero(C(t));
        VarId to_then = bw.select(k, c, z);
        contribute(F.select_then(in), to_then);
        contribute(F.select_else(in), bw.select(k, z, c));
        return true;
      }
      case Op::Tuple: case Op::Array:  // (x0, x1, ...)ᵀ c = (c.0, c.1, ...), or c[0], c[1], ...
        if (t == dualT) return contribute(F.list_item(in, du_k), c), true;
        for (uint32_t k = 0; k < in.b; k++) {
          VarId x = F.list_item(in, k);
          if (!lin(ty(x))) continue;
          contribute(x, in.op == Op::Tuple ? bw.member(c, k) : bw.index(c, bw.fin(k, T().index_of(t))));
        }
        return true;
      default: {  // Index, Member (all the switch above sends here): c goes into that part of a's sink
        VarId s(in.a);
        if (ty(s) == dualT) return contribute(s, c), true;
        VarId sk = ensure_sink(s);
        if (sk.valid()) bw.add_to(part(sk, in, true), c);
        return true;
      }
    }
  }

  Result<Transposed> run() {
    vs.assign(F.vars.size(), Var());
    size_t nb = F.blocks.size();
    parent.assign(nb, 0);
    free_lin.assign(nb, {});
    has_lin.assign(nb, 0);
    for (uint8_t g : F.generics) {
      fw.generic(g);
      bw.generic(g);
    }
    // Parameters: primal parts in fwd; sinks, or cotangents of contents, in bwd.
    for (VarId p : F.params) {
      TyId t = ty(p);
      vs[p.i].p[0] = fw.param(P(t));
      if (is_ref(t)) vs[p.i].ref_root = p.i;
      if (!lin(t)) continue;
      if (is_ref(t)) {
        vs[p.i].cval = bw.param(C(T().inner(t)));
      } else {
        vs[p.i].sink = bw.param(T().ref(C(t)));
        vs[p.i].sink_kind = kParam;
      }
    }
    VarId ct = lin(F.ret_ty) ? bw.param(C(F.ret_ty)) : VarId();
    scan(0);
    // fwd: the primal parts, in order.
    for (const Instr& in : F.blocks[0].code)
      if (!primal(false, in)) break;
    // bwd: the transposed linear parts, in reverse.
    if (err.empty() && !fw.failed()) {
      contribute(F.ret, ct);
      transpose_block(0);
      for (VarId p : F.params)
        if (vs[p.i].sink_kind == kParam) take_cot(p);
    }
    if (!err.empty()) return Result<Transposed>::fail(err);
    // The tape: now that bwd has said what it reads. If a builder failed (a bug
    // of this pass), the calls below change nothing and its finish_pass says so.
    Vec<TyId> tts;
    for (VarId h : tape_hole) tts.push_back(bw.type(h));
    TyId tape_ty = T().tuple(tts.data(), uint32_t(tts.size()));
    VarId tape_param = bw.late_param(tape_ty);
    for (uint32_t k = 0; k < tape_hole.size(); k++) {
      Instr m{VarId(), Op::Member};
      m.a = tape_param.i;
      m.b = k;
      bw.define_hole(tape_hole[k], m);
    }
    Result<FuncId> b = bw.finish_pass(bw.unit(), "transpose (bwd)", cx.name(id));
    if (!b.ok()) return Result<Transposed>::fail(b.error);
    VarId tape = fw.tuple(tape_src);
    VarId pr = prim(false, F.ret);
    VarId bundle[2] = {pr, tape};
    Result<FuncId> f = fw.finish_pass(fw.tuple(bundle, 2, TyId()), "transpose (fwd)", cx.name(id));
    if (!f.ok()) {
      cx.release(b.value);
      return Result<Transposed>::fail(f.error);
    }
    return Result<Transposed>::of({f.value, b.value});
  }
};

}  // namespace

Result<Transposed> transpose(Context& cx, FuncId id) {
#ifndef ROSE_WASM  // in the engine: the exports check it, and callees of a live function live
  if (!cx.alive(id)) return Result<Transposed>::fail("transpose of a function that was freed");
#endif
  Func& f = cx.func(id);
  if (f.fwd.valid()) return Result<Transposed>::of({f.fwd, f.bwd});
  if (f.opaque) return Result<Transposed>::fail(fmt(cx, "cannot transpose opaque function @%", id));
  // The pass's tables and each raw function are freed as soon as they are
  // done with: they would otherwise raise the engine's memory high-water mark.
  Result<Transposed> raw = Transposer(cx, id).run();
  if (!raw.ok()) return raw;
  Result<FuncId> fwd = cleanup(cx, raw.value.fwd);
  if (!fwd.ok()) {
    cx.release(raw.value.bwd);
    return Result<Transposed>::fail(fwd.error);
  }
  Result<FuncId> bwd = cleanup(cx, raw.value.bwd);
  if (!bwd.ok()) {
    cx.release(fwd.value);
    return Result<Transposed>::fail(bwd.error);
  }
  Func& g = cx.func(id);  // the cache owns the references the passes handed over
  g.fwd = fwd.value;
  g.bwd = bwd.value;
  return Result<Transposed>::of({fwd.value, bwd.value});
}

Result<Transposed> vjp(Context& cx, FuncId f) {
  Result<FuncId> j = jvp(cx, f);
  if (!j.ok()) return Result<Transposed>::fail(j.error);
  return transpose(cx, j.value);
}

}  // namespace rose
