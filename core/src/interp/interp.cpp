#include "interp/interp.h"

#include <cmath>

#include "ir/print.h"
#include "ir/typing.h"

namespace rose {

namespace {

Val zero_like(const Val& v) {
  switch (v.tag) {
    case Val::F64: return Val::real(0);
    case Val::Array: case Val::Tuple: {
      std::vector<Val> xs;
      xs.reserve(v.list().size());
      for (const Val& x : v.list()) xs.push_back(zero_like(x));
      return Val::list(v.tag, std::move(xs));
    }
    default: return v;
  }
}

void add_into(Val& dst, const Val& src) {
  switch (dst.tag) {
    case Val::F64: dst.f += src.f; return;
    case Val::Array: case Val::Tuple: {
      std::vector<Val>& d = *dst.items;
      for (size_t i = 0; i < d.size(); i++) add_into(d[i], src.list()[i]);
      return;
    }
    default: return;
  }
}

struct Machine {
  Context& cx;
  Host* host;
  std::string err;
  int depth = 0;

  bool fail(const Func& f, const Instr& in, const std::string& m) {
    if (err.empty()) err = "in @" + cx.strings.get(f.name) + ", at `" + instr_str(cx, f, in) + "`: " + m;
    return false;
  }

  Val zero_of(TyId t) {
    Types& T = cx.types;
    switch (T.kind(t)) {
      case Kind::Bool: return Val::boolean(false);
      case Kind::Real: case Kind::Tan: return Val::real(0);
      case Kind::Fin: return Val::fin(0);
      case Kind::Array: {
        uint32_t n = T.kind(T.index_of(t)) == Kind::Fin ? T.fin_size(T.index_of(t)) : 0;
        std::vector<Val> xs(n, zero_of(T.elem(t)));
        return Val::list(Val::Array, std::move(xs));
      }
      case Kind::Tuple: {
        std::vector<Val> xs;
        for (uint32_t k = 0; k < T.member_count(t); k++) xs.push_back(zero_of(T.member(t, k)));
        return Val::list(Val::Tuple, std::move(xs));
      }
      default: return Val::unit();
    }
  }

  uint32_t size_of_index(TyId t, const std::vector<TyId>& gens) {
    TyId c = subst_generics(cx.types, t, gens.data(), uint32_t(gens.size()));
    return cx.types.kind(c) == Kind::Fin ? cx.types.fin_size(c) : 0;
  }

  bool run_block(const Func& f, uint32_t b, std::vector<Val>& vals, const std::vector<TyId>& gens) {
    for (const Instr& in : f.blocks[b].code)
      if (!step(f, in, vals, gens)) return false;
    return true;
  }

