// Instruction selection for one function (see codegen.h for the conventions).
//
// Every IR variable gets "leaves": Wasm locals holding its scalars, pointers
// and accumulators. Members of flat tuples, fields of local accumulators and
// resolved local accumulators alias their source's leaves instead of copying.
// A leaf's local is returned to a free list (per value type) right after the
// last use of the variable that owns it, so straight-line code of any length
// needs few locals; a use inside a loop of something defined outside keeps it
// alive to the loop's end.
//
// A body too large for one Wasm function (V8 rejects bodies over 7,654,321
// bytes and more than 50,000 locals) is emitted as chunk functions that the
// function calls in order, all sharing its frame. A value a later chunk reads
// lives in a frame slot (8 bytes a leaf), stored once where it is defined and
// loaded where it is read; a local accumulator that several chunks add into
// keeps its leaves in slots (kSlotRef).
#include "ir/print.h"
#include "util/fmt.h"
#include "wasm/module_cx.h"
#include "util/str.h"

namespace rose::wasm {

namespace {

enum Rep : uint8_t { kValue, kLocalRef, kMemRef, kSlotRef };
constexpr uint8_t kEmptyBlock = 0x40;  // the block type of no values (its LEB128 is itself)
constexpr uint32_t kNone = UINT32_MAX;
constexpr uint32_t kParentChunk = UINT32_MAX - 1;

uint32_t round8(uint32_t x) { return (x + 7) & ~7u; }

// What a Wasm function body has of its own: a chunk swaps it out and back.
struct Body : Code {
  Vec<ValType> params, locals;  // Wasm parameters; declared locals after them
  Vec<uint32_t> free_i32, free_f64;
  uint32_t fp = 0;  // the local holding the frame pointer
  void swap(Body& o) {  // member by member: cheaper than std::swap's three moves
    code.b.swap(o.code.b), params.swap(o.params), locals.swap(o.locals);
    free_i32.swap(o.free_i32), free_f64.swap(o.free_f64), std::swap(fp, o.fp);
  }
};

struct Lower : Body {
  ModuleCx& M;
  Context& cx;
  Layouts& L;
  const Func& F;
  // Per IR variable, in one table (one allocation, and one entry's fields
  // side by side). A root is the variable whose leaves an alias shares.
  struct Var {
    uint32_t first = 0, count = 0;  // its leaves: leaf[first .. first + count)
    uint32_t root = 0, last = kNone;  // last: position of the root's last use
    uint32_t fin_const = kNone;  // the value of a fin literal
    // Lazy values are not held in locals: a constant, or a scalar loaded from
    // an immutable boxed tuple or array at a static offset, is re-emitted where
    // it is used. Long straight-line programs (a gradient's tape) then need few locals.
    const Instr* lazy = nullptr;  // its defining instruction, if lazy
    uint32_t early_head = kNone;  // its first early store (below)
    uint32_t tuple_off = kNone;   // a boxed tuple's frame offset, once allocated
    uint32_t block_of = 0;        // the block that defines it
    uint32_t def_chunk = 0;       // the chunk that defines it (without chunks: all 0, as cur_chunk)
    uint32_t slot = kNone;        // roots: frame offset of its slots
    uint32_t alias_off = 0;       // its first leaf within its root's leaves
    uint32_t next_dying = kNone;  // roots: the next root whose last use is at the same position
    uint8_t rep = kValue, pinned = 0;
    uint8_t mat = 0;       // materialized for the current instruction
    uint8_t crosses = 0;   // roots: read by another chunk than its own
    uint8_t slot_ref = 0;  // roots: a local accumulator kept in slots
    // A local `&real` accumulator whose first use is as an argument of a call
    // in its own block (a gradient's call sites make five per call): it skips
    // its zero and the call's delta becomes its value. 1: no use seen yet.
    uint8_t fresh = 0;
  };
  Vec<Var> vs;
  Vec<uint32_t> temps;      // locals materialized for the current instruction
  // Early stores: a member of a boxed tuple defined in the tuple's block is
  // stored into the tuple's memory right after it is computed, so it need
  // not stay in a local until the tuple is built.
  struct Early {
    uint32_t tuple, k;  // store into member k of this tuple variable
    uint32_t next;      // the member's next early store, or kNone
  };
  Vec<Early> early;
  Vec<uint32_t> leaf;  // Wasm local of each leaf
  // Per block.
  Vec<uint32_t> parent, end_pos;
  // By position: the first root whose last use it is and whose locals are then
  // released (not parameters, not slot-held ones); the next in Var::next_dying.
  Vec<uint32_t> dying;
  uint32_t pos = 0, off = 0, frame = 0;
  // Materialized operands of the current instruction (lazy or foreign).
  Vec<uint32_t> mat_list;
  // Pointers from earlier chunks, read once per chunk outside loops (a loop
  // of no iterations would leave the local unset) and kept until its end.
  Vec<uint32_t> kept;
  uint32_t loop_depth = 0;
  // Chunking (see the file comment).
  bool chunked = false;
  uint32_t cur_chunk = 0;
  Vec<uint32_t> chunk_at;     // per block-0 instruction: its chunk
  Str err;
  bool entry;  // the root: the module's export

  const Vec<ValType>& sig_params;  // the function's Wasm parameters (its signature's)
  Lower(ModuleCx& m, const Func& f, const Vec<ValType>& ps, bool root)
      : M(m), cx(m.cx), L(m.L), F(f), entry(root), sig_params(ps) {}

  Types& T() { return cx.types; }
  TyId ty(VarId v) const { return F.vars[v.i]; }
  TyId ty(uint32_t v) const { return F.vars[v]; }
  TyId inner(uint32_t r) { return T().inner(F.vars[r]); }  // a reference's content type

