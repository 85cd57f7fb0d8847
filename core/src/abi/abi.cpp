// The engine's exports for the JS package. See abi.h for the conventions.
#include "util/vec.h"
#include "util/fmt.h"
#include "abi/abi.h"

#include <cstdlib>
#include <cstring>

#include "ir/builder.h"
#include "ir/print.h"
#include "passes/passes.h"
#include "wasm/codegen.h"
#include "wasm/layout.h"
#include "util/str.h"

#ifdef __wasm__  // exported without the rose_ prefix: the names ship in the download
#define ROSE_EXPORT(name) extern "C" __attribute__((export_name(#name), used))
#else
#define ROSE_EXPORT(name) extern "C"
#endif

namespace rose::abi {
namespace {

Context* g_cx = nullptr;
wasm::Layouts* g_layouts = nullptr;  // rose_ty_info's: types are never freed, so neither are their layouts
Str g_error;
Vec<uint8_t> g_text;  // rose_text: the last printed text or compiled module

void set_text(const Str& t) {
  g_text.clear();
  g_text.insert(g_text.end(), reinterpret_cast<const uint8_t*>(t.data()), reinterpret_cast<const uint8_t*>(t.data()) + t.size());
}

Context& cx() {
  if (!g_cx) g_cx = new Context(), g_layouts = new wasm::Layouts(*g_cx);
  return *g_cx;
}

uint32_t fail(const Str& e) {
  g_error = e;
  return kFail;
}
// For literals: no temporary string at each call site.
uint32_t fail(const char* e) {
  g_error = e;
  return kFail;
}

bool live_fn(uint32_t f) { return cx().alive(FuncId(f)); }

// Reads a batch through the Builder; every instruction is checked as it is added.
struct Reader {
  const uint32_t* w;
  uint32_t n, p = 0;
  bool ok = true;
  uint32_t next() {
    if (p >= n) {
      ok = false;
      return 0;
    }
    return w[p++];
  }
  // Appends the next k words to b's operand pool; returns where they start.
  uint32_t to_pool(Builder& b, uint32_t k) {
    uint32_t at = b.func().pool.size();
    for (uint32_t j = 0; j < k && ok; j++) b.pool_push(next());
    return at;
  }
  // A count, then that many words (a call's generics or arguments).
  uint32_t counted_to_pool(Builder& b) {
    uint32_t k = next();
    uint32_t at = b.pool_push(k);
    to_pool(b, k);
    return at;
  }
};

uint32_t read_fn(const uint32_t* words, uint32_t n) {
  Context& c = cx();
  Reader r{words, n};
  // The name's UTF-8 bytes sit in the words as they are in memory (wasm32 is little-endian).
  uint32_t nbytes = r.next();
  uint64_t nwords = (uint64_t(nbytes) + 3) / 4;  // 64-bit: nbytes near 2^32 must not wrap to 0
  if (nwords > r.n - r.p) return fail("the function batch is truncated");
  Builder b(c, Str(reinterpret_cast<const char*>(r.w + r.p), nbytes));
  r.p += uint32_t(nwords);
  uint32_t np = r.next();
  for (uint32_t k = 0; k < np && r.ok; k++) b.param(TyId(r.next()));  // which checks the type
  if (b.failed()) return fail(b.error());
  uint32_t ret = r.next();
  if (!c.types.valid(TyId(ret))) return fail("invalid return type");
  uint32_t count = 0;
  while (r.ok && !b.failed()) {
    uint32_t op = r.next();
    if (op == kEnd) {
      uint32_t v = r.next();
      if (!r.ok) break;
      if (v >= b.func().vars.size() || b.type(VarId(v)) != TyId(ret))
        return fail(fmt(c, "the result has type %, expected %",
                        v < b.func().vars.size() ? b.type(VarId(v)) : TyId(), TyId(ret)));
      Result<FuncId> f = b.finish(VarId(v));
      if (!f.ok()) return fail(f.error);
      return f.value.i;
    }
    if (op == kEndFor) {
      b.end_for(VarId(r.next()));
      count += !b.failed();
      continue;
    }
    if (op >= uint32_t(kNumOps)) return fail(fmt(c, "bad op code % at instruction %", op, count));
    Op o = Op(op);
    uint32_t ty = r.next();
    TyId want = ty == kFail ? TyId() : TyId(ty);
    if (want.valid() && !c.types.valid(want)) return fail(fmt(c, "invalid type at instruction %", count));
    Instr in{VarId(), o};
    switch (op_form(o)) {
      case Form::Lit:
        if (o == Op::Real) in.a = r.next(), in.b = r.next();
        else if (o == Op::Bool || o == Op::Fin) in.a = r.next();
        break;
      case Form::List: in.b = r.next(), in.a = r.to_pool(b, in.b); break;
      case Form::Pair: case Form::VarImm: in.a = r.next(), in.b = r.next(); break;
      case Form::Unary: in.a = r.next(); break;
      case Form::Select: in.a = r.next(), in.b = r.to_pool(b, 2); break;  // then, else
      case Form::Call:
        in.b = r.next();  // the Builder checks that it is alive
        in.a = r.counted_to_pool(b);
        r.counted_to_pool(b);
        break;
      case Form::For:
        b.begin_for(want);
        count += !b.failed();
        continue;
    }
    if (!r.ok) break;
    b.emit(in, want);
    count += !b.failed();  // an error names the instruction that made it, counting from 0
  }
  if (b.failed()) return fail(fmt(c, "% (instruction %)", b.error(), count));
  return fail("the function batch is truncated");
}

}  // namespace
}  // namespace rose::abi

