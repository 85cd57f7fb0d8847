// Dead-code elimination. One backward sweep finds what is needed: the result,
// the operands of needed instructions, and the effects that reach something
// observable. An addto matters only if its accumulator is resolved into a
// needed value or is a reference parameter (the caller sees it); a call
// matters if its result is needed or it adds into such a reference; a loop
// matters if its array is needed or its body has an effect that matters.
// A loop kept only for its effects returns units instead of its old element.
#include "util/vec.h"
#include "util/fmt.h"
#include "ir/builder.h"
#include "passes/passes.h"
#include "util/str.h"

namespace rose {

namespace {

struct Dce {
  Context& cx;
  const Func& F;
  // as_real: retype tans as reals, and call real_of[g] where F calls g.
  const Vec<FuncId>* real_of = nullptr;
  TyId type(VarId v) { return real_of ? retan_real(cx, F.vars[v.i]) : F.vars[v.i]; }
  struct Var {  // per variable of F
    uint8_t live = 0, root_live = 0, keep = 0;
    uint32_t root = UINT32_MAX;  // references: the accum or parameter they derive from
    const Instr* def = nullptr;
    VarId map;  // its copy
  };
  Vec<Var> vs;
  bool changed = false;  // the sweep drops an instruction or a loop's result

  bool is_ref(VarId v) const { return cx.types.kind(F.vars[v.i]) == Kind::Ref; }
  void roots(uint32_t b) {
    for (const Instr& in : F.blocks[b].code) {
      vs[in.var.i].def = &in;
      if (in.op == Op::Accum) vs[in.var.i].root = in.var.i;
      else if (in.op == Op::Slice || in.op == Op::Field) vs[in.var.i].root = vs[in.a].root;
      else if (in.op == Op::For) roots(in.a);
    }
  }
  bool root_is_live(VarId r) const { return vs[r.i].root != UINT32_MAX && vs[vs[r.i].root].root_live; }

  // Returns whether any instruction of the block is kept.
  bool sweep(uint32_t b) {
    const Vec<Instr>& code = F.blocks[b].code;
    bool any = false;
    for (size_t k = code.size(); k-- > 0;) {
      const Instr& in = code[k];
      VarId v = in.var;
      bool need = vs[v.i].live;
      switch (in.op) {
        case Op::AddTo: need = root_is_live(VarId(in.a)); break;
        case Op::Resolve:
          if (need) vs[in.a].root_live = 1;
          break;
        case Op::Call:
          for (uint32_t j = 0, n = F.call_nargs(in); j < n; j++) {
            VarId a = F.call_arg(in, j);
            need = need || (is_ref(a) && root_is_live(a));
          }
          break;
        case Op::For: {
          const Block& body = F.blocks[in.a];
          if (vs[v.i].live) vs[body.ret.i].live = 1;
          bool effects = sweep(in.a);
          need = vs[v.i].live || effects;
          break;
        }
        default: break;
      }
      changed = changed || !need || (in.op == Op::For && !vs[v.i].live);
      if (!need) continue;
      vs[v.i].keep = 1;  // vs[v].live stays as it was: a loop kept for its effects has no needed result
      any = true;
      for_each_operand(F, in, [&](VarId x) { vs[x.i].live = 1; });
    }
    return any;
  }

  // ---- rebuilding ----
  bool copy(Builder& b, uint32_t blk) {
    for (const Instr& in : F.blocks[blk].code) {
      if (!vs[in.var.i].keep) continue;
      if (in.op == Op::For) {
        const Block& body = F.blocks[in.a];
        vs[body.arg.i].map = b.begin_for(F.vars[body.arg.i]);
        if (!copy(b, in.a)) return false;
        VarId r = vs[in.var.i].live ? vs[body.ret.i].map : b.unit();
        vs[in.var.i].map = b.end_for(r);
      } else {
        Instr c = in;
        if (real_of && in.op == Op::Call) c.b = (*real_of)[in.b].i;
        vs[in.var.i].map = emit_mapped(b, F, c, [&](VarId x) { return vs[x.i].map; }, type(in.var));
      }
      if (!vs[in.var.i].map.valid()) return false;
    }
    return true;
  }

  Result<FuncId> run(const Str& name, FuncId self = FuncId()) {
    size_t n = F.vars.size();
    vs.assign(n, Var());
    for (VarId p : F.params)
      if (is_ref(p)) vs[p.i].root = p.i, vs[p.i].root_live = 1;
    roots(0);
    vs[F.ret.i].live = 1;
    sweep(0);
    // Most functions simplify leaves behind have nothing dead: no copy then.
    if (self.valid() && !changed) return cx.retain(self), Result<FuncId>::of(self);
    Builder b(cx, name);
    for (uint8_t g : F.generics) b.generic(g);
    for (VarId p : F.params) vs[p.i].map = b.param(type(p));
    copy(b, 0);
    return b.finish_pass(vs[F.ret.i].map, "dce", name);
  }
};

}  // namespace

Result<FuncId> dce(Context& cx, FuncId f) {
#ifndef ROSE_WASM  // in the engine only the passes call it, on live transparent functions
  if (!cx.alive(f) || cx.func(f).opaque) return Result<FuncId>::fail("dce needs a transparent function");
#endif
  Dce d{cx, cx.func(f)};
  return d.run(cx.name(f), f);
}

Result<FuncId> dce_as_real(Context& cx, FuncId f, const Vec<FuncId>& real_of) {
  Dce d{cx, cx.func(f), &real_of};
  return d.run(cx.name(f));
}

}  // namespace rose