  // ---- bytes (out of line: each is called from many sites) ----
  // `local.set x; local.get x` becomes `local.tee x`: smaller modules, and
  // less for the engine's baseline compiler to chew on.
  uint32_t set_at = UINT32_MAX, set_end = UINT32_MAX, set_local = 0;
  __attribute__((noinline)) void get(uint32_t local) {
    if (code.size() == set_end && local == set_local) {
      code.b[set_at] = kLocalTee;
      set_end = UINT32_MAX;
      return;
    }
    op_u32(kLocalGet, local);
  }
  __attribute__((noinline)) void set(uint32_t local) {
    set_at = code.size(), set_local = local;
    op_u32(kLocalSet, local);
    set_end = code.size();
  }
  void call_fn(uint32_t index) { op_u32(kCall, index); }
  void load(TyId t, uint32_t offset) { access(L.mem(t), false, offset); }
  void store(TyId t, uint32_t offset) { access(L.mem(t), true, offset); }
  // A frame slot holds an f64 or an i32 (see the file comment).
  void slot_io(bool f64, bool store, uint32_t at) { access(f64 ? Mem::F64 : Mem::U32, store, at); }
  void slot_load(bool f64, uint32_t at) { get(fp), slot_io(f64, false, at); }

  // ---- locals ----
  ValType local_type(uint32_t l) const { return l < params.size() ? params[l] : locals[l - params.size()]; }
  uint32_t new_local(ValType t) {
    Vec<uint32_t>& fl = t == kF64 ? free_f64 : free_i32;
    if (!fl.empty()) {
      uint32_t l = fl.back();
      fl.pop_back();
      return l;
    }
    locals.push_back(t);
    return params.size() + locals.size() - 1;
  }
  void release(uint32_t l) {
    if (l >= params.size()) (local_type(l) == kF64 ? free_f64 : free_i32).push_back(l);
  }
  uint32_t lf(VarId v, uint32_t k) const { return leaf[vs[v.i].first + k]; }
  uint32_t lf(uint32_t v, uint32_t k) const { return leaf[vs[v].first + k]; }
  // Gives v fresh locals for the leaves of type t.
  void define(VarId v, TyId t) {
    Vec<ValType> vts;
    L.leaves(t, vts);
    vs[v.i].first = leaf.size();
    vs[v.i].count = vts.size();
    for (ValType vt : vts) leaf.push_back(new_local(vt));
  }
  void define_mem(VarId v) {  // a reference held as one address
    vs[v.i].first = leaf.size();
    vs[v.i].count = 1;
    leaf.push_back(new_local(kI32));
  }
  void alias(VarId v, uint32_t src, uint32_t k0, uint32_t n) {
    vs[v.i].first = vs[src].first + k0;
    vs[v.i].count = n;
  }
  void no_leaves(uint32_t v) { vs[v].first = leaf.size(), vs[v].count = 0; }

  bool is_lazy(uint32_t v) const { return vs[v].lazy != nullptr; }
  bool lazy_const(uint32_t v) const { return vs[v].lazy && op_form(vs[v].lazy->op) == Form::Lit; }
  // Defined in another chunk (or, inside a chunk, a parameter): read from slots.
  bool foreign(uint32_t v) const { return !is_lazy(v) && vs[vs[v].root].def_chunk != cur_chunk; }
  uint32_t slot_of(uint32_t v) const { return vs[vs[v].root].slot + 8 * vs[v].alias_off; }
  bool needs_mat(uint32_t v) const { return (is_lazy(v) || foreign(v)) && !vs[v].mat && vs[v].rep != kSlotRef; }
  void prepare(uint32_t v) {
    if (needs_mat(v)) materialize(v);
  }
  // Where a lazy part lives: at `off` from the address that the returned
  // variable (a boxed value, not lazy itself) holds in its leaf.
  uint32_t lazy_addr(uint32_t v, uint32_t& off) {
    const Instr& d = *vs[v].lazy;
    uint32_t o = d.op == Op::Member ? L.offset(ty(d.a), d.b) : vs[d.b].fin_const * L.stride(ty(v));  // or Index
    if (!is_lazy(d.a)) return off = o, d.a;
    uint32_t base = lazy_addr(d.a, off);
    off += o;
    return base;
  }
  // Pushes a lazy value's leaves.
  void emit_lazy(uint32_t v) {
    const Instr& d = *vs[v].lazy;
    if (d.op == Op::Real) return f64c(d.real());
    if (op_form(d.op) == Form::Lit) return i32c(int32_t(d.a));
    uint32_t off, base = lazy_addr(v, off);
    prepare(base);
    Leaves lv(L, ty(v), off);
    for (uint32_t j = 0; j < lv.size(); j++) push_part(lf(base, 0), lv, j);
  }
  // Pushes leaf j of a value in memory at the address local a holds: a
  // scalar's value, a boxed part's address.
  void push_part(uint32_t a, const Leaves& lv, uint32_t j) {
    get(a);
    if (L.scalar(lv.t[j])) load(lv.t[j], lv.off[j]);
    else add_const(lv.off[j]);
  }
  // Calls, the arithmetic ops and scalar selects push each operand once, so
  // their lazy operands are emitted in place instead of through a temporary local.
  bool in_place(const Instr& in) {
    Op o = in.op;
    return o == Op::Call || (o >= Op::Not && o <= Op::Geq && o != Op::IAdd && o != Op::Sign) ||
           (o == Op::Select && L.leaf_count(ty(in.var)) == 1);
  }
  void push_value(uint32_t v) {
    if (is_lazy(v) && !vs[v].mat) return emit_lazy(v);
    for (uint32_t j = 0; j < vs[v].count; j++) get(lf(v, j));
  }
  void push_leaf(uint32_t v, uint32_t k) {  // of a value with one leaf if lazy
    if (is_lazy(v) && !vs[v].mat) return emit_lazy(v);
    get(lf(v, k));
  }
  // Puts a lazy or foreign value into temporary locals for the current instruction.
  void materialize(uint32_t v) {
    bool lazy = is_lazy(v);
    define(VarId(v), ty(v));
    uint32_t n = vs[v].count;
    if (lazy) {
      emit_lazy(v);
      for (uint32_t k = n; k-- > 0;) set(lf(v, k));
    } else {
      load_slots(v, v);  // from its root's slots
    }
    bool keep = !lazy && !loop_depth && n == 1 && local_type(lf(v, 0)) == kI32;
    for (uint32_t k = 0; k < n && !keep; k++) temps.push_back(lf(v, k));
    vs[v].mat = 1;
    (keep ? kept : mat_list).push_back(v);
  }
  void materialize_operands(const Instr& in) { visit_operands(in, false, 0, 0); }
  // The operand walks of liveness (living: uses in block b of chunk c) and
  // of materialization share one for_each_operand.
  void visit_operands(const Instr& in, bool living, uint32_t b, uint32_t c) {
    for_each_operand(F, in, [&](VarId x) {
      if (!living) {
        if (!in_place(in) || !is_lazy(x.i)) prepare(x.i);
        return;
      }
      uint32_t r = vs[x.i].root;
      if (vs[r].fresh == 1) vs[r].fresh = in.op == Op::Call && x.i == r && vs[r].block_of == b ? 2 : 0;
      use(x.i, b, pos, c);
    });
  }
  // Ends the current instruction's materializations.
  void release_temps() {
    for (uint32_t l : temps) release(l);
    temps.clear();
    for (uint32_t v : mat_list) vs[v].mat = 0, vs[v].count = 0;  // their locals are gone
    mat_list.clear();
  }
  // After defining v: if later chunks read it, store it into its slots (only chunks set crosses).
  void store_slots(uint32_t v) {
    if (!vs[v].crosses || vs[v].root != v || vs[v].rep == kSlotRef || is_lazy(v)) return;
    for (uint32_t k = 0; k < vs[v].count; k++) {
      get(fp), get(lf(v, k)), slot_io(local_type(lf(v, k)) == kF64, true, vs[v].slot + 8 * k);
    }
  }
  // Whether an instruction's value can be lazy: a literal, or a part at a
  // static offset of an immutable boxed value (a tape's member is loaded
  // where it is used, not copied into slots when it crosses chunks).
  bool can_be_lazy(const Instr& in) {
    if (!L.leaf_count(ty(in.var))) return false;  // (units and references have none)
    switch (in.op) {
      case Op::Real: case Op::Bool: case Op::Fin: return true;
      case Op::Member: return vs[in.a].rep == kValue && (L.boxed(ty(in.a)) || is_lazy(in.a));
      case Op::Index: return vs[in.b].lazy && vs[in.b].lazy->op == Op::Fin;
      default: return false;
    }
  }

