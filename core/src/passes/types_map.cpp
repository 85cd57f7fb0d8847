// What the passes share: the type maps and the names of derived functions.
#include "util/vec.h"
#include "passes/passes.h"

namespace rose {

bool has_f64(const Context& cx, TyId t) {
  return cx.types.contains(t, Kind::Real) || cx.types.contains(t, Kind::Tan);
}

// Replaces the real leaves of t by real_to and the tan leaves by tan_to; the
// dual struct becomes dual_to where that is valid.
TyId map_scalars(Context& cx, TyId t, TyId real_to, TyId tan_to, TyId dual_to) {
  Types& T = cx.types;
  if (!has_f64(cx, t)) return t;
  if (dual_to.valid() && t == cx.dual()) return dual_to;
  switch (T.kind(t)) {
    case Kind::Real: return real_to;
    case Kind::Tan: return tan_to;
    case Kind::Ref: return T.ref(map_scalars(cx, T.inner(t), real_to, tan_to, dual_to));
    case Kind::Array: return T.array(T.index_of(t), map_scalars(cx, T.elem(t), real_to, tan_to, dual_to));
    case Kind::Tuple: {
      Vec<TyId> ms(T.member_count(t));
      for (uint32_t k = 0; k < ms.size(); k++) ms[k] = map_scalars(cx, T.member(t, k), real_to, tan_to, dual_to);
      return T.tuple_like(t, ms.data());
    }
    default: return t;
  }
}

TyId dual_type(Context& cx, TyId t) { return map_scalars(cx, t, cx.dual(), cx.dual(), TyId()); }

TyId retan_real(Context& cx, TyId t) { return map_scalars(cx, t, cx.types.real(), cx.types.real(), TyId()); }

// One string built in place: `name + "_jvp"` would also allocate the suffix.
Str derived_name(Context& cx, FuncId f, const char* suffix) {
  Str s = cx.name(f);
  s += suffix;
  return s;
}

}  // namespace rose
