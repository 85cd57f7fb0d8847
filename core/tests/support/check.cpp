#include "support/check.h"

#include <gtest/gtest.h>

#include <cmath>

#include "ir/builder.h"
#include "ir/print.h"
#include "ir/validate.h"
#include "passes/passes.h"

namespace rose::test {

Val random_value(Context& cx, TyId t, Rng& rng, double lo, double hi) {
  Types& T = cx.types;
  switch (T.kind(t)) {
    case Kind::Unit: return Val::unit();
    case Kind::Bool: return Val::boolean(rng.below(2));
    case Kind::Real: case Kind::Tan: return Val::real(rng.uniform(lo, hi));
    case Kind::Fin: return Val::fin(rng.below(T.fin_size(t)));
    case Kind::Array: {
      std::vector<Val> xs;
      for (uint32_t i = 0; i < T.fin_size(T.index_of(t)); i++) xs.push_back(random_value(cx, T.elem(t), rng, lo, hi));
      return Val::list(Val::Array, std::move(xs));
    }
    case Kind::Tuple: {
      std::vector<Val> xs;
      for (uint32_t i = 0; i < T.member_count(t); i++) xs.push_back(random_value(cx, T.member(t, i), rng, lo, hi));
      return Val::list(Val::Tuple, std::move(xs));
    }
    default: return Val::unit();
  }
}

Val axpy(Context& cx, TyId t, const Val& x, double h, const Val& d) {
  Types& T = cx.types;
  switch (T.kind(t)) {
    case Kind::Real: case Kind::Tan: return Val::real(x.f + h * d.f);
    case Kind::Array: case Kind::Tuple: {
      std::vector<Val> xs;
      for (size_t i = 0; i < x.list().size(); i++)
        xs.push_back(axpy(cx, T.kind(t) == Kind::Array ? T.elem(t) : T.member(t, uint32_t(i)), x.list()[i], h, d.list()[i]));
      return Val::list(x.tag, std::move(xs));
    }
    default: return x;
  }
}

double dot(Context& cx, TyId t, const Val& a, const Val& b) {
  Types& T = cx.types;
  switch (T.kind(t)) {
    case Kind::Real: case Kind::Tan: return a.f * b.f;
    case Kind::Array: case Kind::Tuple: {
      double s = 0;
      for (size_t i = 0; i < a.list().size(); i++)
        s += dot(cx, T.kind(t) == Kind::Array ? T.elem(t) : T.member(t, uint32_t(i)), a.list()[i], b.list()[i]);
      return s;
    }
    default: return 0;
  }
}

double max_rel_diff(Context& cx, TyId t, const Val& a, const Val& b) {
  Types& T = cx.types;
  switch (T.kind(t)) {
    case Kind::Real: case Kind::Tan: {
      if (std::isnan(a.f) && std::isnan(b.f)) return 0;
      return std::fabs(a.f - b.f) / (1 + std::fabs(a.f));
    }
    case Kind::Array: case Kind::Tuple: {
      double m = 0;
      for (size_t i = 0; i < a.list().size(); i++)
        m = std::max(m, max_rel_diff(cx, T.kind(t) == Kind::Array ? T.elem(t) : T.member(t, uint32_t(i)),
                                     a.list()[i], b.list()[i]));
      return m;
    }
    case Kind::Bool: return a.b == b.b ? 0 : 1e9;
    case Kind::Fin: return a.u == b.u ? 0 : 1e9;
    default: return 0;
  }
}

namespace {
uint32_t dual_key(Context& cx, const char* k) {
  TyId d = cx.dual();
  return cx.strings.get(cx.types.key(d, 0)) == k ? 0 : 1;
}
}  // namespace

Val to_dual(Context& cx, TyId t, const Val& x, const Val& dx) {
  Types& T = cx.types;
  switch (T.kind(t)) {
    case Kind::Real: case Kind::Tan: {
      std::vector<Val> m(2);
      m[dual_key(cx, "du")] = dx;
      m[dual_key(cx, "re")] = x;
      return Val::list(Val::Tuple, std::move(m));
    }
    case Kind::Array: case Kind::Tuple: {
      std::vector<Val> xs;
      for (size_t i = 0; i < x.list().size(); i++)
        xs.push_back(to_dual(cx, T.kind(t) == Kind::Array ? T.elem(t) : T.member(t, uint32_t(i)), x.list()[i], dx.list()[i]));
      return Val::list(x.tag, std::move(xs));
    }
    default: return x;
  }
}

void from_dual(Context& cx, TyId t, const Val& d, Val& x, Val& dx) {
  Types& T = cx.types;
  switch (T.kind(t)) {
    case Kind::Real: case Kind::Tan:
      x = d.list()[dual_key(cx, "re")];
      dx = d.list()[dual_key(cx, "du")];
      return;
    case Kind::Array: case Kind::Tuple: {
      std::vector<Val> xs, ds;
      for (size_t i = 0; i < d.list().size(); i++) {
        Val a, b;
        from_dual(cx, T.kind(t) == Kind::Array ? T.elem(t) : T.member(t, uint32_t(i)), d.list()[i], a, b);
        xs.push_back(a);
        ds.push_back(b);
      }
      x = Val::list(d.tag, std::move(xs));
      dx = Val::list(d.tag, std::move(ds));
      return;
    }
    default: x = dx = d; return;
  }
}

Result<FuncId> build_grad(Context& cx, FuncId f) {
  Result<Transposed> t = vjp(cx, f);
  if (!t.ok()) return Result<FuncId>::fail(t.error);
  const Func& fn = cx.func(f);
  Vec<TyId> ps = fn.param_tys;
  TyId ret = fn.ret_ty;
  Builder b(cx, cx.name(f) + "_grad");
  Vec<VarId> xs;
  for (TyId p : ps) xs.push_back(b.param(retan_real(cx, p)));
  VarId ct = has_f64(cx, ret) ? b.param(retan_real(cx, ret)) : VarId();
  VarId bundle = b.call(t.value.fwd, xs);
  VarId tape = b.member(bundle, 1);
  Vec<VarId> args, accs(xs.size());
  for (size_t k = 0; k < xs.size(); k++)
    if (has_f64(cx, ps[k])) args.push_back(accs[k] = b.accum(xs[k]));
  if (ct.valid()) args.push_back(ct);
  args.push_back(tape);
  b.call(t.value.bwd, args);
  Vec<VarId> gs;
  for (size_t k = 0; k < xs.size(); k++) gs.push_back(accs[k].valid() ? b.resolve(accs[k]) : xs[k]);
  return b.finish(b.tuple(gs));
}

namespace {

void expect_valid(Context& cx, FuncId f, const std::string& what) {
  Vec<std::string> errs = validate_all(cx, f, what);
  for (const std::string& e : errs) ADD_FAILURE() << e << "\n" << print_module(cx, f);
}

Val call_or_fail(Context& cx, FuncId f, const std::vector<Val>& args, Host* host, const std::string& what, bool& ok) {
  Result<Val> r = interp(cx, f, args, host);
  if (!r.ok()) {
    ADD_FAILURE() << what << ": " << r.error;
    ok = false;
  }
  return r.value;
}

}  // namespace

void check_grads(Context& cx, FuncId f, const CheckOptions& opt, Rng& rng, Host* host, std::string what) {
  if (opt.order <= 0) return;
  Vec<TyId> ps = cx.func(f).param_tys;
  TyId ret = cx.func(f).ret_ty;
  Result<FuncId> j = jvp(cx, f);
  ASSERT_TRUE(j.ok()) << what << ": jvp: " << j.error;
  expect_valid(cx, j.value, what + " jvp");
  Result<FuncId> g = build_grad(cx, f);
  ASSERT_TRUE(g.ok()) << what << ": vjp: " << g.error;
  expect_valid(cx, g.value, what + " vjp");
  for (int trial = 0; trial < opt.trials; trial++) {
    std::vector<Val> x, t, duals;
    for (TyId p : ps) {
      x.push_back(random_value(cx, p, rng, opt.lo, opt.hi));
      t.push_back(random_value(cx, p, rng, -1, 1));
      duals.push_back(to_dual(cx, p, x.back(), t.back()));
    }
    bool ok = true;
    Val y = call_or_fail(cx, f, x, host, what, ok);
    Val jd = call_or_fail(cx, j.value, duals, host, what + " jvp", ok);
    if (!ok) return;
    Val y2, dy;
    from_dual(cx, ret, jd, y2, dy);
    EXPECT_LT(max_rel_diff(cx, ret, y, y2), 1e-12) << what << ": jvp primal " << value_str(cx, ret, y2)
                                                    << " != " << value_str(cx, ret, y);
    // Central differences along t.
    double h = 1e-6;
    std::vector<Val> xp, xm;
    for (size_t k = 0; k < ps.size(); k++) {
      xp.push_back(axpy(cx, ps[k], x[k], h, t[k]));
      xm.push_back(axpy(cx, ps[k], x[k], -h, t[k]));
    }
    Val yp = call_or_fail(cx, f, xp, host, what, ok), ym = call_or_fail(cx, f, xm, host, what, ok);
    if (!ok) return;
    // (yp - ym) / 2h, leafwise: diff = yp - ym; fdv = 0 + diff / 2h.
    Val diff = axpy(cx, ret, yp, -1, ym);
    Val zero = axpy(cx, ret, diff, -1, diff);
    Val fdv = axpy(cx, ret, zero, 1 / (2 * h), diff);
    EXPECT_LT(max_rel_diff(cx, ret, fdv, dy), opt.tol)
        << what << ": jvp tangent " << value_str(cx, ret, dy) << " vs finite differences " << value_str(cx, ret, fdv);
    // Dot-product test.
    Val c = random_value(cx, ret, rng, -1, 1);
    std::vector<Val> gargs = x;
    if (has_f64(cx, ret)) gargs.push_back(c);
    Val gr = call_or_fail(cx, g.value, gargs, host, what + " vjp", ok);
    if (!ok) return;
    double lhs = dot(cx, ret, dy, c), rhs = 0;
    for (size_t k = 0; k < ps.size(); k++) rhs += dot(cx, ps[k], t[k], gr.list()[k]);
    EXPECT_NEAR(lhs, rhs, 1e-9 * (1 + std::fabs(lhs))) << what << ": dot-product test <J t, c> != <t, Jᵀ c>";
    // Non-differentiable leaves of the gradient are the inputs' (Rose semantics).
    for (size_t k = 0; k < ps.size(); k++) {
      if (cx.types.kind(ps[k]) == Kind::Bool || cx.types.kind(ps[k]) == Kind::Fin) {
        EXPECT_LT(max_rel_diff(cx, ps[k], gr.list()[k], x[k]), 1e-12) << what << ": discrete gradient leaf";
      }
    }
  }
  CheckOptions next = opt;
  next.order = opt.order - 1;
  next.trials = 1;
  if (next.order > 0) {
    check_grads(cx, j.value, next, rng, host, what + " jvp");
    check_grads(cx, g.value, next, rng, host, what + " vjp");
  }
}

bool MathHost::call(uint32_t host, const double* a, uint32_t n, double& out, std::string& err) {
  if (host >= names_.size()) return err = "unknown host function", false;
  const std::string& f = names_[host];
  if (f == "sin") out = std::sin(a[0]);
  else if (f == "cos") out = std::cos(a[0]);
  else if (f == "exp") out = std::exp(a[0]);
  else if (f == "log") out = std::log(a[0]);
  else if (f == "sqrt") out = std::sqrt(a[0]);
  else if (f == "atan") out = std::atan(a[0]);
  else if (f == "pow") out = pow_of(a[0], a[1]);
  else if (f == "hypot3") out = std::sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2] + a[3] * a[3]);
  else return err = "no host function " + f, false;
  (void)cx_;
  (void)n;
  return true;
}

}  // namespace rose::test