  // Frame memory: a static offset from the frame pointer.
  uint32_t alloc(uint32_t bytes) {
    uint32_t o = off;
    off = round8(off + bytes);
    if (off > frame) frame = off;
    return o;
  }
  void frame_addr(uint32_t o) { get(fp), add_const(o); }
  // Pushes the address of element i of the array (or slice) at the address a holds.
  void elem_addr(uint32_t a, uint32_t i, uint32_t stride) {
    get(lf(a, 0));
    if (vs[i].fin_const != kNone) add_const(vs[i].fin_const * stride);
    else get(lf(i, 0)), i32c(int32_t(stride)), op(kI32Mul), op(kI32Add);
  }

  // Loads v's leaves from memory at the address local `addr` holds, + base.
  void load_value(VarId v, uint32_t addr, uint32_t base) {
    Leaves lv(L, ty(v), base);
    for (uint32_t j = 0; j < lv.size(); j++) push_part(addr, lv, j), set(lf(v, j));
  }
  // Stores v into memory at the address local `addr` holds, + base.
  void store_value(uint32_t v, uint32_t addr, uint32_t base) {
    if (needs_mat(v)) {  // list members are materialized one at a time
      materialize(v);
      store_value(v, addr, base);
      release_temps();
      return;
    }
    Leaves lv(L, ty(v), base);
    for (uint32_t j = 0; j < lv.size(); j++) {
      bool scalar = L.scalar(lv.t[j]);
      get(addr);
      if (!scalar) add_const(lv.off[j]);
      get(lf(v, j));
      if (scalar) store(lv.t[j], lv.off[j]);
      else mem_op(kMemCopy, L.size(lv.t[j]));
    }
  }
  // Allocates frame memory for a value of type t, sets local `addr` to it and
  // fills it with t's zero, or a copy of `shape` (a pointer) with its f64 leaves zeroed.
  void alloc_accum(uint32_t addr, TyId t, uint32_t shape) {
    frame_addr(alloc(L.size(t))), set(addr), get(addr);
    if (L.has_discrete(t) && shape != kNone) {
      get(shape), mem_op(kMemCopy, L.size(t));
      if (L.has_f64(t)) get(addr), call_fn(M.helper(Helper::ZeroF64, t));
    } else {
      i32c(0), mem_op(kMemFill, L.size(t));
    }
  }

