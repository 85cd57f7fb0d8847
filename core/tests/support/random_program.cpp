#include "support/random_program.h"

#include "ir/builder.h"

#include <cstdlib>

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
      default:  // a helper defined earlier: helpers call helpers, and calls sit in loops
        if (helpers.empty()) return b->unary(Op::Neg, x);
        return call_helper(rng.below(uint32_t(helpers.size())), x);
    }
  }

  void body(int n) {
    for (int k = 0; k < n; k++) pool.push_back(expr());
  }

  // Helpers come in three shapes, so calls pass and return composites:
  // reals -> real; ([3]real, real) -> real with a sum loop inside; and
  // reals -> {a: real, b: real}, of which the caller takes one member.
  enum Shape { kScalar, kArrayIn, kPairOut };
  Vec<uint8_t> shapes;  // per helper
  Vec<VarId> arrays;    // [3]real values in scope

  TyId vec3() { return T().array(T().fin(3), T().real()); }
  TyId pair_ty() {
    TyId ms[2] = {T().real(), T().real()};
    StrId ks[2] = {cx.strings.intern("a"), cx.strings.intern("b")};
    return T().record(ms, ks, 2, cx.strings);
  }

  VarId call_helper(uint32_t h, VarId fallback) {
    if (shapes[h] == kArrayIn && arrays.empty()) return b->unary(Op::Neg, fallback);
    const Func& f = cx.func(helpers[h]);
    Vec<VarId> args;
    for (TyId p : f.param_tys) args.push_back(p == vec3() ? arrays[rng.below(uint32_t(arrays.size()))] : pick());
    VarId r = b->call(helpers[h], args);
    return shapes[h] == kPairOut ? b->member(r, rng.below(2)) : r;
  }

  // sum over i < 3 of an expression of a[i]: an accumulator in a loop.
  VarId sum_over(VarId a, int ops) {
    Vec<VarId> outer = pool;
    VarId acc = b->accum(lit(0));
    VarId j = b->begin_for(T().fin(3));
    pool.push_back(b->index(a, j));
    body(ops);
    b->end_for(b->add_to(acc, pool.back()));
    pool = outer;
    return b->resolve(acc);
  }

  FuncId helper(int arity) {
    Shape shape = Shape(rng.below(3));
    Builder hb(cx, "h" + std::to_string(helpers.size()));
    Builder* saved = b;
    b = &hb;
    Vec<VarId> saved_pool, saved_arrays;
    saved_pool.swap(pool);
    saved_arrays.swap(arrays);
    if (shape == kArrayIn) arrays.push_back(hb.param(vec3()));
    for (int k = 0; k < arity; k++) pool.push_back(hb.param(T().real()));
    if (shape == kArrayIn) pool.push_back(sum_over(arrays[0], 2));
    body(opt.ops / 2 + 1);
    VarId r = pool.back();
    if (shape == kPairOut) r = hb.tuple({r, pool[pool.size() - 2]}, pair_ty());
    Result<FuncId> f = hb.finish(r);
    pool.swap(saved_pool);
    arrays.swap(saved_arrays);
    b = saved;
    shapes.push_back(uint8_t(shape));
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
    arrays = {v};
    VarId flag = rb.member(s, 0);
    for (uint32_t i = 0; i < 3; i++) pool.push_back(rb.index(v, rb.fin(i, n3)));
    body(opt.ops / 2);
    VarId w;
    if (opt.loops) {
      // vec over the array, using outer values and the element; sometimes
      // with a sum over the array nested inside.
      Vec<VarId> outer = pool;
      VarId i = rb.begin_for(n3);
      pool.push_back(rb.index(v, i));
      if (rng.below(2)) pool.push_back(sum_over(v, 1));
      body(3);
      VarId elem = pool.back();
      w = rb.end_for(elem);
      pool = outer;
      arrays.push_back(w);
      pool.push_back(sum_over(w, 2));  // sum over the new array
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

int seed_count(int fallback) {
  const char* s = std::getenv("ROSE_RANDOM_SEEDS");
  int n = s ? std::atoi(s) : 0;
  return n > 0 ? n : fallback;
}

FuncId random_program(Context& cx, Rng& rng, const RandomOptions& opt) {
  Gen g{cx, rng, opt};
  return g.root();
}

}  // namespace rose::test
