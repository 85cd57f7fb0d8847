// The extern "C" surface the JS package calls: the only place errors cross.
// In the .wasm each is exported without its rose_ prefix (rose_alloc as "alloc").
// Every function returns a status or an id, with UINT32_MAX meaning failure;
// rose_error() then points at a message (UTF-8, rose_error_len() bytes).
//
// A traced function arrives as one batch of u32 words, so tracing costs one
// crossing per function, not per op. Variables are numbered in creation
// order: parameters first, then one per instruction (a loop's index variable
// when the loop opens, its array when it closes).
//
//   batch  := name params ret instr* END var
//   name   := nbytes word*                 (UTF-8, 4 bytes per word, little end first)
//   params := n type*                      (engine type ids)
//   ret    := type
//   instr  := op type operands             (type is UINT32_MAX where the operands decide)
//     Real: lo hi (IEEE bits)    Bool, Fin: value    Unit, Zero: -
//     Array, Tuple: n var*       Index, Slice, AddTo, binary ops: var var
//     Member, Field: var k       unary ops, Accum, Resolve: var
//     Select: c then else        Call: func ngen type* nargs var*
//     For: index-type (opens the body; its index variable is the next id)
//     ENDFOR var (closes the body with its element; the array is the next id)
#pragma once
#include <cstdint>

namespace rose::abi {

constexpr uint32_t kFail = UINT32_MAX;
constexpr uint32_t kEndFor = 254;  // pseudo-op closing a loop body
constexpr uint32_t kEnd = 255;     // pseudo-op ending the body; followed by the result var

}  // namespace rose::abi