  // ---- liveness ----
  void number(uint32_t b, uint32_t chunk) {
    const Vec<Instr>& code_b = F.blocks[b].code;
    for (uint32_t i = 0; i < code_b.size(); i++) {
      const Instr& in = code_b[i];
      uint32_t c = b == 0 ? chunk_at[i] : chunk;  // (all 0 unless chunked)
      vs[in.var.i].block_of = b;
      vs[in.var.i].def_chunk = c;
      pos++;
      if (in.op == Op::For) {
        parent[in.a] = b;
        vs[F.blocks[in.a].arg.i].block_of = in.a;
        vs[F.blocks[in.a].arg.i].def_chunk = c;
        number(in.a, c);
        end_pos[in.a] = ++pos;
      }
    }
  }
  // A use of v at position `at` in block b of chunk c. Locals only live as
  // long as uses in the defining chunk; a use elsewhere makes the root cross.
  void use(uint32_t v, uint32_t b, uint32_t at, uint32_t c) {
    uint32_t r = vs[v].root;
    if (vs[r].def_chunk != c) {
      if (!lazy_const(v)) vs[r].crosses = 1;
      return;
    }
    // A use inside loops nested below the definition lasts to the outermost loop's end.
    uint32_t p = at;
    for (uint32_t x = b; x != vs[v].block_of && x != 0; x = parent[x]) p = end_pos[x];
    if (vs[r].last == kNone || p > vs[r].last) vs[r].last = p;
  }
  void live(uint32_t b) {
    for (const Instr& in : F.blocks[b].code) {
      pos++;
      uint32_t v = in.var.i, c = vs[v].def_chunk;
      // Aliases share their source's leaves, and so its lifetime.
      bool aliased = (in.op == Op::Member && vs[in.a].rep == kValue && !L.boxed(ty(in.a))) ||
                     (in.op == Op::Field && (vs[in.a].rep == kLocalRef || vs[in.a].rep == kSlotRef)) ||
                     (in.op == Op::Resolve && vs[in.a].rep == kLocalRef);
      vs[v].root = aliased ? vs[in.a].root : v;
      vs[v].alias_off = !aliased ? 0
                     : in.op == Op::Resolve ? vs[in.a].alias_off
                     : vs[in.a].alias_off + L.leaf_start(in.op == Op::Field ? inner(in.a) : ty(in.a), in.b);
      set_rep(v, rep_of(in));
      vs[v].fresh = in.op == Op::Accum && vs[v].rep == kLocalRef && inner(v) == T().real();
      if (can_be_lazy(in)) {
        vs[v].lazy = &in;
        if (in.op != Op::Real && in.op != Op::Bool && in.op != Op::Fin) vs[v].root = vs[in.a].root;
      }
      if (in.op == Op::Tuple && L.boxed(ty(v))) {
        for (uint32_t k = 0; k < in.b; k++) {
          uint32_t m = F.list_item(in, k).i;
          if (vs[m].block_of == b && (vs[m].def_chunk == c || b == 0) && !vs[m].lazy && !vs[m].pinned &&
              vs[m].rep == kValue) {  // a value (not a reference) of this block, not a parameter
            early.push_back({v, k, vs[m].early_head});
            vs[m].early_head = early.size() - 1;
          } else {
            use(m, b, pos, c);
          }
        }
      } else {
        visit_operands(in, true, b, c);
      }
      use(v, b, pos, c);
      if (in.op == Op::For) {
        const Block& body = F.blocks[in.a];
        vs[body.arg.i].root = body.arg.i;
        vs[body.arg.i].alias_off = 0;
        vs[body.arg.i].rep = kValue;
        live(in.a);
        pos++;
        use(body.arg.i, in.a, end_pos[in.a], c);
        use(body.ret.i, in.a, end_pos[in.a], c);
      }
    }
  }
  // A local accumulator whose root crosses chunks is kept in slots.
  void set_rep(uint32_t v, uint8_t r) { vs[v].rep = r == kLocalRef && vs[vs[v].root].slot_ref ? uint8_t(kSlotRef) : r; }
  uint8_t rep_of(TyId t) { return T().kind(t) != Kind::Ref ? kValue : L.boxed(T().inner(t)) ? kMemRef : kLocalRef; }
  uint8_t rep_of(const Instr& in) {
    uint8_t r = rep_of(ty(in.var));
    if (in.op == Op::Slice) return kMemRef;
    // A field of unboxed content is held like its source (in memory, locals or slots).
    return in.op == Op::Field && r == kLocalRef ? vs[in.a].rep : r;
  }
  void after(uint32_t p) {
    for (uint32_t r = dying[p]; r != kNone; r = vs[r].next_dying) {
      if (vs[r].def_chunk != cur_chunk) continue;
      for (uint32_t k = 0; k < vs[r].count; k++) release(lf(r, k));
    }
  }

  // ---- instructions ----
  // The ops from `not` to `geq`: one or two scalar operands, one scalar result.
  bool scalar_op(const Instr& in) {
    VarId v = in.var;
    uint32_t a = in.a, b = in.b;
    define(v, ty(v));
    if (in.op == Op::IAdd) {  // past the end: flag the error and continue with index 0
      uint32_t n = T().fin_size(ty(v));
      get(lf(a, 0)), get(lf(b, 0)), op(kI32Add), set(lf(v, 0)), get(lf(v, 0));
      i32c(int32_t(n)), op(kI32GeU), op_u32(kIf, kEmptyBlock);
      i32c(1), op_u32(kGlobalSet, M.err_global), i32c(0), set(lf(v, 0));
      op(kEnd);
      return true;
    }
    if (in.op == Op::Sign) {  // NaN stays NaN; ±0 gives ±1 (as the interpreter)
      get(lf(a, 0)), f64c(1), get(lf(a, 0)), op(kF64Copysign), get(lf(a, 0)), get(lf(a, 0)), op(kF64Ne),
          op(kSelect);
      set(lf(v, 0));
      return true;
    }
    push_value(a);
    if (op_form(in.op) == Form::Pair) push_value(b);
    if (in.op == Op::IMod) i32c(int32_t(T().fin_size(ty(v))));
    // The opcode of each op, in op order from `not` (0: a Math import, or special above).
    static const uint8_t kOpcodes[] = {
        kI32Eqz, kI32RemU,                                                                      // not imod
        kI32And, kI32Or, kI32Eq, kI32Xor, kI32Ne, kI32LtU, kI32LeU, kI32Eq, kI32GtU, kI32GeU,  // and .. igeq
        0, kF64Neg, kF64Abs, 0, kF64Ceil, kF64Floor, kF64Trunc, kF64Sqrt,                       // iadd .. sqrt
        0, 0, 0, 0, 0, 0,                                                                       // exp .. tanh
        kF64Add, kF64Sub, kF64Mul, kF64Div, 0, 0, kF64Min, kF64Max,                             // add .. max
        kF64Ne, kF64Lt, kF64Le, kF64Eq, kF64Gt, kF64Ge};                                        // neq .. geq
    static_assert(sizeof kOpcodes == uint32_t(Op::Geq) - uint32_t(Op::Not) + 1 &&
                      uint32_t(Op::Neg) - uint32_t(Op::Not) == 13 && uint32_t(Op::Add) - uint32_t(Op::Not) == 26 &&
                      uint32_t(Op::Neq) - uint32_t(Op::Not) == 34,
                  "kOpcodes follows ops.def");
    int m = math_slot(in.op);  // exp .. tanh, atan2, pow
    if (m >= 0) call_fn(M.math[m]);
    else op(kOpcodes[uint32_t(in.op) - uint32_t(Op::Not)]);
    set(lf(v, 0));
    return true;
  }

