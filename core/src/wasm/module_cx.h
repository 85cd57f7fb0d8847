// What the function lowerings share while a module is assembled: function
// indices and signatures, imports, the type section and helper functions.
#pragma once
#include "wasm/codegen.h"
#include "wasm/layout.h"

namespace rose::wasm {

struct Sig {
  Vec<ValType> params, results;
  bool operator==(const Sig& o) const { return params == o.params && results == o.results; }
};

enum class Helper : uint8_t { Add, ZeroF64 };  // add_T(dst, src); zero_f64_T(dst)

class ModuleCx {
 public:
  explicit ModuleCx(Context& c) : cx(c), L(c) {}
  Context& cx;
  Layouts L;

  // Functions: imports first, then the program's functions in callee-first
  // order, then helpers as they are requested.
  Vec<uint32_t> index_of;  // by FuncId: Wasm function index, or UINT32_MAX
  Vec<uint32_t> frame_of;  // by FuncId: frame bytes of a transparent function
  Vec<Sig> sig_of;         // by FuncId
  uint32_t math[8] = {UINT32_MAX, UINT32_MAX, UINT32_MAX, UINT32_MAX, UINT32_MAX, UINT32_MAX, UINT32_MAX, UINT32_MAX};
  uint32_t next_index = 0;
  uint32_t err_global = 0;  // the status global

  Vec<Sig> types;
  uint32_t type_index(const Sig& s) {
    for (uint32_t k = 0; k < types.size(); k++)
      if (types[k] == s) return k;
    types.push_back(s);
    return types.size() - 1;
  }

  struct HelperReq {
    Helper kind;
    TyId ty;
    uint32_t index;
  };
  Vec<HelperReq> helpers;
  uint32_t helper(Helper kind, TyId t) {
    for (const HelperReq& h : helpers)
      if (h.kind == kind && h.ty == t) return h.index;
    helpers.push_back({kind, t, next_index++});
    return helpers.back().index;
  }

  // The Wasm signature of an IR function (see codegen.h).
  Sig signature(const Func& f);
};

enum : uint8_t { kMemCopy = 10, kMemFill = 11 };
// With an address on the stack: loads the scalar of type t at +offset.
void emit_load(Bytes& c, Layouts& L, TyId t, uint32_t offset);
// With an address and a scalar on the stack: stores it at +offset.
void emit_store(Bytes& c, Layouts& L, TyId t, uint32_t offset);
// memory.copy (dst, src, n) or memory.fill (dst, byte, n).
void emit_mem(Bytes& c, uint8_t which);

// Lowers one transparent function. `frame` receives its frame size.
Result<Bytes> lower_function(ModuleCx& m, FuncId f, uint32_t& frame);
// Emits a helper's body.
Bytes helper_body(ModuleCx& m, Helper kind, TyId t);

}  // namespace rose::wasm
