// How values are laid out, in memory and in locals.
//
// Memory (also the JS codec's contract): unit 0/1; bool u8; real, tan f64;
// fin n: n <= 1 nothing, n <= 256 u8, n <= 65536 u16, else u32. An array is
// n elements at a stride of its element's size rounded up to its alignment,
// stored flat (arrays of arrays and of structs hold no pointers). A tuple's
// members are placed by descending alignment, ties in member order.
//
// Locals: a scalar is one local; an array is one i32 pointer; a small tuple
// is its members' locals in member order ("flat"); a tuple with more than
// kFlatMax leaves lives in memory and is one i32 pointer ("boxed").
#pragma once
#include "ir/context.h"
#include "wasm/encode.h"

namespace rose::wasm {

enum class Mem : uint8_t { None, U8, U16, U32, F64 };  // how a scalar sits in memory

class Layouts {
 public:
  static constexpr uint32_t kFlatMax = 16;
  explicit Layouts(Context& cx) : cx_(cx) {}
  Context& context() { return cx_; }

  uint32_t size(TyId t) { return info(t).size; }
  uint32_t align(TyId t) { return info(t).align; }
  uint32_t stride(TyId t) { return info(t).stride; }  // size rounded up to the alignment
  uint32_t offset(TyId tuple, uint32_t k) { return offsets_[info(tuple).first + k]; }
  Mem mem(TyId scalar) { return info(scalar).mem; }

  // Local representation.
  bool scalar(TyId t);              // unit, bool, real, tan, fin
  bool boxed(TyId t) { return info(t).boxed; }  // array or big tuple: one i32 pointer to memory
  uint32_t leaf_count(TyId t) { return info(t).leaves; }
  void leaves(TyId t, Vec<ValType>& out);
  uint32_t leaf_start(TyId tuple, uint32_t k);  // first leaf of member k of a flat tuple
  // Each local leaf's type (a scalar type, an array type or a boxed tuple
  // type) and its byte offset in the value's memory layout. With `open`, a
  // boxed tuple t itself is taken apart (its members' leaves).
  void leaf_types(TyId t, Vec<TyId>& types, Vec<uint32_t>& offsets, uint32_t base = 0, bool open = false);
  bool f64_leaf(TyId t) { return mem(t) == Mem::F64; }  // a real or tan leaf
  // Whether memory of this type holds anything but f64 (bools, fins): then an
  // accumulator copies its shape instead of zero-filling.
  bool has_discrete(TyId t) { return info(t).discrete; }
  bool has_f64(TyId t) { return info(t).f64; }

 private:
  struct Info {
    uint32_t size = 0, align = 1, stride = 0, leaves = 0, first = 0;
    bool done = false, discrete = false, f64 = false, boxed = false;  // boxed: an array or a big tuple
    Mem mem = Mem::None;
  };
  const Info& info(TyId t);
  void reserve() {
    if (infos_.size() < cx_.types.size()) infos_.resize(cx_.types.size());
  }
  Context& cx_;
  Vec<Info> infos_;
  Vec<uint32_t> offsets_;
};

// A value's leaves, from Layouts::leaf_types. Built and destroyed out of line:
// the lowering makes one at many sites.
struct Leaves {
  Vec<TyId> t;         // each leaf's type
  Vec<uint32_t> off;   // and byte offset
  Leaves() = default;
  Leaves(Layouts& L, TyId ty, uint32_t base = 0);
  ~Leaves();
  uint32_t size() const { return t.size(); }
};

}  // namespace rose::wasm
