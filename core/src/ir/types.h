// The type table: every type of every function in a Context, interned, so a
// TyId comparison is a structural comparison. Passes ask a type's *kind*; no
// pass may assume a particular id means "real" (Rose's weak spot).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "util/vec.h"
#include "ir/strings.h"
#include "util/hash.h"
#include "util/ids.h"

namespace rose {

enum class Kind : uint8_t {
  Unit,     // the single value ()
  Bool,     // true/false
  Real,     // f64, nonlinear (a primal value)
  Tan,      // f64, linear (a tangent); same values as Real, different role
  Fin,      // integer in [0, n): the only concrete index type
  Generic,  // a function's generic parameter
  Ref,      // add-only accumulator of an inner type
  Array,    // total map from an index type to an element type
  Tuple,    // product; with keys it is a struct (keys sorted)
};

// Constraints a generic parameter may declare.
enum Constraint : uint8_t { kValue = 1, kIndex = 2 };

// A function's generic parameters' constraints. The Wasm engine serves the JS
// package, which declares no generics (and its backend cannot compile them):
// there every function's list is empty, and the code handling generics folds away.
#ifdef ROSE_WASM
struct Generics {
  static constexpr uint32_t size() { return 0; }
  static constexpr bool empty() { return true; }
  const uint8_t* begin() const { return nullptr; }
  const uint8_t* end() const { return nullptr; }
  uint8_t operator[](uint32_t) const { return 0; }
  bool operator!=(const Generics&) const { return false; }
};
#else
using Generics = Vec<uint8_t>;
#endif

struct TypeNode {
  Kind kind;
  uint32_t a = 0;  // Fin: n; Generic: index; Ref: inner; Array: index type; Tuple: members offset
  uint32_t b = 0;  // Array: element type; Tuple: member count
  uint32_t c = 0;  // Tuple: keys offset, or kNoKeys for a plain tuple
};
constexpr uint32_t kNoKeys = UINT32_MAX;

class Types {
 public:
  Types();
  TyId unit() const { return unit_; }
  TyId boolean() const { return bool_; }
  TyId real() const { return real_; }
  TyId tan() const { return tan_; }
  TyId fin(uint32_t n);
  TyId generic(uint32_t i);
  TyId ref(TyId inner);
  TyId array(TyId index, TyId elem);
  TyId tuple(const TyId* members, uint32_t n);
  // A struct: keys must be sorted (key_less) and unique; returns invalid otherwise.
  TyId record(const TyId* members, const StrId* keys, uint32_t n, const Strings& strs);
  // A tuple or struct with the keys of `like` and new member types.
  TyId tuple_like(TyId like, const TyId* members);
  // The dual number {du: tan, re: real}. Its members are in key order, so
  // du is member kDualDu and re member kDualRe.
  TyId dual(Strings& strs);
  static constexpr uint32_t kDualDu = 0, kDualRe = 1;

  const TypeNode& get(TyId t) const { return all_[t.i]; }
  Kind kind(TyId t) const { return all_[t.i].kind; }
  bool valid(TyId t) const { return t.i < all_.size(); }
  uint32_t size() const { return uint32_t(all_.size()); }

  uint32_t member_count(TyId t) const { return get(t).b; }
  TyId member(TyId t, uint32_t k) const { return TyId(pool_[get(t).a + k]); }
  bool has_keys(TyId t) const { return get(t).c != kNoKeys; }
  StrId key(TyId t, uint32_t k) const { return StrId(pool_[get(t).c + k]); }
  TyId index_of(TyId t) const { return TyId(get(t).a); }  // Array
  TyId elem(TyId t) const { return TyId(get(t).b); }      // Array
  TyId inner(TyId t) const { return TyId(get(t).a); }     // Ref
  uint32_t fin_size(TyId t) const { return get(t).a; }

  bool is_f64(TyId t) const { return kind(t) == Kind::Real || kind(t) == Kind::Tan; }
  // Satisfies the Index constraint given the generics' declared constraints.
  bool is_index(TyId t, const Generics& generics) const;
  // Contains no Ref anywhere (Refs may only be variable or parameter types).
  bool is_value(TyId t) const;
  // Contains a leaf of the given kind somewhere.
  bool contains(TyId t, Kind k) const;

 private:
  // A tuple of n members, keyed by `keys` or, if null, by the struct keys_of's keys (if valid).
  TyId keyed(const TyId* members, uint32_t n, const StrId* keys, TyId keys_of);
  TyId intern(const TypeNode& t, const uint32_t* extra, uint32_t n);
  Vec<TypeNode> all_;
  Vec<uint32_t> pool_;
  Vec<uint8_t> flags_;  // per type: bit0 has Ref, bit1 has Real, bit2 has Tan
  HashIndex index_;
  TyId unit_, bool_, real_, tan_, dual_;
};

}  // namespace rose
