// A Context owns the types, strings and functions that refer to each other.
// Functions are reference counted: one count per external handle, per caller
// that calls it, and per derived-function cache entry that holds it.
#pragma once
#include <memory>
#include <vector>

#include "util/vec.h"
#include "ir/ir.h"
#include "util/result.h"
#include "util/str.h"

namespace rose {

class Context {
 public:
  Types types;
  Strings strings;

  // Takes ownership of a finished function; the result holds one reference
  // (the caller's handle). Callees are retained.
  FuncId add(Func&& f);
  void retain(FuncId f) { funcs_[f.i]->refs++; }
  void release(FuncId f);

  bool alive(FuncId f) const { return f.i < funcs_.size() && funcs_[f.i]->alive; }
  // References stay valid while other functions are added (passes rely on it).
  Func& func(FuncId f) { return *funcs_[f.i]; }
  const Func& func(FuncId f) const { return *funcs_[f.i]; }
  uint32_t live_count() const { return live_; }

  // Sets (or clears, with an invalid id) the custom JVP slot of `f`. The slot is
  // weak: if `jvp` is freed, the slot is cleared. Changing it drops derived caches.
  void set_custom_jvp(FuncId f, FuncId jvp);

  // Valid until the next string is interned (copy it to keep it across passes).
  const Str& name(FuncId f) const { return strings.get(func(f).name); }

  // Drops f's cached derivatives (they are made again on demand): for timing
  // the passes (rose time), not needed otherwise.
  void forget_derivatives(FuncId f) { drop_caches(func(f)); }

  // Host numbers of opaque functions freed so far; the JS side takes them
  // (rose_freed_hosts) to drop and reuse its table entries.
  Vec<uint32_t> freed_hosts;
  TyId dual() { return types.dual(strings); }

 private:
  void free_func(FuncId f);
  void drop_caches(Func& fn);
  Vec<std::unique_ptr<Func>> funcs_;
  Vec<Vec<FuncId>> deps_;  // distinct callees per function
  Vec<uint32_t> free_;
  uint32_t live_ = 0;
};

// Distinct callees of a function, in first-call order.
Vec<FuncId> callees(const Func& f);

// Every function reachable from root through calls (and custom JVPs, with
// `jvps`), each once, callees before their callers: the order the optimizer,
// the code generator and the printer visit a program in. Also sets *ids to one
// past the largest id in it, for tables indexed by FuncId.
Vec<FuncId> reachable(const Context& cx, FuncId root, bool jvps, uint32_t* ids);

}  // namespace rose
