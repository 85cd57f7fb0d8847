#include "support/random_program.h"

#include "ir/builder.h"

namespace rose::test {

namespace {

struct Gen {
  Context& cx;
  Rng& rng;
  const RandomOptions& opt;
  Builder* b = nullptr;
  Vec<VarId> pool;  // reals in scope
  Vec<FuncId> helpers;

  Types& T() { return cx.types; }
  VarId pick() { return pool[rng.below(uint32_t(pool.size()))]; }
  VarId lit(double x) { return b->real(x); }
  VarId one_plus_sq(VarId x) { return b->binary(Op::Add, lit(1), b->binary(Op::Mul, x, x)); }

  VarId expr() {
    VarId x = pick(), y = pick();
    switch (rng.below(14)) {
      case 0: return b->binary(Op::Add, x, y);
      case 1: return b->binary(Op::Sub, x, y);
      case 2: return b->binary(Op::Mul, x, y);
      case 3: return b->binary(Op::Div, x, one_plus_sq(y));
      case 4: return b->unary(Op::Sin, x);
      case 5: return b->unary(Op::Cos, x);
      case 6: return b->unary(Op::Tanh, x);
      case 7: return b->unary(Op::Exp, b->unary(Op::Sin, x));
      case 8: return b->unary(Op::Log, one_plus_sq(x));
      case 9: return b->unary(Op::Sqrt, one_plus_sq(x));
      case 10: return b->binary(Op::Atan2, x, one_plus_sq(y));
      case 11: return b->binary(rng.below(2) ? Op::Min : Op::Max, x, y);
      case 12: {
        VarId c = b->binary(rng.below(2) ? Op::Lt : Op::Geq, x, y);
        return b->select(c, b->binary(Op::Mul, x, y), b->unary(Op::Sin, y));
      }
      default: {
        if (helpers.empty()) return b->unary(Op::Neg, x);
        FuncId h = helpers[rng.below(uint32_t(helpers.size()))];
        Vec<VarId> args;
        for (size_t k = 0; k < cx.func(h).param_tys.size(); k++) args.push_back(pick());
        return b->call(h, args);
      }
    }
  }

  void body(int n) {
    for (int k = 0; k < n; k++) pool.push_back(expr());
  }

  FuncId helper(int arity) {
    Builder hb(cx, "h" + std::to_string(helpers.size()));
    Builder* saved = b;
    b = &hb;
    Vec<VarId> saved_pool;
    saved_pool.swap(pool);
    for (int k = 0; k < arity; k++) pool.push_back(hb.param(T().real()));
    body(opt.ops / 2 + 1);
    Result<FuncId> f = hb.finish(pool.back());
    pool.swap(saved_pool);
    b = saved;
    return f.value;
  }

  FuncId root() {
    for (int k = 0; k < opt.helpers; k++) helpers.push_back(helper(1 + int(rng.below(2))));
    Builder rb(cx, "root");
    b = &rb;
    TyId real = T().real(), n3 = T().fin(3), vec = T().array(n3, real);
    StrId kk = cx.strings.intern("k"), kx = cx.strings.intern("x");
    TyId ms[2] = {T().boolean(), real};
    StrId ks[2] = {kk, kx};
    TyId st = T().record(ms, ks, 2, cx.strings);
    VarId x = rb.param(real), v = rb.param(vec), s = rb.param(st);
    pool = {x, rb.member(s, 1)};
    VarId flag = rb.member(s, 0);
    for (uint32_t i = 0; i < 3; i++) pool.push_back(rb.index(v, rb.fin(i, n3)));
    body(opt.ops / 2);
    VarId w;
    if (opt.loops) {
      // vec over the array, using outer values and the element.
      Vec<VarId> outer = pool;
      VarId i = rb.begin_for(n3);
      pool.push_back(rb.index(v, i));
      body(3);
      VarId elem = pool.back();
      w = rb.end_for(elem);
      pool = outer;
      // sum over the new array.
      VarId acc = rb.accum(lit(0));
      VarId j = rb.begin_for(n3);
      pool.push_back(rb.index(w, j));
      body(2);
      VarId u = rb.add_to(acc, pool.back());
      rb.end_for(u);
      pool = outer;
      pool.push_back(rb.resolve(acc));
    } else {
      w = v;
    }
    body(opt.ops / 2);
    VarId r = rb.select(flag, pool.back(), pool[pool.size() - 2]);
    TyId rms[2] = {real, vec};
    StrId rks[2] = {cx.strings.intern("s"), cx.strings.intern("v")};
    TyId rt = T().record(rms, rks, 2, cx.strings);
    Result<FuncId> f = rb.finish(rb.tuple({r, w}, rt));
    for (FuncId h : helpers) cx.release(h);  // the root holds them now
    return f.value;
  }
};

}  // namespace

FuncId random_program(Context& cx, Rng& rng, const RandomOptions& opt) {
  Gen g{cx, rng, opt};
  return g.root();
}

}  // namespace rose::test