  bool call(const Instr& in) {
    FuncId g(in.b);
    VarId v = in.var;
    uint32_t na = F.call_nargs(in);
    // Arguments: values' leaves (an opaque function takes scalars only);
    // references' array parts as pointers (boxed content is one such part).
    for (uint32_t k = 0; k < na; k++) {
      VarId a = F.call_arg(in, k);
      if (vs[a.i].rep == kValue) {  // not a reference
        push_value(a.i);
        continue;
      }
      Leaves lv(L, inner(a.i));
      for (uint32_t j = 0; j < lv.size(); j++)
        if (!L.scalar(lv.t[j])) part_ptr(a.i, j, lv.off[j]);
    }
    uint32_t callee_frame = M.frame_of[g.i], at = alloc(callee_frame);  // after our allocations so far
    if (!cx.func(g).opaque) frame_addr(callee_frame ? at : 0);  // a callee with no frame ignores its address
    call_fn(M.index_of[g.i]);
    // Results come back in order: pop the reference parts last-first, then the value.
    for (uint32_t k = na; k-- > 0;) {
      VarId a = F.call_arg(in, k);
      if (vs[a.i].rep == kValue) continue;
      Leaves lv(L, inner(a.i));
      for (uint32_t j = lv.size(); j-- > 0;) {
        if (!L.f64_leaf(lv.t[j])) continue;
        if (vs[a.i].fresh == 2) set(lf(a, j)), vs[a.i].fresh = 0;
        else add_part(a.i, j, lv.off[j], kNone);
      }
    }
    define(v, ty(v));
    for (uint32_t j = vs[v.i].count; j-- > 0;) set(lf(v, j));
    return true;
  }

  bool loop(const Instr& in) {
    const Block& body = F.blocks[in.a];
    VarId v = in.var;
    TyId at = ty(v), e = T().elem(at);
    uint32_t n = T().fin_size(T().index_of(at)), stride = L.stride(e);
    define(v, at);
    frame_addr(alloc(n * stride));
    set(lf(v, 0));
    uint32_t saved = off;
    define(body.arg, ty(body.arg));
    uint32_t i = lf(body.arg, 0);
    if (n) {
      i32c(0), set(i);
      op_u32(kLoop, kEmptyBlock);
    }
    // The body is lowered even when empty so positions stay in step with liveness.
    uint32_t mark = code.size();
    set_end = UINT32_MAX;  // the local.set -> local.tee peephole must not reach back past mark
    loop_depth++;  // to the element's store: all of it is inside the loop
    if (!block(in.a)) return false;
    pos++;  // the loop's end
    // Store the element at out + i * stride.
    uint32_t addr = new_local(kI32);
    elem_addr(v.i, body.arg.i, stride), set(addr);
    prepare(body.ret.i);
    store_value(body.ret.i, addr, 0);
    release_temps();
    release(addr);
    loop_depth--;
    if (n) {
      get(i), i32c(1), op(kI32Add), set(i), get(i), i32c(int32_t(n)), op(kI32LtU), op_u32(kBrIf, 0);
      op(kEnd);
    } else {
      code.b.resize(mark), set_end = UINT32_MAX;  // no iterations: the body never runs
    }
    off = saved;
    after(pos);
    return true;
  }

  // A slot-held accumulator's leaf j lives at fp + slot_of(r) + 8j.
  uint32_t slot_at(uint32_t r, uint32_t j) const { return slot_of(r) + 8 * j; }
  // The f64 at local `base` + off += local x, or (x = kNone) the f64 on the stack.
  void add_at(uint32_t base, uint32_t off, uint32_t x = kNone) {
    uint32_t src = x == kNone ? new_local(kF64) : x;
    if (x == kNone) set(src);
    get(base), get(base), access(Mem::F64, false, off), get(src), op(kF64Add), access(Mem::F64, true, off);
    if (x == kNone) release(src);
  }
  void slot_ptr(uint32_t r, uint32_t j) { slot_load(false, slot_at(r, j)); }
  // Loads v's leaves from the slots of `from`.
  void load_slots(uint32_t v, uint32_t from) {
    for (uint32_t k = 0; k < vs[v].count; k++) slot_load(local_type(lf(v, k)) == kF64, slot_at(from, k)), set(lf(v, k));
  }
  // A reference r's leaf j, at byte `at` of its content. The address of a boxed leaf:
  void part_ptr(uint32_t r, uint32_t j, uint32_t at) {
    if (vs[r].rep == kSlotRef) slot_ptr(r, j);
    else if (vs[r].rep == kLocalRef) get(lf(r, j));
    else get(lf(r, 0)), add_const(at);
  }
  // An f64 leaf += local x, or (x = kNone) the f64 on the stack:
  void add_part(uint32_t r, uint32_t j, uint32_t at, uint32_t x) {
    if (vs[r].rep == kSlotRef) return add_at(fp, slot_at(r, j), x);
    if (vs[r].rep == kMemRef) return add_at(lf(r, 0), at, x);
    get(lf(r, j));
    if (x != kNone) get(x);
    op(kF64Add), set(lf(r, j));
  }

