// Strong 32-bit ids: a VarId cannot be passed where a TyId is expected.
#pragma once
#include <cstdint>

namespace rose {

template <class Tag>
struct Id {
  uint32_t i = UINT32_MAX;
  constexpr Id() = default;
  constexpr explicit Id(uint32_t v) : i(v) {}
  constexpr bool valid() const { return i != UINT32_MAX; }
  friend constexpr bool operator==(Id a, Id b) { return a.i == b.i; }
  friend constexpr bool operator!=(Id a, Id b) { return a.i != b.i; }
  friend constexpr bool operator<(Id a, Id b) { return a.i < b.i; }
};

using TyId = Id<struct TyTag>;
using VarId = Id<struct VarTag>;
using FuncId = Id<struct FuncTag>;
using StrId = Id<struct StrTag>;
using BlockId = Id<struct BlockTag>;

}  // namespace rose
