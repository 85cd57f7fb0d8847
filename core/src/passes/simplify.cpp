// Local simplification in one forward sweep: literals are hoisted to the top
// of the function and deduplicated, pure instructions are hash-consed (CSE)
// against everything in scope, exact IEEE operations on constants are folded,
// and projections of known tuples and arrays are forwarded.
//
// The optimizer also has it inline calls on the way (the callee's body is
// swept in place of the call, its parameters bound to the mapped arguments)
// and point the other calls at optimized copies: one copy of the function
// instead of one for inlining and one for simplifying.
//
// Transcendental ops are never folded: the engine's libm and the host's Math
// may differ in the last bit, and a constant must not change a result.
#include <cmath>

#include "util/vec.h"
#include "util/fmt.h"
#include "ir/scalar.h"
#include "ir/builder.h"
#include "passes/passes.h"
#include "util/hash.h"

namespace rose {

namespace {

// 16 bytes, one per new variable: the kinds use disjoint fields. Besides
// values, it records the definitions that later rewrites look for.
struct Known {
  enum Kind : uint8_t { None, RealK, FinK, BoolK, List, MemberK, NegK, NotK } kind = None;
  uint32_t u = 0;  // FinK, BoolK: the value; List: its first item in `lists`; MemberK, NegK, NotK: the operand
  union {
    double x = 0;    // RealK
    uint32_t count;  // List: its item count; MemberK: the member index
  };
};

struct Simplifier {
  Context& cx;
  const Func* src;  // the function being swept: the input, or a callee being inlined
  Builder b;
  Vec<VarId>* map;  // src's variables -> new ones
  const Vec<uint8_t>* inline_mask = nullptr;
  const Vec<FuncId>* target = nullptr;
  Vec<Known> known;        // per new variable
  Vec<VarId> lists;        // elements of known tuples and arrays
  Vec<uint32_t> def_block; // per new variable: its block (for CSE scope)
  Vec<uint8_t> block_open; // per new block
  Vec<uint32_t> open;      // open new blocks
  // CSE entries: an instruction signature and its variable.
  struct Entry {
    VarId var;
    uint32_t block;
    Op op;
    TyId ty;
    uint32_t a, b;
    uint32_t extra, count;  // operands in `sigs`
  };
  Vec<Entry> entries;
  Vec<uint32_t> sigs;
  Vec<uint32_t> ops_;  // instr's operand list, kept between instructions: no allocation per instruction
  HashIndex cse;

  Simplifier(Context& c, FuncId id) : cx(c), src(&c.func(id)), b(c, c.name(id)) {}

  Types& T() { return cx.types; }
  VarId m(VarId v) const { return (*map)[v.i]; }
  // Variables without a noted fact (including ids past the table) are unknown.
  const Known unknown{};
  const Known& k(VarId nv) { return nv.valid() && nv.i < known.size() ? known[nv.i] : unknown; }

  void note(VarId nv, const Known& kn) {
    if (nv.i >= known.size()) known.resize(nv.i + 1);
    known[nv.i] = kn;
  }

  // Records the block a new variable lives in (holes live in the body).
  void placed(VarId nv, bool hoisted) {
    if (nv.i >= def_block.size()) def_block.resize(nv.i + 1, 0);
    def_block[nv.i] = hoisted ? 0 : open.back();
  }

  uint64_t sig_hash(const Instr& in, TyId t, const Vec<uint32_t>& ops) {
    uint64_t h = hash_mix(hash_mix(hash_mix(uint64_t(in.op), t.i), in.a), in.b);
    for (uint32_t o : ops) h = hash_mix(h, o);
    return h;
  }