  bool accum(const Instr& in) {
    VarId v = in.var;
    TyId t = inner(v.i);
    uint32_t s = in.a;
    Leaves lv(L, t);  // boxed content (kMemRef) is one leaf
    bool slots = vs[v.i].rep == kSlotRef;  // its leaves live in slots (never fresh)
    if (slots) no_leaves(v.i);
    else define(v, t);
    for (uint32_t j = 0; j < lv.size() && vs[v.i].fresh != 2; j++) {
      bool f = L.f64_leaf(lv.t[j]);
      if (slots) get(fp);
      if (f) {
        f64c(0);
      } else if (L.scalar(lv.t[j])) {
        get(lf(s, j));
      } else {  // a boxed part: its own accumulator memory
        uint32_t a = slots ? new_local(kI32) : lf(v, j);
        alloc_accum(a, lv.t[j], lf(s, j));
        if (!slots) continue;
        get(a), release(a);
      }
      if (slots) slot_io(f, true, slot_at(v.i, j));
      else set(lf(v, j));
    }
    return true;
  }

  bool add_to(const Instr& in) {
    uint32_t r = in.a, x = in.b;
    Leaves lv(L, inner(r));  // boxed content is one leaf
    for (uint32_t j = 0; j < lv.size(); j++) {
      if (!L.scalar(lv.t[j])) part_ptr(r, j, lv.off[j]), get(lf(x, j)), call_fn(M.helper(Helper::Add, lv.t[j]));
      else if (L.f64_leaf(lv.t[j])) add_part(r, j, lv.off[j], lf(x, j));
    }
    return true;
  }

  bool instr(const Instr& in) {
    VarId v = in.var;
    TyId t = ty(v);
    switch (in.op) {
      case Op::Unit: no_leaves(v.i); return true;
      case Op::Real: case Op::Bool: case Op::Fin: break;  // literals are lazy (can_be_lazy)
      case Op::Zero:
        define(v, t);
        if (L.boxed(t)) {
          alloc_accum(lf(v, 0), t, kNone);
        } else {
          for (uint32_t k = 0; k < vs[v.i].count; k++) {
            if (local_type(lf(v, k)) == kF64) f64c(0);
            else i32c(0);
            set(lf(v, k));
          }
        }
        return true;
      case Op::Array: {
        uint32_t stride = L.stride(T().elem(t));
        define(v, t);
        frame_addr(alloc(in.b * stride)), set(lf(v, 0));
        for (uint32_t k = 0; k < in.b; k++) store_value(F.list_item(in, k).i, lf(v, 0), k * stride);
        return true;
      }
      case Op::Tuple:
        define(v, t);
        if (L.boxed(t)) {
          if (vs[v.i].tuple_off == kNone) vs[v.i].tuple_off = alloc(L.size(t));
          frame_addr(vs[v.i].tuple_off), set(lf(v, 0));
          for (uint32_t k = 0; k < in.b; k++) {
            uint32_t m = F.list_item(in, k).i;
            bool stored = false;
            for (uint32_t e = vs[m].early_head; e != kNone; e = early[e].next)
              stored = stored || (early[e].tuple == v.i && early[e].k == k);
            if (!stored) store_value(m, lf(v, 0), L.offset(t, k));
          }
        } else {
          uint32_t j = 0;
          for (uint32_t k = 0; k < in.b; k++) {
            uint32_t m = F.list_item(in, k).i;
            for (uint32_t q = 0; q < vs[m].count; q++) get(lf(m, q)), set(lf(v, j++));
          }
        }
        return true;
      case Op::Index: {  // by a constant index it is lazy (can_be_lazy) unless it has no leaves
        define(v, t);
        elem_addr(in.a, in.b, L.stride(t));
        if (L.scalar(t)) {
          load(t, 0);
          if (vs[v.i].count) set(lf(v, 0));
          else op(kDrop);
          return true;
        }
        uint32_t addr = new_local(kI32);
        set(addr), load_value(v, addr, 0), release(addr);
        return true;
      }
      case Op::Member: {
        TyId st = ty(in.a);
        if (!L.boxed(st)) {
          alias(v, in.a, L.leaf_start(st, in.b), L.leaf_count(t));
          return true;
        }
        define(v, t);
        load_value(v, lf(in.a, 0), L.offset(st, in.b));
        return true;
      }
      case Op::Slice: {
        define_mem(v);
        elem_addr(in.a, in.b, L.stride(inner(v.i)));
        set(lf(v, 0));
        return true;
      }
      case Op::Field: {
        TyId content = inner(in.a);
        if (vs[in.a].rep == kSlotRef) {
          if (vs[v.i].rep == kSlotRef) return no_leaves(v.i), true;
          define_mem(v);  // a boxed member: its leaf in the slots is a pointer
          slot_ptr(in.a, L.leaf_start(content, in.b)), set(lf(v, 0));
          return true;
        }
        if (vs[in.a].rep == kLocalRef) {
          alias(v, in.a, L.leaf_start(content, in.b), L.leaf_count(inner(v.i)));
          return true;
        }
        define_mem(v);
        get(lf(in.a, 0)), add_const(L.offset(content, in.b)), set(lf(v, 0));
        return true;
      }
      case Op::Select: {
        define(v, t);
        uint32_t a = F.select_then(in).i, b = F.select_else(in).i;
        for (uint32_t k = 0; k < vs[v.i].count; k++)
          push_leaf(a, k), push_leaf(b, k), push_leaf(in.a, 0), op(kSelect), set(lf(v, k));
        return true;
      }
      case Op::Call: return call(in);
      case Op::For: return loop(in);
      case Op::Accum: return accum(in);
      case Op::AddTo: no_leaves(v.i); return add_to(in);
      case Op::Resolve:
        if (vs[in.a].rep == kSlotRef) {
          define(v, t), load_slots(v.i, in.a);
        } else if (vs[in.a].rep == kLocalRef) alias(v, in.a, 0, vs[in.a].count);
        else define(v, t), get(lf(in.a, 0)), set(lf(v, 0));
        return true;
      case Op::Not: case Op::IMod: case Op::And: case Op::Or: case Op::Iff: case Op::Xor: case Op::INeq:
      case Op::ILt: case Op::ILeq: case Op::IEq: case Op::IGt: case Op::IGeq: case Op::IAdd: case Op::Neg:
      case Op::Abs: case Op::Sign: case Op::Ceil: case Op::Floor: case Op::Trunc: case Op::Sqrt: case Op::Exp:
      case Op::Log: case Op::Sin: case Op::Cos: case Op::Tan: case Op::Tanh: case Op::Add: case Op::Sub:
      case Op::Mul: case Op::Div: case Op::Atan2: case Op::Pow: case Op::Min: case Op::Max: case Op::Neq:
      case Op::Lt: case Op::Leq: case Op::Eq: case Op::Gt: case Op::Geq:
        return scalar_op(in);
    }
    return false;  // not reached: the switch names every op (compile_wasm's Result::fail has a message for none)
  }

