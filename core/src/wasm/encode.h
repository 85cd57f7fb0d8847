// Wasm binary encoding: a byte buffer with LEB128 writers, the opcodes we
// emit, and section framing with the size patched after the contents.
#pragma once
#include <cstdint>
#include <cstring>

#include "util/vec.h"
#include "util/str.h"

namespace rose::wasm {

enum ValType : uint8_t { kI32 = 0x7f, kI64 = 0x7e, kF32 = 0x7d, kF64 = 0x7c };

enum Opcode : uint8_t {
  kUnreachable = 0x00, kNop = 0x01, kBlock = 0x02, kLoop = 0x03, kIf = 0x04, kElse = 0x05, kEnd = 0x0b,
  kBr = 0x0c, kBrIf = 0x0d, kReturn = 0x0f, kCall = 0x10, kDrop = 0x1a, kSelect = 0x1b,
  kLocalGet = 0x20, kLocalSet = 0x21, kLocalTee = 0x22, kGlobalGet = 0x23, kGlobalSet = 0x24,
  kI32Load = 0x28, kF64Load = 0x2b, kI32Load8U = 0x2d, kI32Load16U = 0x2f,
  kI32Store = 0x36, kF64Store = 0x39, kI32Store8 = 0x3a, kI32Store16 = 0x3b,
  kI32Const = 0x41, kF64Const = 0x44,
  kI32Eqz = 0x45, kI32Eq = 0x46, kI32Ne = 0x47, kI32LtU = 0x49, kI32GtU = 0x4b, kI32LeU = 0x4d, kI32GeU = 0x4f,
  kF64Eq = 0x61, kF64Ne = 0x62, kF64Lt = 0x63, kF64Gt = 0x64, kF64Le = 0x65, kF64Ge = 0x66,
  kI32Add = 0x6a, kI32Sub = 0x6b, kI32Mul = 0x6c, kI32RemU = 0x70, kI32And = 0x71, kI32Or = 0x72, kI32Xor = 0x73,
  kF64Abs = 0x99, kF64Neg = 0x9a, kF64Ceil = 0x9b, kF64Floor = 0x9c, kF64Trunc = 0x9d, kF64Sqrt = 0x9f,
  kF64Add = 0xa0, kF64Sub = 0xa1, kF64Mul = 0xa2, kF64Div = 0xa3, kF64Min = 0xa4, kF64Max = 0xa5,
  kF64Copysign = 0xa6,
  kPrefixFC = 0xfc,  // memory.copy = 0xfc 10, memory.fill = 0xfc 11
};

// Out of line on purpose: the code generator calls these at hundreds of
// sites, and an inlined push_back at each costs more Wasm than the call.
class Bytes {
 public:
  static constexpr bool kRelocatable = true;
  Vec<uint8_t> b;
  void byte(uint8_t x);
  void u32(uint32_t x);  // unsigned LEB128
  void s32(int32_t x);   // signed LEB128
  void f64(double x);
  void name(const Str& s);
  void append(const Bytes& o);
  void raw(const char* p, uint32_t n);  // n bytes as they are
  uint32_t size() const { return b.size(); }
};

// Writes `id`, then `body` prefixed by its size.
inline void section(Bytes& out, uint8_t id, const Bytes& body) {
  out.byte(id);
  out.u32(body.size());
  out.append(body);
}

}  // namespace rose::wasm
