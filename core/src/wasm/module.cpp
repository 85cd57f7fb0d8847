// Module assembly: which functions and imports, their indices, the helper
// functions, the entry wrapper, and the sections in the order the spec gives.
#include "ir/print.h"
#include "util/fmt.h"
#include "wasm/module_cx.h"

namespace rose::wasm {

const char* const kMathNames[8] = {"exp", "log", "sin", "cos", "tan", "tanh", "atan2", "pow"};

int math_slot(Op op) {  // kMathNames' order: exp..tanh in op order, then atan2, pow
  static_assert(uint32_t(Op::Tanh) - uint32_t(Op::Exp) == 5, "exp..tanh follow ops.def");
  if (op >= Op::Exp && op <= Op::Tanh) return int(op) - int(Op::Exp);
  return op == Op::Atan2 ? 6 : op == Op::Pow ? 7 : -1;
}

#define ROSE_NOINLINE __attribute__((noinline))
ROSE_NOINLINE void Code::op(uint8_t o) { code.byte(o); }
ROSE_NOINLINE void Code::op_u32(uint8_t o, uint32_t x) { code.byte(o), code.u32(x); }
ROSE_NOINLINE void Code::i32c(int32_t x) { op(kI32Const), code.s32(x); }
void Code::f64c(double x) { op(kF64Const), code.f64(x); }
ROSE_NOINLINE void Code::add_const(uint32_t o) {
  if (o) i32c(int32_t(o)), op(kI32Add);
}
ROSE_NOINLINE void Code::access(Mem m, bool store, uint32_t offset) {
  static const uint8_t kOps[2][4] = {{kI32Load8U, kI32Load16U, kI32Load, kF64Load},
                                     {kI32Store8, kI32Store16, kI32Store, kF64Store}};
  if (m == Mem::None) {  // nothing in memory: drop the address (and the value); a load gives 0
    op(kDrop);
    return store ? op(kDrop) : i32c(0);
  }
  uint32_t k = uint32_t(m) - 1;  // also the alignment's log2
  op(kOps[store][k]), code.u32(k), code.u32(offset);
}
void Code::mem_op(uint8_t which, uint32_t n) {
  i32c(int32_t(n));
  op_u32(kPrefixFC, which), op(0);  // memory 0
  if (which == kMemCopy) op(0);     // to memory 0
}

namespace {

// Helpers: add_T(dst, src) adds the f64 leaves of src into dst; zero_T(dst)
// zeroes them. Arrays loop over their elements.
struct HelperGen : Code {
  ModuleCx& M;
  explicit HelperGen(ModuleCx& m) : M(m) {}
  void get(uint32_t l) { op_u32(kLocalGet, l); }
  void set(uint32_t l) { op_u32(kLocalSet, l); }
  // The leaves of one element at dst (local d) and src (local s).
  void element(Helper kind, TyId t, uint32_t d, uint32_t s) {
    Layouts& L = M.L;
    Leaves lv;
    L.leaf_types(t, lv.t, lv.off, 0, true);  // a boxed tuple's members
    for (uint32_t j = 0; j < lv.size(); j++) {
      if (!L.has_f64(lv.t[j])) continue;
      if (L.scalar(lv.t[j])) {
        get(d);
        if (kind == Helper::Add) {
          get(d), access(Mem::F64, false, lv.off[j]);
          get(s), access(Mem::F64, false, lv.off[j]);
          op(kF64Add);
        } else {
          f64c(0);
        }
        access(Mem::F64, true, lv.off[j]);
      } else {
        get(d), add_const(lv.off[j]);
        if (kind == Helper::Add) get(s), add_const(lv.off[j]);
        op_u32(kCall, M.helper(kind, lv.t[j]));
      }
    }
  }
  void body(Helper kind, TyId t, Bytes& out) {
    Types& T = M.cx.types;
    uint32_t nparams = kind == Helper::Add ? 2 : 1;
    uint32_t d = 0, s = 1, i = nparams, p = nparams + 1, q = nparams + 2;
    if (T.kind(t) == Kind::Array && T.fin_size(T.index_of(t)) > 0) {
      TyId e = T.elem(t);
      uint32_t n = T.fin_size(T.index_of(t)), stride = M.L.stride(e);
      op_u32(kLoop, 0x40);  // no result
      get(i), i32c(int32_t(stride)), op(kI32Mul), set(q);
      get(d), get(q), op(kI32Add), set(p);
      if (kind == Helper::Add) get(s), get(q), op(kI32Add), set(q);
      element(kind, e, p, q);
      get(i), i32c(1), op(kI32Add), op_u32(kLocalTee, i);
      i32c(int32_t(n)), op(kI32LtU), op_u32(kBrIf, 0);
      op(kEnd);
    } else if (T.kind(t) == Kind::Tuple) {
      element(kind, t, d, s);
    }
    op(kEnd);
    out.u32(3 + code.size());
    out.raw("\1\3\x7f", 3);  // locals i, p, q: one run of 3 i32
    out.append(code);
  }
};

}  // namespace

uint32_t ModuleCx::type_index(const Sig& s) {
  Bytes e;
  e.byte(0x60);
  e.u32(s.params.size());
  for (ValType v : s.params) e.byte(v);
  e.u32(s.results.size());
  for (ValType v : s.results) e.byte(v);
  uint32_t n = type_at.size();
  for (uint32_t k = 0; k < n; k++) {
    uint32_t at = type_at[k], end = k + 1 < n ? type_at[k + 1] : types.size();
    if (end - at == e.size() && !std::memcmp(types.b.data() + at, e.b.data(), e.size())) return k;
  }
  type_at.push_back(types.size());
  types.append(e);
  return n;
}

void helper_body(ModuleCx& m, Helper kind, TyId t, Bytes& out) { HelperGen(m).body(kind, t, out); }

Result<Compiled> compile_wasm(Context& cx, FuncId root, uint32_t chunk_limit) {
  using R = Result<Compiled>;
#ifndef ROSE_WASM  // in the engine only rose_compile calls this, with optimize's live copy
  if (!cx.alive(root)) return R::fail("function was disposed");
#endif
  ModuleCx M(cx);
  M.chunk_limit = chunk_limit;
  const Func& rf = cx.func(root);
  if (rf.opaque) return R::fail("cannot compile an opaque function by itself");
  for (TyId p : rf.param_tys)
    if (cx.types.kind(p) == Kind::Ref) return R::fail(fmt(cx, "cannot compile @%: it takes a reference", root));
  // Functions in callee-first order, opaque callees, maths in use.
  Vec<FuncId> order, opaques;
  bool math_used[8] = {};
  uint32_t nf;
  for (FuncId g : reachable(cx, root, false, &nf)) {
    const Func& f = cx.func(g);
    if (f.opaque) {
      opaques.push_back(g);
      continue;
    }
    if (!f.generics.empty()) return R::fail(fmt(cx, "cannot compile generic function @% yet", g));
    order.push_back(g);
    for (const Block& b : f.blocks)
      for (const Instr& in : b.code) {
        int m = math_slot(in.op);
        if (m >= 0) math_used[m] = true;
      }
  }
  M.index_of.resize(nf);  // set below for every function reachable
  M.frame_of.resize(nf);
  Compiled out;
  // Imports, then the program's functions (the root, last, is the entry), and the helpers.
  for (FuncId g : opaques) {
    M.index_of[g.i] = M.next_index++;
    out.imports.push_back({0, cx.func(g).host});
  }
  for (uint32_t k = 0; k < 8; k++)
    if (math_used[k]) {
      M.math[k] = M.next_index++;
      out.imports.push_back({1, k});
    }
  for (FuncId g : order) M.index_of[g.i] = M.next_index++;
  Bytes bodies;  // the code section's function bodies
  Bytes funcs;  // the function section's type indices
  uint32_t nfuncs = 0;
  const Sig entry_sig{{kI32, kI32, kI32}, {kI32}};
  Str err;
  for (FuncId g : order) {
    Sig sig = g == root ? entry_sig : M.signature(cx.func(g));
    if (!lower_function(M, g, sig.params, g == root, bodies, err)) return R::fail(err);
    funcs.u32(M.type_index(sig)), nfuncs++;
  }
  // Helpers and chunks, in index order (a helper may ask for more helpers).
  for (uint32_t k = 0; k < M.extras.size(); k++) {
    const ModuleCx::Extra& e = M.extras[k];
    Sig sig;  // add_T(dst, src), zero_f64_T(dst) or a chunk(frameptr); no results
    sig.params.assign(e.helper && e.kind == Helper::Add ? 2 : 1, kI32);
    if (e.helper) {
      helper_body(M, e.kind, e.ty, bodies);  // (it may add extras: e moves)
    } else {
      Bytes chunk = std::move(M.extras[k].body);  // freed once copied
      bodies.append(chunk);
    }
    funcs.u32(M.type_index(sig)), nfuncs++;
  }
  // The imports' contents come first: their signatures complete the types.
  // (Opaque functions are the first imports, in the order of `opaques`.)
  Bytes imports;
  imports.u32(out.imports.size() + 1);
  for (uint32_t k = 0; k < out.imports.size(); k++) {
    const Import& im = out.imports[k];
    if (im.kind == 0) {
      imports.byte(0), imports.name(dec(im.id)), imports.byte(0);  // "" "<host>": a function
      imports.u32(M.type_index(M.signature(cx.func(opaques[k]))));
    } else {
      imports.raw("\4Math", 5), imports.name(kMathNames[im.id]), imports.byte(0);
      imports.u32(M.type_index(im.id >= 6 ? Sig{{kF64, kF64}, {kF64}} : Sig{{kF64}, {kF64}}));
    }
  }
  imports.raw("\1m\0\2\0\0", 6);  // "m" "": memory, no minimum
  // Sections, in spec order.
  Bytes& b = out.bytes;
  b.raw("\0asm\1\0\0\0", 8);  // magic, version 1
  Bytes sec;
  auto put = [&](uint8_t id) { section(b, id, sec), sec.b.clear(); };
  sec.u32(M.type_at.size());
  sec.append(M.types);
  put(1);
  section(b, 2, imports);
  sec.u32(nfuncs);
  sec.append(funcs);
  put(3);
  b.raw("\6\6\1\x7f\1\x41\0\x0b", 8);  // globals: one mutable i32 (the status), i32.const 0
  sec.raw("\1\1f\0", 4), sec.u32(M.index_of[root.i]);  // one export, "f": a function
  put(7);
  sec.u32(nfuncs);
  sec.append(bodies);
  put(10);
  out.frame = M.frame_of[root.i];
  out.args = M.entry_args;
  out.ret = M.L.size(rf.ret_ty);
  return R::of(std::move(out));
}

}  // namespace rose::wasm
