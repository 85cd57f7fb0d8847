// Inlining: a call to a callee the mask selects is replaced by a copy of the
// callee's body, its parameters bound to the arguments. Every other call is
// retargeted through `target` (the optimizer points calls at optimized copies).
#include "ir/builder.h"
#include "passes/passes.h"
#include "util/fmt.h"

namespace rose {

namespace {

struct Inliner {
  Context& cx;
  Builder& b;
  const Vec<uint8_t>& mask;
  const Vec<FuncId>& target;

  FuncId retarget(FuncId g) const { return g.i < target.size() && target[g.i].valid() ? target[g.i] : g; }
  bool inlinable(FuncId g) const {
    return g.i < mask.size() && mask[g.i] && !cx.func(g).opaque && cx.func(g).generics.empty();
  }

  // Copies a block of `src` into the builder; `map` maps src variables.
  bool copy(const Func& src, uint32_t blk, Vec<VarId>& map) {
    for (const Instr& in : src.blocks[blk].code) {
      VarId& out = map[in.var.i];
      if (in.op == Op::For) {
        const Block& body = src.blocks[in.a];
        map[body.arg.i] = b.begin_for(src.vars[body.arg.i]);
        if (!copy(src, in.a, map)) return false;
        out = b.end_for(map[body.ret.i]);
      } else if (in.op == Op::Call && inlinable(FuncId(in.b))) {
        const Func& g = cx.func(retarget(FuncId(in.b)));
        Vec<VarId> inner(g.vars.size());
        for (uint32_t k = 0; k < g.params.size(); k++) inner[g.params[k].i] = map[src.call_arg(in, k).i];
        if (!copy(g, 0, inner)) return false;
        out = inner[g.ret.i];
      } else {
        Instr in2 = in;
        if (in.op == Op::Call) in2.b = retarget(FuncId(in.b)).i;
        out = emit_mapped(b, src, in2, [&](VarId x) { return map[x.i]; }, src.vars[in.var.i]);
      }
      if (!out.valid()) return false;
    }
    return true;
  }
};

}  // namespace

Result<FuncId> inline_calls(Context& cx, FuncId f, const Vec<uint8_t>& mask, const Vec<FuncId>& target) {
  if (!cx.alive(f) || cx.func(f).opaque) return Result<FuncId>::fail("inline needs a transparent function");
  const Func& F = cx.func(f);
  Builder b(cx, cx.name(f));
  for (uint8_t g : F.generics) b.generic(g);
  Vec<VarId> map(F.vars.size());
  for (VarId p : F.params) map[p.i] = b.param(F.vars[p.i]);
  Inliner in{cx, b, mask, target};
  in.copy(F, 0, map);
  if (b.failed()) return Result<FuncId>::fail(fmt(cx, "internal error in inline of @%: %", f, b.error()));
  return b.finish(map[F.ret.i]);
}

}  // namespace rose