  bool step(const Func& f, const Instr& in, std::vector<Val>& vals, const std::vector<TyId>& gens) {
    Val& out = vals[in.var.i];
    auto A = [&]() -> const Val& { return vals[in.a]; };
    auto B = [&]() -> const Val& { return vals[in.b]; };
    switch (in.op) {
      case Op::Unit: out = Val::unit(); return true;
      case Op::Bool: out = Val::boolean(in.a); return true;
      case Op::Real: out = Val::real(in.real()); return true;
      case Op::Fin: out = Val::fin(in.a); return true;
      case Op::Zero: out = zero_of(subst_generics(cx.types, f.vars[in.var.i], gens.data(), uint32_t(gens.size())));
        return true;
      case Op::Array: case Op::Tuple: {
        std::vector<Val> xs;
        xs.reserve(in.b);
        for (uint32_t k = 0; k < in.b; k++) xs.push_back(vals[f.list_item(in, k).i]);
        out = Val::list(in.op == Op::Array ? Val::Array : Val::Tuple, std::move(xs));
        return true;
      }
      case Op::Index: case Op::Member: {
        uint32_t k = in.op == Op::Index ? B().u : in.b;
        const std::vector<Val>& xs = A().list();
        if (k >= xs.size()) return fail(f, in, "index " + std::to_string(k) + " is out of range");
        out = xs[k];
        return true;
      }
      case Op::Slice: case Op::Field: {
        uint32_t k = in.op == Op::Slice ? B().u : in.b;
        const Val& r = A();
        std::vector<Val>& xs = *r.target->items;
        if (k >= xs.size()) return fail(f, in, "index " + std::to_string(k) + " is out of range");
        Val v;
        v.tag = Val::Ref;
        v.target = &xs[k];
        v.owner = r.owner;
        out = v;
        return true;
      }
      case Op::Select: out = A().b ? vals[f.select_then(in).i] : vals[f.select_else(in).i]; return true;
      case Op::Call: {
        FuncId g(in.b);
        if (!cx.alive(g)) return fail(f, in, "calls a function that was freed");
        std::vector<Val> args;
        uint32_t n = f.call_nargs(in);
        args.reserve(n);
        for (uint32_t k = 0; k < n; k++) args.push_back(vals[f.call_arg(in, k).i]);
        std::vector<TyId> cg(f.call_ngen(in));
        for (uint32_t k = 0; k < cg.size(); k++)
          cg[k] = subst_generics(cx.types, f.call_gen(in, k), gens.data(), uint32_t(gens.size()));
        if (!call(g, args, cg, out)) {
          if (err.empty()) fail(f, in, "call failed");
          return false;
        }
        return true;
      }
      case Op::For: {
        const Block& body = f.blocks[in.a];
        uint32_t n = size_of_index(f.vars[body.arg.i], gens);
        std::vector<Val> xs;
        xs.reserve(n);
        for (uint32_t i = 0; i < n; i++) {
          vals[body.arg.i] = Val::fin(i);
          if (!run_block(f, in.a, vals, gens)) return false;
          xs.push_back(vals[body.ret.i]);
        }
        out = Val::list(Val::Array, std::move(xs));
        return true;
      }
      case Op::Accum: {
        Val v;
        v.tag = Val::Ref;
        v.owner = std::make_shared<Val>(zero_like(A()));
        v.target = v.owner.get();
        out = v;
        return true;
      }
      case Op::AddTo: add_into(*A().target, B()); out = Val::unit(); return true;
      case Op::Resolve: out = *A().target; return true;
      case Op::Not: out = Val::boolean(!A().b); return true;
      case Op::IMod: out = Val::fin(A().u % size_of_index(f.vars[in.var.i], gens)); return true;
      case Op::And: out = Val::boolean(A().b && B().b); return true;
      case Op::Or: out = Val::boolean(A().b || B().b); return true;
      case Op::Iff: out = Val::boolean(A().b == B().b); return true;
      case Op::Xor: out = Val::boolean(A().b != B().b); return true;
      case Op::INeq: out = Val::boolean(A().u != B().u); return true;
      case Op::ILt: out = Val::boolean(A().u < B().u); return true;
      case Op::ILeq: out = Val::boolean(A().u <= B().u); return true;
      case Op::IEq: out = Val::boolean(A().u == B().u); return true;
      case Op::IGt: out = Val::boolean(A().u > B().u); return true;
      case Op::IGeq: out = Val::boolean(A().u >= B().u); return true;
      case Op::IAdd: {
        uint64_t s = uint64_t(A().u) + B().u;
        uint32_t n = cx.types.fin_size(f.vars[in.var.i]);
        if (s >= n)
          return fail(f, in, "index out of range: " + std::to_string(A().u) + " + " + std::to_string(B().u) +
                                 " is not below " + std::to_string(n));
        out = Val::fin(uint32_t(s));
        return true;
      }
      case Op::Neg: out = Val::real(-A().f); return true;
      case Op::Abs: out = Val::real(std::fabs(A().f)); return true;
      case Op::Sign: out = Val::real(sign_of(A().f)); return true;
      case Op::Ceil: out = Val::real(std::ceil(A().f)); return true;
      case Op::Floor: out = Val::real(std::floor(A().f)); return true;
      case Op::Trunc: out = Val::real(std::trunc(A().f)); return true;
      case Op::Sqrt: out = Val::real(std::sqrt(A().f)); return true;
      case Op::Exp: out = Val::real(std::exp(A().f)); return true;
      case Op::Log: out = Val::real(std::log(A().f)); return true;
      case Op::Sin: out = Val::real(std::sin(A().f)); return true;
      case Op::Cos: out = Val::real(std::cos(A().f)); return true;
      case Op::Tan: out = Val::real(std::tan(A().f)); return true;
      case Op::Tanh: out = Val::real(std::tanh(A().f)); return true;
      case Op::Add: out = Val::real(A().f + B().f); return true;
      case Op::Sub: out = Val::real(A().f - B().f); return true;
      case Op::Mul: out = Val::real(A().f * B().f); return true;
      case Op::Div: out = Val::real(A().f / B().f); return true;
      case Op::Atan2: out = Val::real(std::atan2(A().f, B().f)); return true;
      case Op::Pow: out = Val::real(pow_of(A().f, B().f)); return true;
      case Op::Min: out = Val::real(min_of(A().f, B().f)); return true;
      case Op::Max: out = Val::real(max_of(A().f, B().f)); return true;
      case Op::Neq: out = Val::boolean(A().f != B().f); return true;
      case Op::Lt: out = Val::boolean(A().f < B().f); return true;
      case Op::Leq: out = Val::boolean(A().f <= B().f); return true;
      case Op::Eq: out = Val::boolean(A().f == B().f); return true;
      case Op::Gt: out = Val::boolean(A().f > B().f); return true;
      case Op::Geq: out = Val::boolean(A().f >= B().f); return true;
    }
    return fail(f, in, "unknown op");
  }