  // A literal, hoisted to the top, once per value and type; its value is noted.
  const Vec<uint32_t> no_ops_;
  VarId literal(const Instr& in, TyId t) {
    VarId nv = lookup(in, t, no_ops_);
    if (!nv.valid()) {
      nv = b.hole(t);
      b.define_hole(nv, in);
      if (!nv.valid()) return nv;
      placed(nv, true);
      remember(nv, in, t, no_ops_);
    }
    Known kn;
    kn.kind = in.op == Op::Real ? Known::RealK : in.op == Op::Bool ? Known::BoolK : in.op == Op::Fin ? Known::FinK
                                                                                                : Known::None;
    if (in.op == Op::Real) kn.x = in.real();
    else kn.u = in.a;
    note(nv, kn);
    return nv;
  }
  VarId lit_real(double x, TyId t) {
    Instr in{VarId(), Op::Real};
    in.set_real(x);
    return literal(in, t);
  }
  VarId lit_int(Op op, uint32_t x, TyId t) {  // bool or fin
    Instr in{VarId(), op};
    in.a = x;
    return literal(in, t);
  }
  VarId lit_bool(bool x) { return lit_int(Op::Bool, x, T().boolean()); }

  bool real_of(VarId nv, double& x) {
    if (k(nv).kind != Known::RealK) return false;
    x = k(nv).x;
    return true;
  }
  bool is_real(VarId nv, double x) {
    double y;
    return real_of(nv, y) && y == x && std::signbit(y) == std::signbit(x);
  }

  // Whether comparison `op` holds for operands ordered as `order` (0 less,
  // 1 equal, 2 greater, 3 unordered). Both families run neq lt leq eq gt geq.
  static bool compares(Op op, Op first, unsigned order) {
    static const uint8_t kHolds[] = {0b1101, 0b0001, 0b0011, 0b0010, 0b0100, 0b0110};
    static_assert(uint32_t(Op::Geq) - uint32_t(Op::Neq) == 5 && uint32_t(Op::IGeq) - uint32_t(Op::INeq) == 5 &&
                      uint32_t(Op::Eq) - uint32_t(Op::Neq) == 3 && uint32_t(Op::IEq) - uint32_t(Op::INeq) == 3,
                  "both comparison families follow ops.def's order");
    return kHolds[uint32_t(op) - uint32_t(first)] >> order & 1;
  }

  // The exact IEEE result of real op `op` on x (and y); false for other ops.
  static bool real_result(Op op, double x, double y, double& r) {
    switch (op) {
      case Op::Neg: r = -x; break;
      case Op::Abs: r = std::fabs(x); break;
      case Op::Sign: r = sign_of(x); break;
      case Op::Ceil: r = std::ceil(x); break;
      case Op::Floor: r = std::floor(x); break;
      case Op::Trunc: r = std::trunc(x); break;
      case Op::Sqrt: r = std::sqrt(x); break;
      case Op::Add: r = x + y; break;
      case Op::Sub: r = x - y; break;
      case Op::Mul: r = x * y; break;
      case Op::Div: r = x / y; break;
      case Op::Min: r = min_of(x, y); break;
      case Op::Max: r = max_of(x, y); break;
      default: return false;
    }
    return true;
  }

