#include "util/vec.h"
#include "ir/context.h"
#include "util/hash.h"

namespace rose {

Vec<FuncId> callees(const Func& f) {
  Vec<FuncId> out;
  HashIndex seen;  // a function calling thousands of others (Penrose's) must not cost their square
  for (const Block& b : f.blocks)
    for (const Instr& in : b.code)
      if (in.op == Op::Call && seen.find(in.b, [&](uint32_t k) { return out[k].i == in.b; }) == HashIndex::kEmpty) {
        seen.insert(in.b, out.size());
        out.push_back(FuncId(in.b));
      }
  return out;
}

Vec<FuncId> reachable(const Context& cx, FuncId root, bool jvps, uint32_t* ids) {
  Vec<FuncId> order;
  Vec<uint8_t> seen;
  Vec<std::pair<FuncId, bool>> stack;  // (function, its callees are done)
  stack.push_back({root, false});
  while (!stack.empty()) {
    auto [g, done] = stack.back();
    stack.pop_back();
    if (g.i >= seen.size()) seen.resize(g.i + 1, 0);
    if (done) {
      order.push_back(g);
      FuncId h = cx.func(g).custom_jvp;
      if (jvps && h.valid() && cx.alive(h)) stack.push_back({h, false});
      continue;
    }
    if (seen[g.i]) continue;
    seen[g.i] = 1;
    stack.push_back({g, true});
    Vec<FuncId> cs = callees(cx.func(g));
    for (uint32_t k = cs.size(); k-- > 0;) stack.push_back({cs[k], false});  // first callee first
  }
  *ids = seen.size();
  return order;
}

FuncId Context::add(Func&& f) {
  Vec<FuncId> deps = callees(f);
  for (FuncId d : deps) retain(d);
  f.refs = 1;
  f.alive = true;
  uint32_t id;
  if (!free_.empty()) {
    id = free_.back();
    free_.pop_back();
  } else {  // a fresh empty slot: one move-assignment below serves both cases
    id = uint32_t(funcs_.size());
    funcs_.emplace_back(new Func);
    deps_.emplace_back();
  }
  *funcs_[id] = std::move(f);
  deps_[id] = std::move(deps);
  live_++;
  return FuncId(id);
}

void Context::release(FuncId f) {
  ROSE_ASSERT(alive(f) && funcs_[f.i]->refs > 0, "release of a dead function");
  if (--funcs_[f.i]->refs == 0) free_func(f);
}

void Context::drop_caches(Func& fn) {
  FuncId ids[4] = {fn.jvp, fn.fwd, fn.bwd, fn.real};
  fn.jvp = fn.fwd = fn.bwd = fn.real = FuncId();
  for (FuncId d : ids)
    if (d.valid()) release(d);
}

void Context::set_custom_jvp(FuncId f, FuncId jvp) {
  Func& fn = *funcs_[f.i];
  if (fn.custom_jvp.valid()) funcs_[fn.custom_jvp.i]->jvp_users--;
  if (jvp.valid()) funcs_[jvp.i]->jvp_users++;
  fn.custom_jvp = jvp;
  drop_caches(fn);
}

void Context::free_func(FuncId f) {
  // Iterative over a worklist: a long chain of functions must not overflow the stack.
  Vec<FuncId> work{f};
  while (!work.empty()) {
    FuncId g = work.back();
    work.pop_back();
    Func& fn = *funcs_[g.i];
    Vec<FuncId> owned = std::move(deps_[g.i]);
    for (FuncId d : {fn.jvp, fn.fwd, fn.bwd, fn.real})
      if (d.valid()) owned.push_back(d);
    if (fn.opaque) freed_hosts.push_back(fn.host);
    if (fn.custom_jvp.valid()) funcs_[fn.custom_jvp.i]->jvp_users--;
    // The slots naming g as their custom JVP are cleared; they are rare, so the
    // scan runs only when there are some (freeing n functions stays O(n)).
    if (fn.jvp_users)
      for (auto& other : funcs_)
        if (other->alive && other->custom_jvp == g) other->custom_jvp = FuncId();
    fn.~Func();  // deps_[g.i] was emptied by the move above
    new (&fn) Func;
    fn.alive = false;
    free_.push_back(g.i);
    live_--;
    for (FuncId d : owned)
      if (--funcs_[d.i]->refs == 0) work.push_back(d);
  }
}

}  // namespace rose
