#include "wasm/layout.h"

namespace rose::wasm {

namespace {
uint32_t round_up(uint32_t x, uint32_t a) { return (x + a - 1) / a * a; }
}  // namespace

const Layouts::Info& Layouts::info(TyId t) {
  reserve();  // sized for every type up front: nested calls must not move the entries
  if (infos_[t.i].done) return infos_[t.i];
  Types& T = cx_.types;
  Info in;
  switch (T.kind(t)) {
    case Kind::Unit: break;
    case Kind::Real: case Kind::Tan: in.f64 = true, in.mem = Mem::F64; break;
    case Kind::Bool: case Kind::Fin: {  // a bool as a fin 2
      uint32_t n = T.kind(t) == Kind::Bool ? 2 : T.fin_size(t);
      in.mem = n <= 1 ? Mem::None : n <= 256 ? Mem::U8 : n <= 65536 ? Mem::U16 : Mem::U32;
      in.discrete = in.mem != Mem::None;
      break;
    }
    case Kind::Array: {
      TyId e = T.elem(t);
      uint32_t n = T.kind(T.index_of(t)) == Kind::Fin ? T.fin_size(T.index_of(t)) : 0;
      const Info& ei = info(e);
      in.align = ei.align;
      in.size = n * ei.stride;
      in.boxed = true;
      in.leaves = 1;
      in.discrete = ei.discrete && n;
      in.f64 = ei.f64 && n;
      break;
    }
    case Kind::Tuple: {
      uint32_t n = T.member_count(t), leaves = 0;
      for (uint32_t k = 0; k < n; k++) {  // first: a member tuple's offsets go before ours
        const Info& mi = info(T.member(t, k));
        if (mi.align > in.align) in.align = mi.align;
        in.discrete = in.discrete || mi.discrete;
        in.f64 = in.f64 || mi.f64;
        leaves += mi.leaves;
      }
      in.boxed = leaves > kFlatMax;
      in.leaves = in.boxed ? 1 : leaves;
      in.first = offsets_.size();
      offsets_.resize(in.first + n);
      // Members by descending alignment, ties in member order: one pass per
      // alignment class keeps it linear (tapes can have many members).
      uint32_t cur = 0;
      for (uint32_t a = 8; a >= 1; a /= 2)
        for (uint32_t k = 0; k < n; k++) {
          const Info& mi = info(T.member(t, k));
          if (mi.align != a) continue;
          cur = round_up(cur, a);
          offsets_[in.first + k] = cur;
          cur += mi.size;
        }
      in.size = round_up(cur, in.align);
      break;
    }
    case Kind::Generic: case Kind::Ref: break;  // not stored; callers check
  }
  if (T.kind(t) >= Kind::Bool && T.kind(t) <= Kind::Fin) {  // a scalar: one leaf of 1, 2, 4 or 8 bytes (or none)
    in.leaves = 1;
    if (in.mem != Mem::None) in.size = in.align = 1u << (uint32_t(in.mem) - 1);
  }
  in.done = true;
  in.stride = round_up(in.size, in.align);
  infos_[t.i] = in;
  return infos_[t.i];
}

bool Layouts::scalar(TyId t) {
  Kind k = cx_.types.kind(t);
  return k == Kind::Unit || k == Kind::Bool || k == Kind::Real || k == Kind::Tan || k == Kind::Fin;
}

void Layouts::leaves(TyId t, Vec<ValType>& out) {
  Types& T = cx_.types;
  switch (T.kind(t)) {
    case Kind::Unit: return;
    case Kind::Real: case Kind::Tan: out.push_back(kF64); return;
    case Kind::Tuple:
      if (boxed(t)) break;
      for (uint32_t k = 0; k < T.member_count(t); k++) leaves(T.member(t, k), out);
      return;
    default: break;
  }
  out.push_back(kI32);
}

Leaves::Leaves(Layouts& L, TyId ty, uint32_t base) { L.leaf_types(ty, t, off, base); }
Leaves::~Leaves() = default;

void Layouts::leaf_types(TyId t, Vec<TyId>& types, Vec<uint32_t>& offsets, uint32_t base, bool open) {
  Types& T = cx_.types;
  if (T.kind(t) == Kind::Unit) return;
  if (T.kind(t) == Kind::Tuple && (open || !boxed(t))) {
    for (uint32_t k = 0; k < T.member_count(t); k++) leaf_types(T.member(t, k), types, offsets, base + offset(t, k));
    return;
  }
  types.push_back(t);
  offsets.push_back(base);
}

uint32_t Layouts::leaf_start(TyId t, uint32_t k) {
  uint32_t s = 0;
  for (uint32_t m = 0; m < k; m++) s += leaf_count(cx_.types.member(t, m));
  return s;
}

}  // namespace rose::wasm