  // Folds an op whose operands are known constants (exact IEEE ops only).
  VarId fold(const Instr& in, VarId a, VarId c, TyId t) {
    double x = 0, y = 0, r;  // x and y are read only when known (ka, kc)
    bool ka = real_of(a, x), kc = c.valid() && real_of(c, y);
    if (real_result(in.op, x, y, r)) return ka && (kc || !c.valid()) ? lit_real(r, t) : VarId();
    const Known &A = k(a), &C = k(c);
    switch (in.op) {
      case Op::Lt: case Op::Leq: case Op::Gt: case Op::Geq: case Op::Eq: case Op::Neq:
        if (!(ka && kc)) return VarId();
        return lit_bool(compares(in.op, Op::Neq, x < y ? 0 : x == y ? 1 : x > y ? 2 : 3));
      case Op::Not: return A.kind == Known::BoolK ? lit_bool(!A.u) : VarId();
      case Op::And: case Op::Or: case Op::Iff: case Op::Xor: {  // truth tables, bit 2a + c
        static const uint8_t kTruth[] = {0b1000, 0b1110, 0b1001, 0b0110};
        static_assert(uint32_t(Op::Xor) - uint32_t(Op::And) == 3, "and or iff xor follow ops.def");
        if (A.kind != Known::BoolK || C.kind != Known::BoolK) return VarId();
        return lit_bool(kTruth[uint32_t(in.op) - uint32_t(Op::And)] >> ((A.u != 0) * 2 + (C.u != 0)) & 1);
      }
      case Op::INeq: case Op::ILt: case Op::ILeq: case Op::IEq: case Op::IGt: case Op::IGeq:
        if (A.kind != Known::FinK || C.kind != Known::FinK) return VarId();
        return lit_bool(compares(in.op, Op::INeq, A.u < C.u ? 0 : A.u == C.u ? 1 : 2));
      case Op::IMod:
        return A.kind == Known::FinK ? lit_int(Op::Fin, A.u % T().fin_size(t), t) : VarId();
      case Op::IAdd:  // an overflow must still fail at run time: fold only in range
        if (A.kind == Known::FinK && C.kind == Known::FinK && uint64_t(A.u) + C.u < T().fin_size(t))
          return lit_int(Op::Fin, A.u + C.u, t);
        return VarId();
      default: return VarId();
    }
  }

  // Identities that hold for every IEEE value, signed zeros included.
  VarId identity(const Instr& in, VarId a, VarId c) {
    switch (in.op) {
      case Op::Mul:  // x * 1 = x; 1 * x = x when both are reals (a tangent may only be on the left)
        if (is_real(c, 1)) return a;
        return is_real(a, 1) && T().kind(b.type(c)) == Kind::Real && b.type(a) == b.type(c) ? c : VarId();
      case Op::Div: return is_real(c, 1) ? a : VarId();
      case Op::Add: return is_real(c, -0.0) ? a : is_real(a, -0.0) ? c : VarId();
      case Op::Sub: return is_real(c, 0.0) ? a : VarId();
      default: return VarId();
    }
  }

  bool pure(const Instr& in) const {
    const Func& F = *src;
    switch (in.op) {
      case Op::Accum: case Op::AddTo: case Op::Resolve: case Op::For: return false;
      case Op::Call:
        for (uint32_t k2 = 0, n = F.call_nargs(in); k2 < n; k2++)
          if (cx.types.kind(F.vars[F.call_arg(in, k2).i]) == Kind::Ref) return false;
        return true;
      default: return true;
    }
  }

