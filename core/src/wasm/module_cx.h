// What the function lowerings share while a module is assembled: function
// indices and signatures, imports, the type section and helper functions.
#pragma once
#include "wasm/codegen.h"
#include "wasm/layout.h"

namespace rose::wasm {

struct Sig {
  static constexpr bool kRelocatable = true;
  Vec<ValType> params, results;
};

// Instruction bytes for the code generators (lower.cpp and the helpers),
// out of line: each is called from many sites.
struct Code {
  Bytes code;
  void op(uint8_t o);
  void op_u32(uint8_t o, uint32_t x);
  void i32c(int32_t x);
  void f64c(double x);
  void add_const(uint32_t o);  // adds o to the i32 on the stack (nothing for 0)
  // With an address (and, to store, the value) on the stack: loads or stores
  // a scalar held in memory as m at +offset.
  void access(Mem m, bool store, uint32_t offset);
  // With (dst, src) or (dst, byte) on the stack: memory.copy or memory.fill of n bytes.
  void mem_op(uint8_t which, uint32_t n);
};
enum : uint8_t { kMemCopy = 10, kMemFill = 11 };

enum class Helper : uint8_t { Add, ZeroF64 };  // add_T(dst, src); zero_f64_T(dst)

class ModuleCx {
 public:
  explicit ModuleCx(Context& c) : cx(c), L(c) {}
  Context& cx;
  Layouts L;

  // Functions: imports first, then the program's functions in callee-first
  // order, then helpers as they are requested.
  Vec<uint32_t> index_of;  // by FuncId: Wasm function index (of the reachable ones)
  Vec<uint32_t> frame_of;  // by FuncId: frame bytes of a transparent function
  uint32_t math[8] = {};  // the import index of each Math function in use
  uint32_t next_index = 0;  // the next function index; then extra k (below) has next_index + k
  uint32_t err_global = 0;  // the status global
  uint32_t entry_args = 0;  // bytes of the entry's arguments (the root's parameters)

  // The type section's entries, encoded, and where each starts.
  Bytes types;
  Vec<uint32_t> type_at;
  uint32_t type_index(const Sig& s);

  // Functions beyond the program's own, in index order: helpers (their
  // bodies are generated at the end) and chunks of large functions.
  struct Extra {
    static constexpr bool kRelocatable = true;
    Bytes body;
    bool helper = false;
    Helper kind = Helper::Add;
    TyId ty;
  };
  Vec<Extra> extras;
  uint32_t helper(Helper kind, TyId t) {
    for (uint32_t k = 0; k < extras.size(); k++)
      if (extras[k].helper && extras[k].kind == kind && extras[k].ty == t) return next_index + k;
    Extra& e = extras.emplace_back();
    e.helper = true, e.kind = kind, e.ty = t;
    return next_index + extras.size() - 1;
  }
  uint32_t add_chunk(Bytes body) {  // a chunk function: (frameptr) -> ()
    Extra& e = extras.emplace_back();
    e.body = std::move(body);
    return next_index + extras.size() - 1;
  }
  uint32_t chunk_limit = kChunkLimit;  // instructions per Wasm function before chunking

  // The Wasm signature of an IR function (see codegen.h).
  Sig signature(const Func& f);
};

// The Math import an op calls (an index into ModuleCx::math), or -1.
int math_slot(Op op);

// Lowers one transparent function, whose Wasm parameters are `params`: appends
// its body to `out`, sets its frame_of, or returns false with a message in `err`.
// The root (entry) becomes the export "f": (argptr, retptr, frameptr) -> status.
bool lower_function(ModuleCx& m, FuncId f, const Vec<ValType>& params, bool entry, Bytes& out, Str& err);
// Appends a helper's body to `out`.
void helper_body(ModuleCx& m, Helper kind, TyId t, Bytes& out);

}  // namespace rose::wasm