using namespace rose;
using namespace rose::abi;

ROSE_EXPORT(alloc) void* rose_alloc(uint32_t bytes) { return std::malloc(bytes ? bytes : 1); }
ROSE_EXPORT(free) void rose_free(void* p) { std::free(p); }
ROSE_EXPORT(error) const char* rose_error() { return g_error.data(); }
ROSE_EXPORT(error_len) uint32_t rose_error_len() { return uint32_t(g_error.size()); }
ROSE_EXPORT(text) const uint8_t* rose_text() { return g_text.data(); }
ROSE_EXPORT(text_len) uint32_t rose_text_len() { return uint32_t(g_text.size()); }

// Types. kind: 0 unit, 1 bool, 2 real, 3 tan, 4 fin (a = n), 6 ref (a = inner),
// 7 array (a = index, b = elem), 8 dual struct. (No generics: functions built
// here declare no generic parameters, so a generic type could mean nothing.)
ROSE_EXPORT(ty) uint32_t rose_ty(uint32_t kind, uint32_t a, uint32_t b) {
  Types& T = cx().types;
  switch (kind) {
    case 0: return T.unit().i;
    case 1: return T.boolean().i;
    case 2: return T.real().i;
    case 3: return T.tan().i;
    case 4: return T.fin(a).i;
    case 6: return T.valid(TyId(a)) ? T.ref(TyId(a)).i : fail("invalid type");
    case 7:
      if (!T.valid(TyId(a)) || !T.valid(TyId(b))) return fail("invalid type");
      if (T.kind(TyId(a)) != Kind::Fin) return fail("index type cannot be used as an index");
      if (!T.is_value(TyId(b))) return fail("array elements cannot be references");
      return T.array(TyId(a), TyId(b)).i;
    case 8: return cx().dual().i;
    default: return fail("invalid type");
  }
}

// A tuple (keys == 0) or a struct: keys points at n (ptr, len) pairs of UTF-8,
// distinct and sorted by key_less (JavaScript's string order).
ROSE_EXPORT(ty_tuple) uint32_t rose_ty_tuple(uint32_t n, const uint32_t* members, const uintptr_t* keys) {
  Context& c = cx();
  Vec<TyId> ms(n);
  Vec<StrId> ks(keys ? n : 0);  // interned: equal keys are equal ids
  for (uint32_t k = 0; k < n; k++) {
    ms[k] = TyId(members[k]);
    if (!c.types.valid(ms[k]) || !c.types.is_value(ms[k])) return fail("invalid type");
    if (keys) ks[k] = c.strings.intern(Str(reinterpret_cast<const char*>(keys[2 * k]), keys[2 * k + 1]));
  }
  TyId t = keys ? c.types.record(ms.data(), ks.data(), n, c.strings) : c.types.tuple(ms.data(), n);
  return t.valid() ? t.i : fail("struct keys must be distinct and sorted");
}

// Describes a type: out[0] its kind (Kind's order, but 9 a tuple, 10 a struct);
// out[1..3] its size, alignment and stride in memory (wasm/layout.h: the
// layout the JS codec reads and writes); out[4], out[5]: fin n / ref inner /
// array index, elem / tuple n; out[6] whether it holds a real or tangent (its
// VJP takes an accumulator); then a tuple's members and their offsets.
// For structs the keys follow as text: rose_text holds them joined by '\0'.
ROSE_EXPORT(ty_info) uint32_t rose_ty_info(uint32_t t, uint32_t* out, uint32_t cap) {
  Context& c = cx();
  Types& T = c.types;
  TyId ty(t);
  if (!T.valid(ty) || T.kind(ty) == Kind::Generic) return fail("invalid type");
  const TypeNode& node = T.get(ty);
  bool tuple = node.kind == Kind::Tuple;
  uint32_t n = tuple ? node.b : 0;
  if (cap < 7 + 2 * uint64_t(n)) return fail("buffer too small");
  wasm::Layouts& L = *g_layouts;
  out[0] = tuple ? 9 + T.has_keys(ty) : uint32_t(node.kind);
  out[1] = L.size(ty), out[2] = L.align(ty), out[3] = L.stride(ty);
  out[4] = tuple ? n : node.a, out[5] = node.b, out[6] = has_f64(c, ty);
  if (!tuple) return 7;
  Str keys;
  for (uint32_t k = 0; k < n; k++) {
    out[7 + k] = T.member(ty, k).i;
    out[7 + n + k] = L.offset(ty, k);
    if (T.has_keys(ty)) keys += c.strings.get(T.key(ty, k)), keys += '\0';
  }
  set_text(keys);
  return 7 + 2 * n;
}