  bool instr(const Instr& in) {
    const Func& F = *src;
    TyId t = F.vars[in.var.i];
    VarId& out = (*map)[in.var.i];
    const Form form = op_form(in.op);
    switch (form) {
      case Form::Lit: out = literal(in, t); return out.valid();
      case Form::For: {
        const Block& body = F.blocks[in.a];
        // for i { x = index a i; ret x } is a itself (arrays are values): the
        // derivative passes make such copies, and each costs a loop per call.
        if (body.code.size() == 1) {
          const Instr& x = body.code[0];
          if (x.op == Op::Index && x.b == body.arg.i && body.ret == x.var && F.vars[x.a] == t) {
            out = m(VarId(x.a));
            return out.valid();
          }
        }
        VarId i = b.begin_for(F.vars[body.arg.i]);
        uint32_t nb = uint32_t(b.func().blocks.size() - 1);
        if (nb >= block_open.size()) block_open.resize(nb + 1, 0);
        block_open[nb] = 1;
        open.push_back(nb);
        (*map)[body.arg.i] = i;
        placed(i, false);
        for (const Instr& x : body.code)
          if (!instr(x)) return false;
        VarId r = m(body.ret);
        open.pop_back();
        block_open[nb] = 0;
        out = b.end_for(r);
        placed(out, false);
        return out.valid();
      }
      default: break;
    }
    if (in.op == Op::Call && inlinable(FuncId(in.b))) return inline_call(in, out);
    // Operands in the new function.
    bool has_a = form == Form::Pair || form == Form::Unary || form == Form::VarImm || form == Form::Select;
    VarId a = has_a ? m(VarId(in.a)) : VarId();
    VarId c = form == Form::Pair ? m(VarId(in.b)) : VarId();
    switch (in.op) {
      case Op::Member: case Op::Index: {  // projections of known tuples and arrays
        const Known& kn = k(a);
        uint32_t idx = in.op == Op::Member ? in.b : (k(c).kind == Known::FinK ? k(c).u : UINT32_MAX);
        if (kn.kind == Known::List && idx < kn.count) {
          out = lists[kn.u + idx];
          return true;
        }
        break;
      }
      case Op::Tuple: {  // tuple(x.0, x.1, ...) of x's own type is x
        VarId whole;
        for (uint32_t j = 0; j < in.b; j++) {
          const Known& d = k(m(F.list_item(in, j)));
          if (d.kind != Known::MemberK || d.count != j || (j && VarId(d.u) != whole)) {
            whole = VarId();
            break;
          }
          whole = VarId(d.u);
        }
        if (whole.valid() && b.type(whole) == t) return out = whole, true;
        break;
      }
      case Op::Select: {
        VarId th = m(F.select_then(in)), el = m(F.select_else(in));
        if (th == el) return out = th, true;
        if (k(a).kind == Known::BoolK) return out = k(a).u ? th : el, true;
        break;
      }
      default: break;
    }
    if (form == Form::Unary || form == Form::Pair) {  // (fold and identity pass the other ops of these forms by)
      VarId f = fold(in, a, c, t);
      if (!f.valid()) f = identity(in, a, c);
      if (f.valid()) return out = f, true;
      if (in.op == Op::Neg || in.op == Op::Not) {  // -(-x) = x, !!x = x
        const Known& d = k(a);
        if (d.kind == (in.op == Op::Neg ? Known::NegK : Known::NotK)) return out = VarId(d.u), true;
      }
    }
    // Re-emit with mapped operands, through CSE when pure.
    Instr nin = in;
    Vec<uint32_t>& ops = ops_;  // nothing below re-enters instr while ops is in use
    ops.clear();
    switch (form) {
      case Form::Pair: nin.a = a.i; nin.b = c.i; break;
      case Form::Unary: case Form::VarImm: nin.a = a.i; break;
      case Form::Select:
        nin.a = a.i;
        ops.push_back(m(F.select_then(in)).i);
        ops.push_back(m(F.select_else(in)).i);
        break;
      case Form::List:
        for (uint32_t k2 = 0; k2 < in.b; k2++) ops.push_back(m(F.list_item(in, k2)).i);
        break;
      case Form::Call:
        ops.push_back(F.call_ngen(in));
        for (uint32_t k2 = 0; k2 < F.call_ngen(in); k2++) ops.push_back(F.call_gen(in, k2).i);
        for (uint32_t k2 = 0; k2 < F.call_nargs(in); k2++) ops.push_back(m(F.call_arg(in, k2)).i);
        nin.a = 0;
        nin.b = retarget(FuncId(in.b)).i;
        break;
      default: break;
    }
    bool p = pure(in);
    // Look up before materializing pool entries.
    VarId found = p ? lookup(nin, t, ops) : VarId();
    if (found.valid()) return out = found, true;
    // Emit from the original instruction (its pooled operands are written as
    // the builder expects); a call goes to its retargeted callee.
    Instr re = in;
    re.b = in.op == Op::Call ? nin.b : in.b;
    out = emit_mapped(b, F, re, [&](VarId x) { return m(x); }, t);
    if (!out.valid()) return false;
    placed(out, false);
    if (p) remember(out, nin, t, ops);
    // The facts that later rewrites look for.
    Known kn;
    kn.u = nin.a;
    kn.count = nin.b;
    switch (in.op) {
      case Op::Tuple: case Op::Array:
        kn.kind = Known::List;
        kn.u = uint32_t(lists.size());
        for (uint32_t o : ops) lists.push_back(VarId(o));
        break;
      case Op::Member: kn.kind = Known::MemberK; break;
      case Op::Neg: kn.kind = Known::NegK; break;
      case Op::Not: kn.kind = Known::NotK; break;
      default: return true;
    }
    note(out, kn);
    return true;
  }

