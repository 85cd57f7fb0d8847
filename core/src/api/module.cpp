// The native C++ API (rose/rose.h): a tracer that turns C++ expressions over
// symbolic Values into IR through the Builder.
#include <algorithm>
#include <cmath>

#include "interp/interp.h"
#include "ir/builder.h"
#include "ir/print.h"
#include "passes/passes.h"
#include "rose/rose.h"

namespace rose {

struct Module::Impl : Host {
  Context cx;
  std::vector<std::function<double(const double*)>> hosts;
  std::vector<FuncId> owned;
  bool call(uint32_t host, const double* args, uint32_t, double& out, std::string& err) override {
    if (host >= hosts.size()) return err = "unknown host function", false;
    out = hosts[host](args);
    return true;
  }
};

// The function being traced; one per fn() call, innermost on a stack.
class Tracer {
 public:
  Tracer(Module& m, const std::string& name) : m(m), b(m.impl_->cx, name), serial(++next_serial) {}
  Module& m;
  Builder b;
  uint64_t serial;
  std::string err;
  static inline uint64_t next_serial = 0;

  Context& cx() { return m.impl_->cx; }
  Types& T() { return cx().types; }
  bool fail(const std::string& e) {
    if (err.empty()) err = e;
    return false;
  }
  Value wrap(VarId v) {
    Value out;
    if (!v.valid()) {
      fail(b.failed() ? b.error() : "invalid operation");
      return out;
    }
    out.kind_ = Value::Sym;
    out.tracer_ = serial;
    out.var_ = v;
    return out;
  }
  std::string ty_str(TyId t) { return type_str(cx(), t); }

  // A symbolic value's type, or invalid for a literal.
  TyId type_of(const Value& v) { return v.kind_ == Value::Sym && v.tracer_ == serial ? b.type(v.var_) : TyId(); }

  // Converts a value to a variable of type `want` (any type if invalid).
  VarId var_of(const Value& v, TyId want) {
    if (!err.empty()) return VarId();
    switch (v.kind_) {
      case Value::None: return fail("value is undefined"), VarId();
      case Value::Sym: {
        if (v.tracer_ != serial) return fail("a value escaped the function that defined it"), VarId();
        if (!b.in_scope(v.var_)) return fail("variable is out of scope"), VarId();
        TyId t = b.type(v.var_);
        if (want.valid() && t != want)
          return fail("variable type mismatch: expected " + ty_str(want) + ", got " + ty_str(t)), VarId();
        return v.var_;
      }
      case Value::Num: {
        if (!want.valid() || T().kind(want) == Kind::Real) return b.real(v.num_);
        if (T().kind(want) == Kind::Tan) return b.real(v.num_, want);
        if (T().kind(want) == Kind::Fin) {
          if (!(v.num_ >= 0 && v.num_ == std::floor(v.num_) && v.num_ < 4294967296.0))
            return fail("can't be represented by an unsigned integer"), VarId();
          if (v.num_ >= T().fin_size(want))
            return fail("index " + num_str(v.num_) + " is out of range for type " + ty_str(want)), VarId();
          return b.fin(uint32_t(v.num_), want);
        }
        return fail("type is not numeric: " + ty_str(want)), VarId();
      }
      case Value::Flag:
        if (want.valid() && T().kind(want) != Kind::Bool) return fail("did not expect a boolean"), VarId();
        return b.boolean(v.num_ != 0);
      case Value::List: {
        const auto& items = *v.items_;
        if (!want.valid()) return fail("an array literal needs a known type"), VarId();
        if (T().kind(want) != Kind::Array) return fail("type is not an array: " + ty_str(want)), VarId();
        TyId idx = T().index_of(want);
        if (T().kind(idx) != Kind::Fin || T().fin_size(idx) != items.size()) return fail("wrong array size"), VarId();
        Vec<VarId> xs;
        for (const auto& it : items) xs.push_back(var_of(it.second, T().elem(want)));
        return err.empty() ? b.array(xs, want) : VarId();
      }
      case Value::Object: {
        if (!want.valid()) return fail("an object literal needs a known type"), VarId();
        if (T().kind(want) != Kind::Tuple || !T().has_keys(want)) return fail("type is not a struct: " + ty_str(want)), VarId();
        uint32_t n = T().member_count(want);
        const auto& items = *v.items_;
        if (items.size() != n) return fail("wrong struct keys"), VarId();
        Vec<VarId> xs(n);
        for (uint32_t k = 0; k < n; k++) {
          const std::string& key = cx().strings.get(T().key(want, k));
          auto it = std::find_if(items.begin(), items.end(), [&](auto& p) { return p.first == key; });
          if (it == items.end()) return fail("wrong struct keys"), VarId();
          xs[k] = var_of(it->second, T().member(want, k));
        }
        return err.empty() ? b.tuple(xs, want) : VarId();
      }
    }
    return VarId();
  }

