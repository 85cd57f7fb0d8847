// IR -> WebAssembly. One Wasm function per IR function (the user's function
// boundaries survive), each callee emitted once, opaque functions as imports
// from "" named by their host number, exp/log/sin/... imported from "Math"
// (V8 calls those without a JS frame), memory imported as "m" "".
//
// Calling convention: a function's Wasm parameters are its IR parameters'
// locals (scalars; small tuples as several locals; arrays and big tuples as
// one pointer) followed by the frame pointer; its results are the result's
// locals followed by, for each reference parameter, the f64 parts of its
// content (the callee accumulates them from zero; the caller adds them in).
//
// Memory: every allocation has a static offset in the function's frame; a
// callee's frame follows its caller's allocations at the call; a loop body
// reuses one region every iteration. The frame size is static, so JS knows
// how much memory a call needs and nothing is ever allocated at run time.
//
// The export "f": (argptr, retptr, frameptr) -> status reads the arguments in
// the memory layout (layout.h), runs, writes the result and returns 0, or 1
// if an index went out of range (iadd past the end; the code continues with
// index 0, so no memory outside the program's own is ever touched).
#pragma once
#include "ir/context.h"
#include "wasm/encode.h"

namespace rose::wasm {

struct Import {
  uint8_t kind;  // 0: opaque host function (id = host number); 1: Math function (id = index in kMathNames)
  uint32_t id;
};
extern const char* const kMathNames[8];  // exp log sin cos tan tanh atan2 pow

struct Compiled {
  Bytes bytes;
  uint32_t frame = 0, args = 0, ret = 0;  // bytes the call needs at frameptr, argptr, retptr
  Vec<Import> imports;
};

// Compiles `root` and everything it calls. Fails with a message naming the
// function when something cannot be compiled (generic functions, reference
// parameters on the root).
// Bodies of more than chunk_limit instructions are split into chunk
// functions (lower.cpp); tests lower it to exercise chunking.
//
// V8's optimizing tier takes superlinear time on long straight-line functions:
// the gradient of unrolled circle packing with 300 circles (11 MB of Wasm)
// took it 10 s to optimize in chunks of 20,000 instructions, 4.3 s in chunks
// of 5,000, so the gradient ran at full speed after ~6 s instead of ~15 s.
// Smaller chunks still (2,000: 3.3 s) add more values that cross chunks.
constexpr uint32_t kChunkLimit = 5000;
Result<Compiled> compile_wasm(Context& cx, FuncId root, uint32_t chunk_limit = kChunkLimit);

}  // namespace rose::wasm