  // Signature lookups for instructions whose pool entries are not yet written.
  Instr key(const Instr& in) const {
    Instr k2 = in;
    Form f = op_form(in.op);  // pool positions are no part of the signature
    if (f == Form::List || f == Form::Call) k2.a = 0;
    if (f == Form::Select) k2.b = 0;
    return k2;
  }
  VarId lookup(const Instr& in, TyId t, const Vec<uint32_t>& ops) {
    Instr k2 = key(in);
    uint64_t h = sig_hash(k2, t, ops);
    uint32_t found = cse.find(h, [&](uint32_t e) {
      const Entry& x = entries[e];
      if (x.op != k2.op || x.ty != t || x.a != k2.a || x.b != k2.b || x.count != ops.size()) return false;
      if (!block_open[x.block]) return false;
      for (uint32_t i = 0; i < x.count; i++)
        if (sigs[x.extra + i] != ops[i]) return false;
      return true;
    });
    return found == HashIndex::kEmpty ? VarId() : entries[found].var;
  }
  void remember(VarId nv, const Instr& in, TyId t, const Vec<uint32_t>& ops) {
    Instr k2 = key(in);
    entries.push_back({nv, def_block[nv.i], k2.op, t, k2.a, k2.b, uint32_t(sigs.size()), uint32_t(ops.size())});
    for (uint32_t o : ops) sigs.push_back(o);
    cse.insert(sig_hash(k2, t, ops), uint32_t(entries.size() - 1));
  }

  FuncId retarget(FuncId g) const { return target && g.i < target->size() && (*target)[g.i].valid() ? (*target)[g.i] : g; }
  bool inlinable(FuncId g) const {
    return inline_mask && g.i < inline_mask->size() && (*inline_mask)[g.i] && !cx.func(g).opaque &&
           cx.func(g).generics.empty();
  }
  // Sweeps the callee's body in place of the call.
  bool inline_call(const Instr& in, VarId& out) {
    const Func& g = cx.func(retarget(FuncId(in.b)));
    Vec<VarId> inner(g.vars.size());
    for (uint32_t k = 0; k < g.params.size(); k++) inner[g.params[k].i] = m(src->call_arg(in, k));
    const Func* caller = src;
    Vec<VarId>* caller_map = map;
    src = &g, map = &inner;
    bool ok = true;
    for (const Instr& x : g.blocks[0].code)
      if (!(ok = instr(x))) break;
    out = ok ? m(g.ret) : VarId();
    src = caller, map = caller_map;
    return out.valid();
  }

  Result<FuncId> run() {
    const Func& F = *src;
    block_open.assign(1, 1);
    open.push_back(0);
    Vec<VarId> top(F.vars.size());
    map = &top;
    for (uint8_t g : F.generics) b.generic(g);
    for (VarId p : F.params) {
      top[p.i] = b.param(F.vars[p.i]);
      placed(top[p.i], true);
    }
    for (const Instr& in : F.blocks[0].code)
      if (!instr(in)) break;
    return b.finish_pass(m(F.ret), "simplify", cx.strings.get(F.name));
  }
};

}  // namespace

Result<FuncId> simplify(Context& cx, FuncId f) { return simplify_inlining(cx, f, nullptr, nullptr); }

Result<FuncId> simplify_inlining(Context& cx, FuncId f, const Vec<uint8_t>* mask, const Vec<FuncId>* target) {
#ifndef ROSE_WASM  // in the engine only the passes call it, on live transparent functions
  if (!cx.alive(f) || cx.func(f).opaque) return Result<FuncId>::fail("simplify needs a transparent function");
#endif
  Simplifier s(cx, f);
  s.inline_mask = mask, s.target = target;
  return s.run();
}

}  // namespace rose