  bool block(uint32_t b) { return block_range(b, 0, F.blocks[b].code.size()); }
  bool block_range(uint32_t b, uint32_t lo, uint32_t hi) {
    const Vec<Instr>& code_b = F.blocks[b].code;
    for (uint32_t i = lo; i < hi; i++) {
      const Instr& in = code_b[i];
      uint32_t p = ++pos;
      if (is_lazy(in.var.i)) {
        if (in.op == Op::Fin) vs[in.var.i].fin_const = in.a;
        no_leaves(in.var.i);
        after(p);
        continue;
      }
      // A tuple or array literal materializes its lazy members one at a
      // time as it stores them (a tape can have hundreds of thousands).
      bool each = op_form(in.op) == Form::List && L.boxed(ty(in.var));
      if (in.op != Op::For && !each) materialize_operands(in);
      if (!instr(in)) return false;
      if (in.op != Op::For) release_temps();
      store_early(in.var.i);
      store_slots(in.var.i);
      after(p);  // for a loop, after its end too (loop() did that)
    }
    return true;
  }
  // Stores v into the boxed tuples built from it, as soon as it exists.
  void store_early(uint32_t v) {
    for (uint32_t e = vs[v].early_head; e != kNone; e = early[e].next) {
      uint32_t tv = early[e].tuple;
      TyId tt = ty(tv);
      if (vs[tv].tuple_off == kNone) vs[tv].tuple_off = alloc(L.size(tt));
      store_value(v, fp, vs[tv].tuple_off + L.offset(tt, early[e].k));
    }
  }

  // The Wasm body: local declarations as runs of one type, then the code.
  bool body(Bytes& out) {
    if (params.size() + locals.size() > 50000)
      return err = fmt(cx, "@% needs % locals, more than WebAssembly engines accept", cx.strings.get(F.name),
                       params.size() + locals.size()),
             false;
    Bytes runs, decl;
    uint32_t n = 0;
    for (uint32_t k = 0, j; k < locals.size(); k = j, n++) {
      for (j = k; j < locals.size() && locals[j] == locals[k];) j++;
      runs.u32(j - k), runs.byte(locals[k]);
    }
    decl.u32(n);
    decl.append(runs);
    out.u32(decl.size() + code.size());
    out.append(decl);
    out.append(code);
    return true;
  }

  // Splits block 0 into chunks of about M.chunk_limit instructions (a loop
  // counts with its body and is never split).
  void plan_chunks() {
    chunked = nested(0) > M.chunk_limit;
    const Vec<Instr>& top = F.blocks[0].code;
    chunk_at.assign(top.size(), 0);
    if (!chunked) return;
    uint32_t c = 0, size = 0;
    for (uint32_t i = 0; i < top.size(); i++) {
      uint32_t n = 1;
      if (top[i].op == Op::For) n += nested(top[i].a);
      if (size && size + n > M.chunk_limit) c++, size = 0;
      chunk_at[i] = c;
      size += n;
    }
  }
  uint32_t nested(uint32_t b) {
    uint32_t n = F.blocks[b].code.size();
    for (const Instr& in : F.blocks[b].code)
      if (in.op == Op::For) n += nested(in.a);
    return n;
  }

  void liveness() {
    // (root and alias_off are set again for every variable before they are read)
    for (Var& x : vs) x.last = kNone, x.lazy = nullptr, x.early_head = kNone, x.crosses = 0;
    early.clear();
    for (VarId p : F.params) {
      vs[p.i].root = p.i, set_rep(p.i, rep_of(ty(p)));
    }
    pos = 0;
    live(0);
    if (chunked) use(F.ret.i, 0, pos, kParentChunk);  // the parent returns it
  }

  // Pushes the result's leaves (then true: the references' parts follow);
  // the entry instead stores the result and pushes the status.
  bool ret_values() {
    prepare(F.ret.i);
    if (!entry) return push_value(F.ret.i), true;
    store_value(F.ret.i, 1, 0);
    op_u32(kGlobalGet, M.err_global);
    return false;
  }

