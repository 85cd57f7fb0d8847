#include "util/vec.h"
#include "passes/passes.h"

namespace rose {

bool has_f64(const Context& cx, TyId t) {
  return cx.types.contains(t, Kind::Real) || cx.types.contains(t, Kind::Tan);
}

namespace {
// Replaces every real or tangent leaf of t by `dual ? {re, du} : real`.
TyId map_type(Context& cx, TyId t, bool dual) {
  Types& T = cx.types;
  if (!has_f64(cx, t)) return t;
  switch (T.kind(t)) {
    case Kind::Real: case Kind::Tan: return dual ? cx.dual() : T.real();
    case Kind::Ref: return T.ref(map_type(cx, T.inner(t), dual));
    case Kind::Array: return T.array(T.index_of(t), map_type(cx, T.elem(t), dual));
    case Kind::Tuple: {
      Vec<TyId> ms(T.member_count(t));
      for (uint32_t k = 0; k < ms.size(); k++) ms[k] = map_type(cx, T.member(t, k), dual);
      return T.tuple_like(t, ms.data());
    }
    default: return t;
  }
}
}  // namespace

TyId dual_type(Context& cx, TyId t) {
  return map_type(cx, t, true);
}

TyId retan_real(Context& cx, TyId t) {
  return map_type(cx, t, false);
}

}  // namespace rose
