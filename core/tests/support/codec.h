// The memory codec for tests, in C++: writes arguments in the layout the
// generated code reads (wasm/layout.h) and lists where each scalar of a
// result sits, so a tiny runner can compare Wasm results with the interpreter.
#pragma once
#include <string>

#include "interp/value.h"
#include "wasm/layout.h"

namespace rose::test {

// Writes v (of type t) at mem[off..].
void encode(wasm::Layouts& L, TyId t, const Val& v, Vec<uint8_t>& mem, uint32_t off);
// JSON array of [offset, kind, expected] for every scalar of v at `off`;
// kind: "f64", "u8", "u16", "u32".
std::string expected_leaves(wasm::Layouts& L, TyId t, const Val& v, uint32_t off);

}  // namespace rose::test