  bool run(Bytes& out) {
    uint32_t n = F.vars.size();
    vs.assign(n, Var());
    parent.assign(F.blocks.size(), 0), end_pos.assign(F.blocks.size(), 0);
    plan_chunks();
    for (VarId p : F.params) vs[p.i].pinned = 1, vs[p.i].def_chunk = chunked ? kParentChunk : 0;
    pos = 0;
    number(0, 0);
    // Liveness; with chunks, a second time once the accumulators that cross
    // chunks are known (they stop aliasing their resolved values).
    liveness();
    if (chunked) {
      for (uint32_t v = 0; v < n; v++) vs[v].slot_ref = vs[v].crosses && vs[v].root == v && vs[v].rep == kLocalRef;
      liveness();
    }
    dying.assign(pos + 1, kNone);
    for (uint32_t v = n; v-- > 0;)  // pushed last first: each list runs in variable order
      if (vs[v].last != kNone && !vs[v].pinned && vs[v].rep != kSlotRef)
        vs[v].next_dying = dying[vs[v].last], dying[vs[v].last] = v;
    // Parameters: their Wasm parameters, and accumulator locals for references.
    // The entry takes (argptr, retptr, frameptr), returns the status, and
    // reads and writes its values in the memory layout (codegen.h).
    params = sig_params;
    fp = params.size() - 1;
    uint32_t next_param = 0, argoff = 0;
    if (entry) i32c(0), op_u32(kGlobalSet, M.err_global);
    for (VarId p : F.params) {
      TyId pt = ty(p);
      vs[p.i].first = leaf.size();
      if (entry) {  // the root has no reference parameters
        uint32_t a = L.align(pt);  // a power of two
        argoff = (argoff + a - 1) & ~(a - 1);
        define(p, pt);
        load_value(p, 0, argoff);
        M.entry_args = argoff += L.size(pt);
        continue;
      }
      if (vs[p.i].rep == kValue) {
        vs[p.i].count = L.leaf_count(pt);
        for (uint32_t k = 0; k < vs[p.i].count; k++) leaf.push_back(next_param++);
        continue;
      }
      Leaves lv(L, inner(p.i));  // boxed content is one leaf, its address
      vs[p.i].count = lv.size();
      for (TyId x : lv.t)  // a boxed part's address; a scalar's accumulator local (in slots: unused)
        leaf.push_back(!L.scalar(x)                 ? next_param++
                       : vs[p.i].rep == kSlotRef ? 0
                                                 : new_local(L.f64_leaf(x) ? kF64 : kI32));
    }
    pos = 0;
    if (!(chunked ? chunks() : block(0))) return false;
    if (ret_values())  // the references' f64 parts follow
      for (VarId p : F.params) {
        if (vs[p.i].rep == kValue) continue;
        Leaves lv(L, inner(p.i));
        for (uint32_t j = 0; j < lv.size(); j++) {
          if (!L.f64_leaf(lv.t[j])) continue;
          if (vs[p.i].rep == kLocalRef) get(lf(p, j));
          else slot_load(true, slot_at(p.i, j));
        }
      }
    op(kEnd);
    return body(out);
  }

  // Block 0 as chunk functions (see the file comment), called in order.
  bool chunks() {
    // Slots for everything that crosses chunks.
    for (uint32_t v = 0; v < vs.size(); v++) {
      if (!(vs[v].crosses || vs[v].slot_ref) || vs[v].root != v) continue;
      uint32_t leaves = L.leaf_count(vs[v].rep == kSlotRef ? inner(v) : ty(v));
      vs[v].slot = alloc(8 * (leaves ? leaves : 1));
    }
    // The parent: parameters into slots, the chunks, the result out of slots.
    cur_chunk = kParentChunk;
    for (VarId p : F.params) {
      if (!vs[p.i].crosses) continue;
      if (vs[p.i].rep != kSlotRef) {
        store_slots(p.i);
        continue;
      }
      Leaves lv(L, inner(p.i));
      for (uint32_t j = 0; j < lv.size(); j++) {
        bool f = L.f64_leaf(lv.t[j]);
        if (L.scalar(lv.t[j]) && !f) continue;
        get(fp);
        if (f) f64c(0);
        else get(lf(p, j));
        slot_io(f, true, slot_at(p.i, j));
      }
    }
    const Vec<Instr>& top = F.blocks[0].code;
    for (uint32_t lo = 0; lo < top.size();) {
      uint32_t hi = lo;
      while (hi < top.size() && chunk_at[hi] == chunk_at[lo]) hi++;
      Body parent_body;
      parent_body.swap(*this);  // the chunk starts empty
      set_end = UINT32_MAX;
      params.push_back(kI32);
      cur_chunk = chunk_at[lo];
      if (!block_range(0, lo, hi)) return false;
      for (uint32_t v : kept) vs[v].mat = 0, vs[v].count = 0;  // the chunk's locals end with it
      kept.clear();
      op(kEnd);
      Bytes chunk;
      if (!body(chunk)) return false;
      uint32_t index = M.add_chunk(std::move(chunk));
      parent_body.swap(*this);
      set_end = UINT32_MAX;
      cur_chunk = kParentChunk;
      get(fp), call_fn(index);
      lo = hi;
    }
    return true;
  }
};

}  // namespace

Sig ModuleCx::signature(const Func& f) {
  Sig s;
  L.leaves(f.ret_ty, s.results);
  for (TyId pt : f.param_tys) {  // (an opaque function's are scalars)
    if (cx.types.kind(pt) != Kind::Ref) {
      L.leaves(pt, s.params);
      continue;
    }
    Leaves lv(L, cx.types.inner(pt));  // boxed content is one leaf, its address
    for (TyId x : lv.t) {
      if (!L.scalar(x)) s.params.push_back(kI32);
      else if (L.f64_leaf(x)) s.results.push_back(kF64);
    }
  }
  if (!f.opaque) s.params.push_back(kI32);  // the frame pointer
  return s;
}

bool lower_function(ModuleCx& m, FuncId f, const Vec<ValType>& params, bool entry, Bytes& out, Str& err) {
  Lower l(m, m.cx.func(f), params, entry);
  if (!l.run(out)) return err = l.err, false;
  m.frame_of[f.i] = l.frame;
  return true;
}

}  // namespace rose::wasm
