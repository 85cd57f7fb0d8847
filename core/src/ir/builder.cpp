#include "util/vec.h"
#include "util/fmt.h"
#include "ir/builder.h"

#include <cstring>

#include "ir/print.h"
#include "ir/typing.h"
#include "util/str.h"

namespace rose {

namespace {
constexpr uint32_t kNone = UINT32_MAX;
enum : uint8_t { kNotAccum, kOpen, kResolved };  // per var: accumulator state
}

Builder::Builder(Context& cx, const Str& name) : cx_(cx) {
  f_.name = cx.strings.intern(name);
  f_.blocks.emplace_back();
  open_.push_back(0);
  block_open_.push_back(1);
}

void Builder::fail(const Str& msg) {
  if (error_.empty()) error_ = msg.empty() ? "invalid function" : msg;
}

void Builder::fail(const char* msg) {
  if (error_.empty()) error_ = *msg ? msg : "invalid function";
}

VarId Builder::new_var(TyId t) {
  f_.vars.push_back(t);
  meta_.push_back({open_.back(), kNone, kNotAccum});
  return VarId(uint32_t(f_.vars.size() - 1));
}

void Builder::generic(uint8_t c) {
  if (started_ || !f_.params.empty()) return fail("generics must be declared before parameters");
#ifdef ROSE_WASM
  (void)c, fail("this engine has no generic parameters");
#else
  f_.generics.push_back(c);
#endif
}

VarId Builder::param(TyId t) {
  if (failed()) return VarId();
  if (started_) return fail("parameters must be declared before instructions"), VarId();
  if (!cx_.types.valid(t)) return fail(fmt(cx_, "parameter % has an invalid type", f_.params.size())), VarId();
  VarId v = new_var(t);
  if (cx_.types.kind(t) == Kind::Ref) meta_[v.i].root = v.i;
  f_.params.push_back(v);
  f_.param_tys.push_back(t);
  return v;
}

bool Builder::in_scope(VarId v) const {
  return v.i < f_.vars.size() && block_open_[meta_[v.i].block];
}

bool Builder::check_operand(VarId v, Op op) {
  const char* problem = nullptr;
  if (v.i >= f_.vars.size()) {
    problem = v.valid() ? "%: variable % does not exist" : "%: variable <invalid> does not exist";
  } else if (!block_open_[meta_[v.i].block]) {
    problem = "%: variable % is out of scope";
  } else {
    uint32_t root = meta_[v.i].root;
    if (root != kNone && meta_[root].state == kResolved) problem = "%: reference % is used after it was resolved";
  }
  if (problem) fail(fmt(cx_, problem, op_name(op), v));  // the <invalid> text ignores v
  return !problem;
}

// The type of `in` (declared `want`, if valid) once its operands are checked.
TyId Builder::typed(const Instr& in, TyId want) {
  bool ok = true;
  for_each_operand(f_, in, [&](VarId v) { ok = ok && check_operand(v, in.op); });
  if (!ok) return TyId();
  Str err;
  TyId t = type_instr(cx_, f_, in, want, err);
  if (!t.valid()) fail(err);
  return t;
}

VarId Builder::emit(Instr in, TyId want) {
  if (failed()) return VarId();
  started_ = true;
  if (in.op == Op::For) return fail("for loops are built with begin_for/end_for"), VarId();
  TyId t = typed(in, want);
  if (!t.valid()) return VarId();
  if (in.op == Op::Resolve && !(meta_[in.a].state == kOpen && meta_[in.a].block == open_.back()))
    return fail(fmt(cx_, "resolve: v% must be an accum defined in the same block", in.a)), VarId();
  VarId v = new_var(t);
  in.var = v;
  switch (in.op) {
    case Op::Accum: meta_[v.i].root = v.i, meta_[v.i].state = kOpen; break;
    case Op::Slice: case Op::Field: meta_[v.i].root = meta_[in.a].root; break;
    case Op::Resolve: meta_[in.a].state = kResolved; break;
    default: break;
  }
  f_.blocks[open_.back()].code.push_back(in);
  count_++;
  return v;
}

// An instruction of operands a and b, declared `want`.
VarId Builder::make(Op op, uint32_t a, uint32_t b, TyId want) {
  Instr in{VarId(), op};
  in.a = a, in.b = b;
  return emit(in, want);
}

VarId Builder::unit() { return make(Op::Unit, 0, 0, TyId()); }
VarId Builder::boolean(bool b) { return make(Op::Bool, b, 0, TyId()); }

VarId Builder::real(double x, TyId t) {
  uint64_t bits;
  std::memcpy(&bits, &x, 8);
  return make(Op::Real, uint32_t(bits), uint32_t(bits >> 32), t);
}

VarId Builder::fin(uint32_t v, TyId t) { return make(Op::Fin, v, 0, t); }
VarId Builder::zero(TyId t) { return make(Op::Zero, 0, 0, t); }

VarId Builder::list(Op op, const VarId* items, uint32_t n, TyId want) {
  if (failed()) return VarId();
  uint32_t at = f_.pool.size();
  for (uint32_t k = 0; k < n; k++) f_.pool.push_back(items[k].i);
  return make(op, at, n, want);
}

VarId Builder::select(VarId c, VarId then, VarId els) {
  if (failed()) return VarId();
  uint32_t at = pool_push(then.i);
  pool_push(els.i);
  return make(Op::Select, c.i, at, TyId());
}

VarId Builder::call(FuncId g, const Vec<VarId>& args, const Vec<TyId>& gens) {
  if (failed()) return VarId();
  uint32_t at = pool_push(gens.size());
  for (TyId t : gens) f_.pool.push_back(t.i);
  f_.pool.push_back(uint32_t(args.size()));
  for (VarId a : args) f_.pool.push_back(a.i);
  return make(Op::Call, at, g.i, TyId());
}

VarId Builder::unary(Op op, VarId a, TyId want) {
  if (op_form(op) != Form::Unary) return fail(fmt(cx_, "% is not unary", op_name(op))), VarId();
  return make(op, a.i, 0, want);
}

VarId Builder::pair(Op op, VarId a, VarId b) {
  if (op_form(op) != Form::Pair) return fail(fmt(cx_, "% does not take two operands", op_name(op))), VarId();
  return make(op, a.i, b.i, TyId());
}

VarId Builder::var_imm(Op op, VarId a, uint32_t k) { return make(op, a.i, k, TyId()); }
VarId Builder::accum(VarId shape) { return make(Op::Accum, shape.i, 0, TyId()); }
VarId Builder::resolve(VarId ref) { return make(Op::Resolve, ref.i, 0, TyId()); }

VarId Builder::begin_for(TyId index) {
  if (failed()) return VarId();
  started_ = true;
  if (!cx_.types.valid(index) || !cx_.types.is_index(index, f_.generics))
    return fail(fmt(cx_, "for: index type % cannot be used as an index", index)), VarId();
  uint32_t b = uint32_t(f_.blocks.size());
  f_.blocks.emplace_back();
  block_open_.push_back(1);
  open_.push_back(b);
  VarId i = new_var(index);
  f_.blocks[b].arg = i;
  return i;
}

VarId Builder::end_for(VarId ret) {
  if (failed()) return VarId();
  if (open_.size() < 2) return fail("end_for without begin_for"), VarId();
  uint32_t b = open_.back();
  if (!check_operand(ret, Op::Resolve)) return VarId();
  f_.blocks[b].ret = ret;
  Instr in{VarId(), Op::For};
  in.a = b;
  TyId t = typed(in, TyId());
  if (!t.valid()) return VarId();
  open_.pop_back();
  block_open_[b] = 0;
  VarId v = new_var(t);
  in.var = v;
  f_.blocks[open_.back()].code.push_back(in);
  count_++;
  return v;
}

VarId Builder::hole(TyId t) {
  if (failed()) return VarId();
  VarId v = new_var(t);
  meta_[v.i].block = 0;
  return v;
}

VarId Builder::late_param(TyId t) {
  if (failed()) return VarId();
  VarId v = new_var(t);
  meta_[v.i].block = 0;
  f_.params.push_back(v);
  f_.param_tys.push_back(t);
  return v;
}

bool Builder::define_hole(VarId hole, Instr in) {
  if (failed() || !typed(in, f_.vars[hole.i]).valid()) return false;
  in.var = hole;
  prologue_.push_back(in);
  return true;
}

Result<FuncId> Builder::finish(VarId ret) {
  if (!prologue_.empty()) {
    Vec<Instr>& body = f_.blocks[0].code;
    body.insert(body.begin(), prologue_.begin(), prologue_.end());
    count_ += uint32_t(prologue_.size());
    prologue_.clear();
  }
  if (!failed() && open_.size() != 1) fail("finish with an unclosed loop");
  if (!failed()) {
    if (check_operand(ret, Op::Resolve) && !cx_.types.is_value(f_.vars[ret.i]))
      fail("a function cannot return a reference");
  }
  if (failed()) return Result<FuncId>::fail(error_);
  f_.ret = ret;
  f_.ret_ty = f_.vars[ret.i];
  return Result<FuncId>::of(cx_.add(std::move(f_)));
}

Result<FuncId> Builder::finish_pass(VarId ret, const char* pass, const Str& source) {
  Result<FuncId> r = finish(ret);
  if (!r.ok()) return Result<FuncId>::fail(fmt(cx_, "internal error in % of @%: %", pass, source, r.error));
  return r;
}

Result<FuncId> Builder::opaque(Context& cx, const Str& name, const Vec<TyId>& params, TyId ret,
                               uint32_t host) {
  auto scalar = [&](TyId t) {
    Kind k = cx.types.kind(t);
    return k == Kind::Real || k == Kind::Bool || k == Kind::Fin || k == Kind::Unit;
  };
  for (size_t i = 0; i < params.size(); i++)
    if (!cx.types.valid(params[i]) || !scalar(params[i]))
      return Result<FuncId>::fail(fmt(cx, "opaque function parameter % must be a real, bool or fin", i));
  if (!cx.types.valid(ret) || !scalar(ret))
    return Result<FuncId>::fail("opaque function result must be a real, bool or fin");
  Func f;
  f.name = cx.strings.intern(name);
  f.opaque = true;
  f.host = host;
  f.param_tys = params;
  f.ret_ty = ret;
  return Result<FuncId>::of(cx.add(std::move(f)));
}

VarId emit_mapped_fn(Builder& b, const Func& src, const Instr& in, VarId (*fn)(void*, VarId), void* ctx, TyId want) {
  auto map = [&](VarId x) { return fn(ctx, x); };
  Instr out = in;
  switch (op_form(in.op)) {
    case Form::Lit: break;
    case Form::Pair: out.a = map(VarId(in.a)).i; out.b = map(VarId(in.b)).i; break;
    case Form::Unary: case Form::VarImm: out.a = map(VarId(in.a)).i; break;
    case Form::Select: {
      uint32_t c = map(VarId(in.a)).i, t = map(src.select_then(in)).i, e = map(src.select_else(in)).i;
      out.a = c;
      out.b = b.pool_push(t);
      b.pool_push(e);
      break;
    }
    case Form::List: {
      Vec<uint32_t> xs(in.b);
      for (uint32_t k = 0; k < in.b; k++) xs[k] = map(src.list_item(in, k)).i;
      out.a = uint32_t(b.func().pool.size());
      for (uint32_t x : xs) b.pool_push(x);
      break;
    }
    case Form::Call: {
      uint32_t ng = src.call_ngen(in), na = src.call_nargs(in);
      Vec<uint32_t> xs(na);
      for (uint32_t k = 0; k < na; k++) xs[k] = map(src.call_arg(in, k)).i;
      out.a = b.pool_push(ng);
      for (uint32_t k = 0; k < ng; k++) b.pool_push(src.call_gen(in, k).i);
      b.pool_push(na);
      for (uint32_t x : xs) b.pool_push(x);
      break;
    }
    case Form::For: b.fail("emit_mapped cannot copy a loop"); return VarId();
  }
  return b.emit(out, want);
}

}  // namespace rose
