// rose-cpp: Rose's API (rose 0.4.10, export for export) plus the built-in
// maths ops, on the C++ engine compiled to WebAssembly.
export { Null, Bool, Real, Tan, Vec, struct, Dual } from "./types.js";
export { fn, opaque, jvp, vjp, liveFunctions, engineMemory } from "./fn.js";
export { compile, interp } from "./run.js";
export {
  not, and, or, iff, xor, ineq, ilt, ileq, ieq, igt, igeq, iadd, imod, select,
  neg, abs, sign, ceil, floor, trunc, sqrt, exp, log, sin, cos, tan, tanh,
  add, sub, mul, div, atan2, pow, min, max, neq, lt, leq, eq, gt, geq, zero, vec, sum,
} from "./ops.js";