  bool call(FuncId g, std::vector<Val>& args, const std::vector<TyId>& gens, Val& out) {
    const Func& f = cx.func(g);
    if (f.opaque) {
      if (!host) {
        err = "opaque function @" + cx.strings.get(f.name) + " has no host";
        return false;
      }
      std::vector<double> xs(args.size());
      for (size_t k = 0; k < args.size(); k++) {
        const Val& a = args[k];
        xs[k] = a.tag == Val::F64 ? a.f : a.tag == Val::Fin ? double(a.u) : a.tag == Val::Bool ? double(a.b) : 0.0;
      }
      double r = 0;
      std::string e;
      if (!host->call(f.host, xs.data(), uint32_t(xs.size()), r, e)) {
        err = "opaque function @" + cx.strings.get(f.name) + " failed: " + e;
        return false;
      }
      switch (cx.types.kind(f.ret_ty)) {
        case Kind::Real: out = Val::real(r); break;
        case Kind::Bool: out = Val::boolean(r != 0); break;
        case Kind::Fin: {
          uint32_t n = cx.types.fin_size(f.ret_ty);
          if (!(r >= 0 && r < n && r == std::floor(r))) {
            err = "opaque function @" + cx.strings.get(f.name) + " returned " + num_str(r) +
                  ", which is not an index below " + std::to_string(n);
            return false;
          }
          out = Val::fin(uint32_t(r));
          break;
        }
        default: out = Val::unit(); break;
      }
      return true;
    }
    if (++depth > 10000) {
      err = "call depth exceeds 10000";
      return false;
    }
    std::vector<Val> vals(f.vars.size());
    for (size_t k = 0; k < f.params.size(); k++) vals[f.params[k].i] = std::move(args[k]);
    bool ok = run_block(f, 0, vals, gens);
    depth--;
    if (!ok) return false;
    out = std::move(vals[f.ret.i]);
    return true;
  }
};

}  // namespace

Result<Val> interp(Context& cx, FuncId f, const std::vector<Val>& args, Host* host) {
  if (!cx.alive(f)) return Result<Val>::fail("function was freed");
  const Func& fn = cx.func(f);
  if (!fn.generics.empty()) return Result<Val>::fail("cannot run a generic function without generic arguments");
  if (args.size() != fn.param_tys.size())
    return Result<Val>::fail("expected " + std::to_string(fn.param_tys.size()) + " arguments, got " +
                             std::to_string(args.size()));
  for (size_t k = 0; k < args.size(); k++) {
    std::string e = check_value(cx, fn.param_tys[k], args[k], "");
    if (!e.empty()) return Result<Val>::fail("argument " + std::to_string(k) + ": " + e);
  }
  Machine m{cx, host};
  std::vector<Val> as = args;
  Val out;
  if (!m.call(f, as, {}, out)) return Result<Val>::fail(m.err);
  return Result<Val>::of(std::move(out));
}

}  // namespace rose
