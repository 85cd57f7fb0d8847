// The pipeline before code generation, run on a function and everything it
// calls, callees first: cleanup (simplify then dce), inlining small callees
// (and callees called from one place, like a gradient's fwd and bwd, whose
// tape then becomes plain values) on the way. It works on copies: the user's
// functions, and the IR they print, stay as they were.
#include "passes/passes.h"

namespace rose {

namespace {

// Measured on unrolled circle packing and the robot demo: 2,000 ran as fast as
// 20,000 and faster than no limit (V8 handles 100k-instruction functions poorly).
constexpr uint64_t kInlineBudget = 2000;

uint32_t size_of(const Func& f) {
  uint32_t n = 0;
  for (const Block& b : f.blocks) n += b.code.size();
  return n;
}

}  // namespace

Result<FuncId> optimize(Context& cx, FuncId root) {
  using R = Result<FuncId>;
  // Callee-first order of the transparent functions, and call-site counts.
  uint32_t ids;
  Vec<FuncId> order = reachable(cx, root, false, &ids);
  Vec<uint32_t> sites(ids, 0);
  for (FuncId g : order)
    for (const Block& b : cx.func(g).blocks)
      for (const Instr& in : b.code)
        if (in.op == Op::Call) sites[in.b]++;
  Vec<FuncId> opt(ids);
  // Per-callee tables, indexed by function id, reset after each caller: a
  // program of many small functions (Penrose's) must not cost callers × ids.
  Vec<uint8_t> m(ids, 0);
  Vec<uint32_t> here(ids, 0);
  R r;
  for (FuncId g : order) {
    // Small callees are inlined while the caller stays under a budget: past it,
    // calls keep the code compact, which compiles faster and runs as fast.
    if (cx.func(g).opaque) continue;
    Vec<FuncId> cs = callees(cx.func(g));  // the budget goes to the first called first
    uint64_t size = 0;
    for (const Block& b : cx.func(g).blocks) {
      size += b.code.size();
      for (const Instr& in : b.code)
        if (in.op == Op::Call && opt[in.b].valid()) here[in.b]++;
    }
    // A clean function that inlines nothing and whose callees are their own
    // optimized copies (a derivative pass's fwd or bwd) is its own copy.
    bool same = cx.func(g).clean;
    for (FuncId cf : cs) {
      uint32_t c = cf.i;
      if (!here[c]) continue;
      uint32_t n = size_of(cx.func(opt[c]));
      if (sites[c] == 1 && n <= 20000) m[c] = 1;
      else if (n <= 48 && size + uint64_t(here[c]) * n <= kInlineBudget) m[c] = 1, size += uint64_t(here[c]) * n;
      same = same && !m[c] && opt[c] == FuncId(c);
    }
    r = same ? (cx.retain(g), R::of(g)) : cleanup_inlining(cx, g, m, opt);
    for (FuncId cf : cs) m[cf.i] = 0, here[cf.i] = 0;
    if (!r.ok()) break;
    opt[g.i] = r.value;
  }
  // Keep the root's copy; the others stay alive as long as something calls them.
  // An opaque root has nothing to optimize: it is its own copy.
  if (r.ok()) {
    r.value = cx.func(root).opaque ? root : opt[root.i];
    cx.retain(r.value);
  }
  for (FuncId o : opt)
    if (o.valid()) cx.release(o);
  return r;
}

}  // namespace rose
