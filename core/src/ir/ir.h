// The IR: plain data addressed by 32-bit ids, no pointers between nodes.
//
// A function owns its variables (one type each, single assignment), a list of
// blocks (block 0 is the body; every `for` owns one more) and a pool of extra
// operands. Instructions are 16 bytes.
#pragma once
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <string>
#include <vector>

#include "util/vec.h"
#include "ir/strings.h"
#include "ir/types.h"
#include "util/ids.h"

namespace rose {

enum class Op : uint8_t {
#define OP(name, text, form, rule) name,
#include "ir/ops.def"
#undef OP
};
constexpr int kNumOps = 0
#define OP(name, text, form, rule) +1
#include "ir/ops.def"
#undef OP
    ;

enum class Form : uint8_t { Lit, List, Pair, VarImm, Select, Call, For, Unary };
enum class Rule : uint8_t { None, BoolNot, IMod, BoolBin, ICmp, IAdd, Linear, Real, Scale, Cmp };

const char* op_name(Op op);
Rule op_rule(Op op);
// Inline: every pass asks for an instruction's form, and the table load is
// smaller in the Wasm engine than a call to a function that wraps it.
inline constexpr Form kOpForms[] = {
#define OP(name, text, form, rule) Form::form,
#include "ir/ops.def"
#undef OP
};
inline Form op_form(Op op) { return kOpForms[int(op)]; }

// Operand layout by form:
//   Lit     bool: a = 0/1; real: a|b<<32 = IEEE bits; fin: a = value; unit: none
//   List    a = pool offset, b = count            (array elements, tuple members)
//   Pair    a, b = operand vars                  (index, slice, addto, binary ops)
//   VarImm  a = var, b = member number           (member, field)
//   Unary   a = operand var                      (unary ops, accum, resolve)
//   Select  a = condition, pool[b] = then, pool[b+1] = else
//   Call    a = pool offset: [ngenerics, generics..., nargs, args...], b = callee
//   For     a = block (the block holds its index variable and its result)
struct Instr {
  VarId var;
  Op op;
  uint8_t pad0 = 0;
  uint16_t pad1 = 0;
  uint32_t a = 0, b = 0;

  double real() const {
    uint64_t bits = uint64_t(a) | (uint64_t(b) << 32);
    double d;
    std::memcpy(&d, &bits, 8);
    return d;
  }
  void set_real(double d) {
    uint64_t bits;
    std::memcpy(&bits, &d, 8);
    a = uint32_t(bits);
    b = uint32_t(bits >> 32);
  }
};
static_assert(sizeof(Instr) == 16, "Instr is pinned at 16 bytes");

struct Block {
  static constexpr bool kRelocatable = true;
  Vec<Instr> code;
  VarId arg;  // the loop index (invalid for the function body)
  VarId ret;  // a `for` body's result, one element of the array
};

struct Func {
  StrId name;
  bool opaque = false;
  bool alive = true;
  uint32_t host = 0;               // opaque: the host's payload number
  Generics generics;       // one Constraint set per generic parameter
  Vec<TyId> param_tys;     // the signature (for opaque functions, all there is)
  TyId ret_ty;
  Vec<TyId> vars;          // the type of every variable
  Vec<VarId> params;
  VarId ret;
  Vec<Block> blocks;       // blocks[0] is the body
  Vec<uint32_t> pool;

  // Graph bookkeeping (owned by Context).
  uint32_t refs = 0;
  bool clean = false;              // simplify then dce made it: optimize need not rerun them
  FuncId custom_jvp;               // weak: cleared when that function is freed
  uint32_t jvp_users = 0;          // functions whose custom_jvp is this one
  FuncId jvp;                      // cached derived functions, owned by this one
  FuncId fwd, bwd;
  FuncId real;                     // its copy with tans retyped as reals (as_real)

  // Accessors for the operand layout.
  VarId select_then(const Instr& in) const { return VarId(pool[in.b]); }
  VarId select_else(const Instr& in) const { return VarId(pool[in.b + 1]); }
  uint32_t call_ngen(const Instr& in) const { return pool[in.a]; }
  TyId call_gen(const Instr& in, uint32_t k) const { return TyId(pool[in.a + 1 + k]); }
  Vec<TyId> call_gens(const Instr& in) const {
    Vec<TyId> g(call_ngen(in));
    for (uint32_t k = 0; k < g.size(); k++) g[k] = call_gen(in, k);
    return g;
  }
  uint32_t call_nargs(const Instr& in) const { return pool[in.a + 1 + call_ngen(in)]; }
  VarId call_arg(const Instr& in, uint32_t k) const { return VarId(pool[in.a + 2 + call_ngen(in) + k]); }
  VarId list_item(const Instr& in, uint32_t k) const { return VarId(pool[in.a + k]); }
};

// Calls `fn(VarId)` for every variable an instruction reads (not the loop
// index or the variables a loop body defines; a loop's result var is read
// by the loop).
template <class F>
void for_each_operand(const Func& f, const Instr& in, F&& fn) {
  switch (op_form(in.op)) {
    case Form::Lit: return;
    case Form::List:
      for (uint32_t k = 0; k < in.b; k++) fn(f.list_item(in, k));
      return;
    case Form::Pair: fn(VarId(in.a)); fn(VarId(in.b)); return;
    case Form::VarImm: case Form::Unary: fn(VarId(in.a)); return;
    case Form::Select: fn(VarId(in.a)); fn(f.select_then(in)); fn(f.select_else(in)); return;
    case Form::Call:
      for (uint32_t k = 0, n = f.call_nargs(in); k < n; k++) fn(f.call_arg(in, k));
      return;
    case Form::For: return;
  }
}

}  // namespace rose
