#include "support/codec.h"

#include <cmath>
#include <cstdio>
#include <cstring>

namespace rose::test {

using wasm::Mem;

void encode(wasm::Layouts& L, TyId t, const Val& v, Vec<uint8_t>& mem, uint32_t off) {
  Types& T = L.context().types;
  if (mem.size() < off + L.size(t)) mem.resize(off + L.size(t), 0);
  switch (T.kind(t)) {
    case Kind::Array:
      for (size_t i = 0; i < v.list().size(); i++)
        encode(L, T.elem(t), v.list()[i], mem, off + uint32_t(i) * L.stride(T.elem(t)));
      return;
    case Kind::Tuple:
      for (uint32_t k = 0; k < T.member_count(t); k++) encode(L, T.member(t, k), v.list()[k], mem, off + L.offset(t, k));
      return;
    default: break;
  }
  uint64_t x = v.tag == Val::F64 ? 0 : v.tag == Val::Bool ? v.b : v.tag == Val::Fin ? v.u : 0;
  switch (L.mem(t)) {
    case Mem::None: return;
    case Mem::U8: mem[off] = uint8_t(x); return;
    case Mem::U16: std::memcpy(&mem[off], &x, 2); return;
    case Mem::U32: std::memcpy(&mem[off], &x, 4); return;
    case Mem::F64: std::memcpy(&mem[off], &v.f, 8); return;
  }
}

namespace {
void leaves(wasm::Layouts& L, TyId t, const Val& v, uint32_t off, std::string& out) {
  Types& T = L.context().types;
  switch (T.kind(t)) {
    case Kind::Array:
      for (size_t i = 0; i < v.list().size(); i++)
        leaves(L, T.elem(t), v.list()[i], off + uint32_t(i) * L.stride(T.elem(t)), out);
      return;
    case Kind::Tuple:
      for (uint32_t k = 0; k < T.member_count(t); k++) leaves(L, T.member(t, k), v.list()[k], off + L.offset(t, k), out);
      return;
    default: break;
  }
  const char* kind = nullptr;
  switch (L.mem(t)) {
    case Mem::None: return;
    case Mem::U8: kind = "u8"; break;
    case Mem::U16: kind = "u16"; break;
    case Mem::U32: kind = "u32"; break;
    case Mem::F64: kind = "f64"; break;
  }
  char buf[96];
  double x = v.tag == Val::F64 ? v.f : v.tag == Val::Bool ? double(v.b) : double(v.u);
  if (std::isnan(x)) std::snprintf(buf, sizeof buf, "[%u,\"%s\",\"NaN\"]", off, kind);
  else if (std::isinf(x)) std::snprintf(buf, sizeof buf, "[%u,\"%s\",\"%sInfinity\"]", off, kind, x < 0 ? "-" : "");
  else std::snprintf(buf, sizeof buf, "[%u,\"%s\",%.17g]", off, kind, x);
  if (out.size() > 1) out += ",";
  out += buf;
}
}  // namespace

std::string expected_leaves(wasm::Layouts& L, TyId t, const Val& v, uint32_t off) {
  std::string out = "[";
  leaves(L, t, v, off, out);
  return out + "]";
}

}  // namespace rose::test
