#include "util/vec.h"
#include "ir/types.h"
#include "util/str.h"

namespace rose {

bool key_less(const Str& a, const Str& b) {
  // UTF-8 byte order is code point order. UTF-16 order differs only in putting
  // U+E000..U+FFFF (lead bytes EE, EF) above the characters beyond U+FFFF
  // (surrogates D800.., lead bytes F0..F4). Equal prefixes leave both strings
  // at the same point of a character, so lifting those two lead bytes suffices.
  auto unit = [](unsigned char c) { return (c | 1) == 0xEF ? c + 256u : c; };
  size_t n = a.size() < b.size() ? a.size() : b.size();
  for (size_t i = 0; i < n; i++)
    if (a[i] != b[i]) return unit(a[i]) < unit(b[i]);
  return n < b.size();
}

namespace {
enum : uint8_t { kHasRef = 1, kHasReal = 2, kHasTan = 4 };
}

Types::Types() {
  unit_ = intern(TypeNode{Kind::Unit}, nullptr, 0);
  bool_ = intern(TypeNode{Kind::Bool}, nullptr, 0);
  real_ = intern(TypeNode{Kind::Real}, nullptr, 0);
  tan_ = intern(TypeNode{Kind::Tan}, nullptr, 0);
}

TyId Types::intern(const TypeNode& t, const uint32_t* extra, uint32_t n) {
  uint64_t h = hash_mix(hash_mix(hash_mix(uint64_t(t.kind), t.a), t.b), t.c == kNoKeys ? 7 : 3);
  for (uint32_t i = 0; i < n; i++) h = hash_mix(h, extra[i]);
  auto eq = [&](uint32_t id) {
    const TypeNode& u = all_[id];
    if (u.kind != t.kind) return false;
    if (t.kind != Kind::Tuple) return u.a == t.a && u.b == t.b;
    if (u.b != t.b || (u.c == kNoKeys) != (t.c == kNoKeys)) return false;
    for (uint32_t i = 0; i < n; i++)  // keys, if any, follow the members in the pool
      if (pool_[u.a + i] != extra[i]) return false;
    return true;
  };
  uint32_t found = index_.find(h, eq);
  if (found != HashIndex::kEmpty) return TyId(found);
  TypeNode s = t;
  uint8_t fl = 0;
  switch (t.kind) {
    case Kind::Unit: case Kind::Bool: case Kind::Fin: case Kind::Generic: break;
    case Kind::Real: fl = kHasReal; break;
    case Kind::Tan: fl = kHasTan; break;
    case Kind::Ref: fl = kHasRef | flags_[t.a]; break;
    case Kind::Array: fl = flags_[t.b]; break;
    case Kind::Tuple:
      s.a = uint32_t(pool_.size());
      if (t.c != kNoKeys) s.c = s.a + t.b;
      for (uint32_t i = 0; i < t.b; i++) fl |= flags_[extra[i]];
      pool_.insert(pool_.end(), extra, extra + n);
      break;
  }
  all_.push_back(s);
  flags_.push_back(fl);
  uint32_t id = uint32_t(all_.size() - 1);
  index_.insert(h, id);
  return TyId(id);
}

TyId Types::fin(uint32_t n) { return intern(TypeNode{Kind::Fin, n}, nullptr, 0); }
TyId Types::generic(uint32_t i) { return intern(TypeNode{Kind::Generic, i}, nullptr, 0); }
TyId Types::ref(TyId inner) { return intern(TypeNode{Kind::Ref, inner.i}, nullptr, 0); }
TyId Types::array(TyId index, TyId elem) { return intern(TypeNode{Kind::Array, index.i, elem.i}, nullptr, 0); }

TyId Types::tuple(const TyId* members, uint32_t n) { return keyed(members, n, nullptr, TyId()); }

TyId Types::record(const TyId* members, const StrId* keys, uint32_t n, const Strings& strs) {
  for (uint32_t i = 1; i < n; i++)
    if (!key_less(strs.get(keys[i - 1]), strs.get(keys[i]))) return TyId();
  return keyed(members, n, keys, TyId());
}

TyId Types::tuple_like(TyId like, const TyId* members) {
  return keyed(members, member_count(like), nullptr, has_keys(like) ? like : TyId());
}

TyId Types::keyed(const TyId* members, uint32_t n, const StrId* keys, TyId keys_of) {
  bool has = keys || keys_of.valid();
  Vec<uint32_t> extra(has ? 2 * n : n);
  for (uint32_t i = 0; i < n; i++) {
    extra[i] = members[i].i;
    if (has) extra[n + i] = keys ? keys[i].i : key(keys_of, i).i;
  }
  return intern(TypeNode{Kind::Tuple, 0, n, has ? 0 : kNoKeys}, extra.data(), extra.size());
}

TyId Types::dual(Strings& strs) {
  if (!dual_.valid()) {
    TyId ms[2] = {tan_, real_};
    StrId ks[2] = {strs.intern("du"), strs.intern("re")};
    dual_ = record(ms, ks, 2, strs);
  }
  return dual_;
}

bool Types::is_index(TyId t, const Generics& generics) const {
  const TypeNode& ty = get(t);
  if (ty.kind == Kind::Fin) return true;
  return ty.kind == Kind::Generic && ty.a < generics.size() && (generics[ty.a] & kIndex);
}

bool Types::is_value(TyId t) const { return !(flags_[t.i] & kHasRef); }

bool Types::contains(TyId t, Kind k) const {
  switch (k) {
    case Kind::Real: return flags_[t.i] & kHasReal;
    case Kind::Tan: return flags_[t.i] & kHasTan;
    case Kind::Ref: return flags_[t.i] & kHasRef;
    default: break;
  }
  if (kind(t) == k) return true;
  switch (kind(t)) {
    case Kind::Ref: return contains(inner(t), k);
    case Kind::Array: return contains(index_of(t), k) || contains(elem(t), k);
    case Kind::Tuple:
      for (uint32_t i = 0; i < member_count(t); i++)
        if (contains(member(t, i), k)) return true;
      return false;
    default: return false;
  }
}

}  // namespace rose
