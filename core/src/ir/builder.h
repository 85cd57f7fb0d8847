// Builds one function, checking every instruction as it is added: operands
// must exist and be in scope, references must not be used after they are
// resolved, and types must follow the rules in typing.cpp. The first problem
// is kept as an error; later calls return invalid ids and change nothing.
#pragma once
#include <vector>

#include "util/vec.h"
#include "ir/context.h"
#include "util/str.h"

namespace rose {

class Builder {
 public:
  Builder(Context& cx, const Str& name);

  // Before any instruction: generic parameters, then parameters.
  void generic(uint8_t constraint);
  VarId param(TyId t);

  VarId unit();
  VarId boolean(bool b);
  VarId real(double x) { return real(x, cx_.types.real()); }
  VarId real(double x, TyId t);  // t is real or tan
  VarId fin(uint32_t v, TyId t);
  VarId zero(TyId t);  // the zero of type t
  VarId array(const Vec<VarId>& xs, TyId want = TyId()) { return list(Op::Array, xs.data(), xs.size(), want); }
  VarId tuple(const Vec<VarId>& xs, TyId want = TyId()) { return list(Op::Tuple, xs.data(), xs.size(), want); }
  VarId tuple(const VarId* members, uint32_t n, TyId want) { return list(Op::Tuple, members, n, want); }
  VarId index(VarId array, VarId i) { return pair(Op::Index, array, i); }
  VarId member(VarId tuple, uint32_t k) { return var_imm(Op::Member, tuple, k); }
  VarId slice(VarId ref, VarId i) { return pair(Op::Slice, ref, i); }
  VarId field(VarId ref, uint32_t k) { return var_imm(Op::Field, ref, k); }
  VarId select(VarId c, VarId then, VarId els);
  VarId call(FuncId f, const Vec<VarId>& args, const Vec<TyId>& gens = {});
  VarId unary(Op op, VarId a, TyId want = TyId());
  VarId binary(Op op, VarId a, VarId b) { return pair(op, a, b); }
  VarId accum(VarId shape);
  VarId add_to(VarId ref, VarId x) { return pair(Op::AddTo, ref, x); }
  VarId resolve(VarId ref);
  // A loop: begin_for opens its body and returns the index variable;
  // end_for closes the body with its element and returns the array.
  VarId begin_for(TyId index);
  VarId end_for(VarId ret);

  // For passes that learn late what a function needs. A hole is a variable of
  // the body, in scope everywhere, whose defining instruction is given later
  // by define_hole and placed at the start of the body. A late parameter is
  // appended after the others once its type is known.
  VarId hole(TyId t);
  bool define_hole(VarId hole, Instr in);
  VarId late_param(TyId t);

  // Closes the body and hands the function to the Context (one reference).
  Result<FuncId> finish(VarId ret);
  // finish for a pass's output: any error is the pass's bug, reported as
  // "internal error in <pass> of @<source>: ...".
  Result<FuncId> finish_pass(VarId ret, const char* pass, const Str& source);
  // Hands over an opaque function: a signature and the host's payload number.
  static Result<FuncId> opaque(Context& cx, const Str& name, const Vec<TyId>& params, TyId ret,
                               uint32_t host);

  bool failed() const { return !error_.empty(); }
  const Str& error() const { return error_; }
  TyId type(VarId v) const { return v.i < f_.vars.size() ? f_.vars[v.i] : TyId(); }
  bool in_scope(VarId v) const;
  const Func& func() const { return f_; }
  Context& context() { return cx_; }
  size_t depth() const { return open_.size(); }
  uint32_t instr_count() const { return count_; }

  // The generic entry: adds `in` (its operands already in place) with the
  // declared type `want`. Returns the new variable or an invalid id.
  VarId emit(Instr in, TyId want);
  // Appends to the operand pool (for emit callers that build List/Call/Select).
  uint32_t pool_push(uint32_t x) {
    f_.pool.push_back(x);
    return uint32_t(f_.pool.size() - 1);
  }
  void fail(const Str& msg);
  void fail(const char* msg);  // for literals: no temporary string at each call site

 private:
  VarId list(Op op, const VarId* items, uint32_t n, TyId want);
  VarId make(Op op, uint32_t a, uint32_t b, TyId want);
  VarId pair(Op op, VarId a, VarId b);
  VarId var_imm(Op op, VarId a, uint32_t k);
  VarId new_var(TyId t);
  bool check_operand(VarId v, Op op);  // op names the user in errors
  TyId typed(const Instr& in, TyId want);

  Context& cx_;
  Func f_;
  Vec<uint32_t> open_;        // open blocks, innermost last
  Vec<uint8_t> block_open_;   // per block
  struct VarMeta {
    uint32_t block;  // defining block
    uint32_t root;   // references: the accum (or parameter) they derive from
    uint8_t state;   // accumulator state (see builder.cpp)
  };
  Vec<VarMeta> meta_;  // per var: one table, one allocation
  Vec<Instr> prologue_;       // defining instructions of holes
  bool started_ = false;
  uint32_t count_ = 0;
  Str error_;
};

// Re-emits `in`, an instruction of `src` of any form but For, with every
// operand variable replaced by map(operand) and the declared type `want`.
VarId emit_mapped_fn(Builder& b, const Func& src, const Instr& in, VarId (*map)(void*, VarId), void* ctx, TyId want);
template <class Map>
VarId emit_mapped(Builder& b, const Func& src, const Instr& in, Map&& map, TyId want) {
  using M = std::remove_reference_t<Map>;
  return emit_mapped_fn(b, src, in, [](void* c, VarId x) { return (*static_cast<M*>(c))(x); },
                        const_cast<void*>(static_cast<const void*>(&map)), want);
}

}  // namespace rose
