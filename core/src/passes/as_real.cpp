// as_real: a copy of a function with every tan retyped as real, through its
// callees. Internally a JVP keeps its tangents as tans so that transpose can
// tell linear values from nonlinear ones; the public jvp hands out this copy,
// because Rose types a JVP's tangents as reals (its `du` can be squared,
// compared, returned as a Real, or differentiated again). Every typing rule
// that holds for a tan holds for a real, so the copy is dce's, retyped.
#include "util/vec.h"
#include "passes/passes.h"

namespace rose {

Result<FuncId> as_real(Context& cx, FuncId f) {
  Func& F = cx.func(f);
  if (F.opaque) return Result<FuncId>::of(f);  // it takes and returns reals
  if (F.real.valid()) return Result<FuncId>::of(F.real);
  // Indexed by function id: a call's lookup is one load, however many callees.
  Vec<FuncId> real_of;
  for (FuncId c : callees(F)) {
    Result<FuncId> r = as_real(cx, c);
    if (!r.ok()) return r;
    if (c.i >= real_of.size()) real_of.resize(c.i + 1);
    real_of[c.i] = r.value;
  }
  Result<FuncId> r = dce_as_real(cx, f, real_of);
  if (r.ok()) cx.func(f).real = r.value;  // owned by f's cache, like its derivatives
  return r;
}

}  // namespace rose