ROSE_EXPORT(fn) uint32_t rose_fn(const uint32_t* batch, uint32_t words) { return read_fn(batch, words); }

ROSE_EXPORT(opaque) uint32_t rose_opaque(uint32_t n, const uint32_t* params, uint32_t ret, uint32_t host,
                                             uint32_t name_len, const char* name) {
  Vec<TyId> ps(n);  // Builder::opaque checks them
  for (uint32_t k = 0; k < n; k++) ps[k] = TyId(params[k]);
  Result<FuncId> f = Builder::opaque(cx(), Str(name, name_len), ps, TyId(ret), host);
  return f.ok() ? f.value.i : fail(f.error);
}

// The signature: out = [nparams, param..., ret]; returns the count written.
ROSE_EXPORT(sig) uint32_t rose_sig(uint32_t f, uint32_t* out, uint32_t cap) {
  if (!live_fn(f)) return fail("function was disposed");
  const Func& fn = cx().func(FuncId(f));
  if (cap < fn.param_tys.size() + 2) return fail("buffer too small");
  out[0] = uint32_t(fn.param_tys.size());
  for (size_t k = 0; k < fn.param_tys.size(); k++) out[1 + k] = fn.param_tys[k].i;
  out[1 + fn.param_tys.size()] = fn.ret_ty.i;
  return uint32_t(fn.param_tys.size() + 2);
}

ROSE_EXPORT(retain) uint32_t rose_retain(uint32_t f) {
  if (!live_fn(f)) return fail("function was disposed");
  cx().retain(FuncId(f));
  return 0;
}

ROSE_EXPORT(release) uint32_t rose_release(uint32_t f) {
  if (!live_fn(f)) return fail("function was disposed");
  cx().release(FuncId(f));
  return 0;
}

// Moves up to cap host numbers of freed opaque functions into out; returns how many.
ROSE_EXPORT(freed_hosts) uint32_t rose_freed_hosts(uint32_t* out, uint32_t cap) {
  Vec<uint32_t>& h = cx().freed_hosts;
  uint32_t n = 0;
  for (; n < cap && !h.empty(); n++) out[n] = h.back(), h.pop_back();
  return n;
}

// Sets f's custom JVP without checking it (Rose accepts any function here;
// a mismatch is reported when the JVP is first needed).
ROSE_EXPORT(set_jvp) uint32_t rose_set_jvp(uint32_t f, uint32_t g) {
  if (!live_fn(f) || (g != kFail && !live_fn(g))) return fail("function was disposed");
  cx().set_custom_jvp(FuncId(f), g == kFail ? FuncId() : FuncId(g));
  return 0;
}

// Derived functions are owned by f's cache: the JS side retains what it keeps.
ROSE_EXPORT(jvp) uint32_t rose_jvp(uint32_t f) {
  if (!live_fn(f)) return fail("function was disposed");
  Result<FuncId> j = jvp(cx(), FuncId(f));
  if (j.ok()) j = as_real(cx(), j.value);  // Rose types a JVP's tangents as reals
  return j.ok() ? j.value.i : fail(j.error);
}

// out = [fwd, bwd]; returns the count written (2).
ROSE_EXPORT(vjp) uint32_t rose_vjp(uint32_t f, uint32_t* out) {
  if (!live_fn(f)) return fail("function was disposed");
  Result<Transposed> t = vjp(cx(), FuncId(f));
  if (!t.ok()) return fail(t.error);
  out[0] = t.value.fwd.i;
  out[1] = t.value.bwd.i;
  return 2;
}

// Prints f and everything it references into rose_text.
ROSE_EXPORT(print) uint32_t rose_print(uint32_t f) {
  if (!live_fn(f)) return fail("function was disposed");
  set_text(print_module(cx(), FuncId(f)));
  return uint32_t(g_text.size());
}

// Compiles f (optimized copies of it and its callees) to a Wasm module:
// rose_text holds the module bytes and rose_compile_info points at
// [frame, args, ret, n_imports, (kind, id) × n_imports] (see wasm/codegen.h).
namespace {
Vec<uint32_t> g_info;
}
ROSE_EXPORT(compile) uint32_t rose_compile(uint32_t f) {
  if (!live_fn(f)) return fail("function was disposed");
  Context& c = cx();
  Result<FuncId> o = optimize(c, FuncId(f));
  if (!o.ok()) return fail(o.error);
  Result<wasm::Compiled> w = wasm::compile_wasm(c, o.value);
  c.release(o.value);
  if (!w.ok()) return fail(w.error);
  g_text = std::move(w.value.bytes.b);  // no copy of a module that may be megabytes
  g_info.clear();
  for (uint32_t x : {w.value.frame, w.value.args, w.value.ret, w.value.imports.size()}) g_info.push_back(x);
  for (const wasm::Import& im : w.value.imports) g_info.push_back(im.kind), g_info.push_back(im.id);
  return 0;
}
ROSE_EXPORT(compile_info) const uint32_t* rose_compile_info() { return g_info.data(); }

ROSE_EXPORT(live_functions) uint32_t rose_live_functions() { return cx().live_count(); }