  Value binary(Op op, const Value& a, const Value& c) {
    TyId ta = type_of(a), tc = type_of(c);
    Rule r = op_rule(op);
    TyId wa = ta, wc = tc;
    if (r == Rule::Scale) {  // a real or tangent scaled by a real
      wc = T().real();
      if (!wa.valid()) wa = T().real();
    } else {
      if (!wa.valid()) wa = tc;
      if (!wc.valid()) wc = ta;
    }
    VarId x = var_of(a, wa);
    VarId y = var_of(c, wc);
    if (!err.empty()) return Value();
    return wrap(b.binary(op, x, y));
  }
  Value unary(Op op, const Value& a) {
    VarId x = var_of(a, type_of(a).valid() ? type_of(a) : T().real());
    if (!err.empty()) return Value();
    return wrap(b.unary(op, x));
  }
};

namespace {
thread_local std::vector<Tracer*> g_stack;
}  // namespace

// The function being traced (operands from elsewhere are caught by var_of).
static Tracer* current(const Value& = Value(), const Value& = Value()) {
  return g_stack.empty() ? nullptr : g_stack.back();
}

Value Value::list(std::vector<Value> items) {
  Value v;
  v.kind_ = List;
  v.items_ = std::make_shared<std::vector<std::pair<std::string, Value>>>();
  for (auto& x : items) v.items_->push_back({"", std::move(x)});
  return v;
}

Value Value::object(std::vector<std::pair<std::string, Value>> members) {
  Value v;
  v.kind_ = Object;
  v.items_ = std::make_shared<std::vector<std::pair<std::string, Value>>>(std::move(members));
  return v;
}

Type Value::type() const {
  Tracer* t = current();
  return Type{t ? t->type_of(*this) : TyId()};
}

Value Value::operator[](const Value& i) const {
  if (kind_ == List) {
    if (i.kind_ == Num && i.num_ >= 0 && size_t(i.num_) < items_->size()) return (*items_)[size_t(i.num_)].second;
    if (Tracer* t = current(i)) t->fail("index out of range of an array literal");
    return Value();
  }
  Tracer* t = current(*this, i);
  if (!t) return Value();
  if (kind_ != Sym) return t->fail("value is not an array"), Value();
  TyId at = t->type_of(*this);
  if (!at.valid()) return t->fail("a value escaped the function that defined it"), Value();
  if (t->T().kind(at) != Kind::Array) return t->fail("value is not an array: " + t->ty_str(at)), Value();
  VarId a = t->var_of(*this, at);
  VarId k = t->var_of(i, t->T().index_of(at));
  if (!t->err.empty()) return Value();
  return t->wrap(t->b.index(a, k));
}

Value Value::operator[](const char* key) const {
  if (kind_ == Object) {
    for (auto& p : *items_)
      if (p.first == key) return p.second;
    if (Tracer* t = current(*this)) t->fail(std::string("unexpected key ") + key);
    return Value();
  }
  Tracer* t = current(*this);
  if (!t) return Value();
  if (kind_ != Sym) return t->fail("value is not a struct"), Value();
  TyId st = t->type_of(*this);
  if (!st.valid()) return t->fail("a value escaped the function that defined it"), Value();
  if (t->T().kind(st) != Kind::Tuple || !t->T().has_keys(st)) return t->fail("value is not a struct"), Value();
  for (uint32_t k = 0; k < t->T().member_count(st); k++)
    if (t->cx().strings.get(t->T().key(st, k)) == key) return t->wrap(t->b.member(var_, k));
  return t->fail(std::string("unexpected key ") + key), Value();
}

#define ROSE_BINARY(sym, op)                                    \
  Value sym(const Value& a, const Value& c) {                   \
    Tracer* t = current(a, c);                                  \
    return t ? t->binary(op, a, c) : Value();                   \
  }
ROSE_BINARY(operator+, Op::Add)
ROSE_BINARY(operator-, Op::Sub)
ROSE_BINARY(operator/, Op::Div)
ROSE_BINARY(atan2, Op::Atan2)
ROSE_BINARY(pow, Op::Pow)
ROSE_BINARY(min, Op::Min)
ROSE_BINARY(max, Op::Max)
ROSE_BINARY(operator&&, Op::And)
ROSE_BINARY(operator||, Op::Or)
#undef ROSE_BINARY

Value operator*(const Value& a, const Value& c) {
  Tracer* t = current(a, c);
  if (!t) return Value();
  // Multiplication commutes: put a tangent on the left, where the rules want it.
  auto is_tan = [&](const Value& v) { return t->type_of(v).valid() && t->T().kind(t->type_of(v)) == Kind::Tan; };
  if (is_tan(c) && !is_tan(a))
    return t->binary(Op::Mul, c, a);
  return t->binary(Op::Mul, a, c);
}

namespace {
bool is_bool(Tracer* t, const Value& v) { return t->type_of(v).valid() && t->T().kind(t->type_of(v)) == Kind::Bool; }

Value compare(Op real_op, Op index_op, const Value& a, const Value& c) {
  Tracer* t = current(a, c);
  if (!t) return Value();
  TyId ta = t->type_of(a).valid() ? t->type_of(a) : t->type_of(c);
  bool idx = ta.valid() && t->T().is_index(ta, t->b.func().generics);
  return t->binary(idx ? index_op : real_op, a, c);
}
}  // namespace

Value operator<(const Value& a, const Value& c) { return compare(Op::Lt, Op::ILt, a, c); }
Value operator<=(const Value& a, const Value& c) { return compare(Op::Leq, Op::ILeq, a, c); }
Value operator>(const Value& a, const Value& c) { return compare(Op::Gt, Op::IGt, a, c); }
Value operator>=(const Value& a, const Value& c) { return compare(Op::Geq, Op::IGeq, a, c); }
Value operator==(const Value& a, const Value& c) {
  Tracer* t = current(a, c);
  if (t && (is_bool(t, a) || is_bool(t, c))) return t->binary(Op::Iff, a, c);
  return compare(Op::Eq, Op::IEq, a, c);
}
Value operator!=(const Value& a, const Value& c) {
  Tracer* t = current(a, c);
  if (t && (is_bool(t, a) || is_bool(t, c))) return t->binary(Op::Xor, a, c);
  return compare(Op::Neq, Op::INeq, a, c);
}

#define ROSE_UNARY(sym, op)                   \
  Value sym(const Value& a) {                 \
    Tracer* t = current(a);                   \
    return t ? t->unary(op, a) : Value();     \
  }
ROSE_UNARY(operator-, Op::Neg)
ROSE_UNARY(abs, Op::Abs)
ROSE_UNARY(sign, Op::Sign)
ROSE_UNARY(ceil, Op::Ceil)
ROSE_UNARY(floor, Op::Floor)
ROSE_UNARY(trunc, Op::Trunc)
ROSE_UNARY(sqrt, Op::Sqrt)
ROSE_UNARY(exp, Op::Exp)
ROSE_UNARY(log, Op::Log)
ROSE_UNARY(sin, Op::Sin)
ROSE_UNARY(cos, Op::Cos)
ROSE_UNARY(tan, Op::Tan)
ROSE_UNARY(tanh, Op::Tanh)
#undef ROSE_UNARY

Value operator!(const Value& a) {
  Tracer* t = current(a);
  if (!t) return Value();
  VarId x = t->var_of(a, t->T().boolean());
  return t->err.empty() ? t->wrap(t->b.unary(Op::Not, x)) : Value();
}

Value select(const Value& cond, Type ty, const Value& then, const Value& els) {
  Tracer* t = current(cond, then);
  if (!t) t = current(els);
  if (!t) return Value();
  VarId c = t->var_of(cond, t->T().boolean());
  VarId a = t->var_of(then, ty.id);
  VarId e = t->var_of(els, ty.id);
  return t->err.empty() ? t->wrap(t->b.select(c, a, e)) : Value();
}

Value iadd(Type n, const Value& i, const Value& j) {
  Tracer* t = current(i, j);
  if (!t) return Value();
  VarId x = t->var_of(i, n.id), y = t->var_of(j, n.id);
  return t->err.empty() ? t->wrap(t->b.binary(Op::IAdd, x, y)) : Value();
}

Value imod(Type n, const Value& i) {
  Tracer* t = current(i);
  if (!t) return Value();
  VarId x = t->var_of(i, t->type_of(i));
  return t->err.empty() ? t->wrap(t->b.unary(Op::IMod, x, n.id)) : Value();
}

Value zero_tan() {
  Tracer* t = current(Value());
  return t ? t->wrap(t->b.real(0, t->T().tan())) : Value();
}

Value vec(Type index, Type elem, const std::function<Value(Value)>& body) {
  Tracer* t = current(Value());
  if (!t) return Value();
  VarId i = t->b.begin_for(index.id);
  if (!i.valid()) return t->fail(t->b.error()), Value();
  Value r = body(t->wrap(i));
  VarId rv = t->var_of(r, elem.id);
  if (!t->err.empty()) return Value();
  return t->wrap(t->b.end_for(rv));
}

Value sum(Type index, const std::function<Value(Value)>& body) {
  Tracer* t = current(Value());
  if (!t) return Value();
  VarId acc = t->b.accum(t->b.real(0));
  VarId i = t->b.begin_for(index.id);
  if (!i.valid()) return t->fail(t->b.error()), Value();
  Value term = body(t->wrap(i));
  VarId x = t->var_of(term, t->T().real());
  if (!t->err.empty()) return Value();
  VarId u = t->b.add_to(acc, x);
  t->b.end_for(u);
  return t->wrap(t->b.resolve(acc));
}

Value Fn::operator()(std::vector<Value> args) const {
  Tracer* t = g_stack.empty() ? nullptr : g_stack.back();
  if (!t) return Value();
  if (!module || &t->m != module) return t->fail("a function of another module was called"), Value();
  Context& cx = t->cx();
  if (!cx.alive(id)) return t->fail("call of a function that was freed"), Value();
  Vec<TyId> ps = cx.func(id).param_tys;
  if (args.size() != ps.size())
    return t->fail("@" + cx.name(id) + " takes " + std::to_string(ps.size()) + " arguments, got " +
                   std::to_string(args.size())), Value();
  Vec<VarId> xs;
  for (size_t k = 0; k < args.size(); k++) xs.push_back(t->var_of(args[k], ps[k]));
  if (!t->err.empty()) return Value();
  return t->wrap(t->b.call(id, xs));
}

VjpCall Vjp::operator()(std::vector<Value> args) const {
  VjpCall out;
  // On failure the closures still exist: calling them gives undefined values
  // and the trace reports the first error.
  out.grads = [](Value) { return std::vector<Value>(); };
  out.grad = [](Value) { return Value(); };
  Tracer* t = g_stack.empty() ? nullptr : g_stack.back();
  if (!t) return out;
  Context& cx = t->cx();
  if (!cx.alive(f.id)) return t->fail("vjp of a function that was freed"), out;
  Result<Transposed> tr = rose::vjp(cx, f.id);
  if (!tr.ok()) return t->fail(tr.error), out;
  Vec<TyId> ps = cx.func(f.id).param_tys;
  TyId rt = cx.func(f.id).ret_ty;
  if (args.size() != ps.size())
    return t->fail("@" + cx.name(f.id) + " takes " + std::to_string(ps.size()) + " arguments, got " +
                   std::to_string(args.size())), out;
  auto xs = std::make_shared<Vec<VarId>>();
  for (size_t k = 0; k < args.size(); k++) xs->push_back(t->var_of(args[k], retan_real(cx, ps[k])));
  if (!t->err.empty()) return out;
  VarId bundle = t->b.call(tr.value.fwd, *xs);
  out.ret = t->wrap(t->b.member(bundle, 0));
  VarId tape = t->b.member(bundle, 1);
  FuncId bwd = tr.value.bwd;
  out.grads = [t, xs, tape, bwd, ps, rt](Value ct) -> std::vector<Value> {
    if (g_stack.empty() || g_stack.back() != t) {
      if (!g_stack.empty()) g_stack.back()->fail("VJP closure escaped its context");
      return {};
    }
    Context& cx = t->cx();
    Vec<VarId> bargs, accs(xs->size());
    for (size_t k = 0; k < xs->size(); k++)
      if (has_f64(cx, ps[k])) bargs.push_back(accs[k] = t->b.accum((*xs)[k]));
    if (has_f64(cx, rt)) bargs.push_back(t->var_of(ct, retan_real(cx, rt)));
    bargs.push_back(tape);
    if (!t->err.empty()) return {};
    t->b.call(bwd, bargs);
    std::vector<Value> gs;
    for (size_t k = 0; k < xs->size(); k++) gs.push_back(t->wrap(accs[k].valid() ? t->b.resolve(accs[k]) : (*xs)[k]));
    return gs;
  };
  auto grads = out.grads;
  out.grad = [t, grads, n = ps.size()](Value ct) -> Value {
    if (n != 1) return t->fail("grad() is for functions of one parameter; use grads()"), Value();
    std::vector<Value> gs = grads(ct);
    return gs.empty() ? Value() : gs[0];
  };
  return out;
}

Val num(double x) { return Val::real(x); }
Val boolean(bool b) { return Val::boolean(b); }
Val index(uint32_t i) { return Val::fin(i); }
Val array(std::vector<Val> xs) { return Val::list(Val::Array, std::move(xs)); }
Val object(Module& m, Type t, std::vector<std::pair<std::string, Val>> members) {
  Context& cx = m.context();
  std::vector<Val> xs;
  if (cx.types.kind(t.id) != Kind::Tuple) return Val();
  for (uint32_t k = 0; k < cx.types.member_count(t.id); k++) {
    const std::string& key = cx.strings.get(cx.types.key(t.id, k));
    for (auto& p : members)
      if (p.first == key) xs.push_back(p.second);
  }
  return Val::list(Val::Tuple, std::move(xs));
}

Module::Module() : impl_(std::make_unique<Impl>()) {}
Module::~Module() = default;
Context& Module::context() { return impl_->cx; }

Type Module::unit() { return {impl_->cx.types.unit()}; }
Type Module::boolean() { return {impl_->cx.types.boolean()}; }
Type Module::real() { return {impl_->cx.types.real()}; }
Type Module::tan() { return {impl_->cx.types.tan()}; }
Type Module::fin(uint32_t n) { return {impl_->cx.types.fin(n)}; }
Type Module::vec(uint32_t n, Type elem) { return {impl_->cx.types.array(impl_->cx.types.fin(n), elem.id)}; }
Type Module::vec(Type index, Type elem) { return {impl_->cx.types.array(index.id, elem.id)}; }
Type Module::dual() { return {impl_->cx.dual()}; }
Type Module::record(std::vector<std::pair<std::string, Type>> members) {
  Context& cx = impl_->cx;
  std::sort(members.begin(), members.end(), [](auto& a, auto& b) { return key_less(a.first, b.first); });
  Vec<TyId> ms;
  Vec<StrId> ks;
  for (auto& p : members) {
    ms.push_back(p.second.id);
    ks.push_back(cx.strings.intern(p.first));
  }
  return {cx.types.record(ms.data(), ks.data(), uint32_t(ms.size()), cx.strings)};
}

Result<Fn> Module::fn(const std::string& name, std::vector<Type> params, Type ret,
                      const std::function<Value(std::vector<Value>&)>& body) {
  if (!g_stack.empty()) return Result<Fn>::fail("can't define a function while defining another function");
  Context& cx = impl_->cx;
  for (size_t k = 0; k < params.size(); k++)
    if (!cx.types.valid(params[k].id)) return Result<Fn>::fail("parameter " + std::to_string(k) + " has an invalid type");
  if (!cx.types.valid(ret.id)) return Result<Fn>::fail("invalid return type");
  Tracer t(*this, name);
  std::vector<Value> args;
  for (Type p : params) args.push_back(t.wrap(t.b.param(p.id)));
  g_stack.push_back(&t);
  Value r = body(args);
  g_stack.pop_back();
  VarId rv = t.var_of(r, ret.id);
  if (!t.err.empty()) return Result<Fn>::fail("in @" + name + ": " + t.err);
  Result<FuncId> f = t.b.finish(rv);
  if (!f.ok()) return Result<Fn>::fail("in @" + name + ": " + f.error);
  impl_->owned.push_back(f.value);
  return Result<Fn>::of(Fn{f.value, this});
}

Result<Fn> Module::opaque(const std::string& name, std::vector<Type> params, Type ret,
                          std::function<double(const double*)> impl) {
  Vec<TyId> ps;
  for (Type p : params) ps.push_back(p.id);
  Result<FuncId> f = Builder::opaque(impl_->cx, name, ps, ret.id, uint32_t(impl_->hosts.size()));
  if (!f.ok()) return Result<Fn>::fail(f.error);
  impl_->hosts.push_back(std::move(impl));
  impl_->owned.push_back(f.value);
  return Result<Fn>::of(Fn{f.value, this});
}

Result<bool> Module::set_jvp(Fn f, Fn jvp) {
  Context& cx = impl_->cx;
  if (!cx.alive(f.id) || !cx.alive(jvp.id)) return Result<bool>::fail("function was freed");
  FuncId old = cx.func(f.id).custom_jvp;
  cx.set_custom_jvp(f.id, jvp.id);
  Result<FuncId> check = rose::jvp(cx, f.id);
  if (!check.ok()) {
    cx.set_custom_jvp(f.id, old);
    return Result<bool>::fail(check.error);
  }
  return Result<bool>::of(true);
}

Result<Fn> Module::jvp(Fn f) {
  Result<FuncId> j = rose::jvp(impl_->cx, f.id);
  if (j.ok()) j = as_real(impl_->cx, j.value);  // Rose types a JVP's tangents as reals
  if (!j.ok()) return Result<Fn>::fail(j.error);
  return Result<Fn>::of(Fn{j.value, this});
}

Result<Val> Module::interp(Fn f, const std::vector<Val>& args) { return rose::interp(impl_->cx, f.id, args, impl_.get()); }

std::string Module::print(Fn f) { return print_module(impl_->cx, f.id); }

std::string Module::show(Fn f, const Val& v) { return value_str(impl_->cx, impl_->cx.func(f.id).ret_ty, v); }

}  // namespace rose
