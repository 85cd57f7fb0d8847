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
  Vec<uint8_t> live, root_live, keep;
  Vec<uint32_t> root;
  Vec<const Instr*> def;

  bool is_ref(VarId v) const { return cx.types.kind(F.vars[v.i]) == Kind::Ref; }
  void roots(uint32_t b) {
    for (const Instr& in : F.blocks[b].code) {
      def[in.var.i] = &in;
      if (in.op == Op::Accum) root[in.var.i] = in.var.i;
      else if (in.op == Op::Slice || in.op == Op::Field) root[in.var.i] = root[in.a];
      else if (in.op == Op::For) roots(in.a);
    }
  }
  bool root_is_live(VarId r) const { return root[r.i] != UINT32_MAX && root_live[root[r.i]]; }

  // Returns whether any instruction of the block is kept.
  bool sweep(uint32_t b) {
    const Vec<Instr>& code = F.blocks[b].code;
    bool any = false;
    for (size_t k = code.size(); k-- > 0;) {
      const Instr& in = code[k];
      VarId v = in.var;
      bool need = live[v.i];
      switch (in.op) {
        case Op::AddTo: need = root_is_live(VarId(in.a)); break;
        case Op::Resolve:
          if (need) root_live[in.a] = 1;
          break;
        case Op::Call:
          for (uint32_t j = 0, n = F.call_nargs(in); j < n; j++) {
            VarId a = F.call_arg(in, j);
            need = need || (is_ref(a) && root_is_live(a));
          }
          break;
        case Op::For: {
          const Block& body = F.blocks[in.a];
          if (live[v.i]) live[body.ret.i] = 1;
          bool effects = sweep(in.a);
          need = live[v.i] || effects;
          break;
        }
        default: break;
      }
      if (!need) continue;
      keep[v.i] = 1;  // live[v] stays as it was: a loop kept for its effects has no needed result
      any = true;
      for_each_operand(F, in, [&](VarId x) { live[x.i] = 1; });
    }
    return any;
  }

  // ---- rebuilding ----
  Vec<VarId> map;
  bool copy(Builder& b, uint32_t blk) {
    for (const Instr& in : F.blocks[blk].code) {
      if (!keep[in.var.i]) continue;
      if (in.op == Op::For) {
        const Block& body = F.blocks[in.a];
        map[body.arg.i] = b.begin_for(F.vars[body.arg.i]);
        if (!copy(b, in.a)) return false;
        VarId r = live[in.var.i] ? map[body.ret.i] : b.unit();
        map[in.var.i] = b.end_for(r);
      } else {
        TyId t = F.vars[in.var.i];
        map[in.var.i] = emit_mapped(b, F, in, [&](VarId x) { return map[x.i]; }, t);
      }
      if (!map[in.var.i].valid()) return false;
    }
    return true;
  }

  Result<FuncId> run(const Str& name) {
    size_t n = F.vars.size();
    live.assign(n, 0);
    root_live.assign(n, 0);
    keep.assign(n, 0);
    root.assign(n, UINT32_MAX);
    def.assign(n, nullptr);
    map.assign(n, VarId());
    for (VarId p : F.params)
      if (is_ref(p)) root[p.i] = p.i, root_live[p.i] = 1;
    roots(0);
    live[F.ret.i] = 1;
    sweep(0);
    Builder b(cx, name);
    for (uint8_t g : F.generics) b.generic(g);
    for (VarId p : F.params) map[p.i] = b.param(F.vars[p.i]);
    copy(b, 0);
    if (b.failed()) return Result<FuncId>::fail(fmt(cx, "internal error in dce of @%: %", name, b.error()));
    return b.finish(map[F.ret.i]);
  }
};

}  // namespace

Result<FuncId> dce(Context& cx, FuncId f) {
  if (!cx.alive(f) || cx.func(f).opaque) return Result<FuncId>::fail("dce needs a transparent function");
  Dce d{cx, cx.func(f)};
  return d.run(cx.name(f));
}

Result<FuncId> cleanup(Context& cx, FuncId raw) {
  Result<FuncId> s = simplify(cx, raw);
  cx.release(raw);  // consumed: freed before dce builds a third copy
  if (!s.ok()) return s;
  Result<FuncId> d = dce(cx, s.value);
  cx.release(s.value);
  if (d.ok()) cx.func(d.value).clean = true;
  return d;
}

}  // namespace rose
