// The traced operations. Each checks its operand types (TypeError naming the
// op) and appends one instruction; op codes are core/src/ir/ops.def's order.
import * as T from "./types.js";
import { closeBlock, ctx, emit, emitSym, fin, inScope, lit, newVar, O, openBlock, real, sym, syms, val, varOf, vt, word, zeroTok } from "./trace.js";

// Real or Tan operand: numbers are Real constants, zero() the Tan zero.
function num(x, op, side) {
  if (typeof x === "number") return real(T.realTy(), x);
  if (x === zeroTok) return lit(T.tanTy(), O.Zero, "0");
  const i = typeof x === "object" && x !== null ? varOf(x) : -1;
  if (i < 0) throw TypeError(`invalid value: ${op} ${side} is ${typeof x}`);
  return i;
}

// An op on one or two operands of type `arg` (Real or Bool) giving `result`.
const unary = (op, arg = T.realTy) => (x) => {
  ctx();
  return emitSym(op, arg(), val(arg(), x));
};
const binary = (op, arg = T.realTy, result = arg) => (x, y) => {
  ctx();
  const a = val(arg(), x);
  return emitSym(op, result(), a, val(arg(), y));
};
const indexCmp = (op) => (n, i, j) => {
  ctx();
  const t = T.tyId(n);
  const a = val(t, i);
  return emitSym(op, T.boolTy(), a, val(t, j));
};
// neg/add/sub: Real with Real or Tan with Tan. mul/div: Real or Tan by a Real.
const linear = (op, name, scale) => (x, y) => {
  ctx();
  const a = num(x, name, "left"), b = num(y, name, "right");
  const ta = vt[a], tb = vt[b];
  if (!T.isF64(ta) || (scale ? T.ty(tb).k !== T.REAL : ta !== tb))
    throw TypeError(`left and right have invalid types for ${name}: ${T.name(ta)} and ${T.name(tb)}`);
  return emitSym(op, ta, a, b);
};

export const not = unary(17, T.boolTy);
export const and = binary(19, T.boolTy), or = binary(20, T.boolTy), iff = binary(21, T.boolTy), xor = binary(22, T.boolTy);
export const ineq = indexCmp(23), ilt = indexCmp(24), ileq = indexCmp(25);
export const ieq = indexCmp(26), igt = indexCmp(27), igeq = indexCmp(28);

// i mod n, for an index of any type (a literal may be any natural number).
export const imod = (n, i) => {
  ctx();
  const t = T.tyId(n);
  if (T.ty(t).k !== T.FIN || T.ty(t).n === 0) throw TypeError(`imod needs a positive index type, not ${n}`);
  let a;
  if (typeof i === "number") a = fin(T.finTy(Number.isInteger(i) && i >= 0 ? i + 1 : 1), i);
  else if (typeof i === "symbol" && syms?.has(i)) a = inScope(syms.get(i));
  else throw TypeError("invalid value: imod needs an index");
  return sym(t, emit(O.IMod, t, a, undefined, undefined, t));
};
// i + j; the compiled code reports a sum past the end as a RangeError.
export const iadd = (n, i, j) => {
  ctx();
  const t = T.tyId(n);
  if (T.ty(t).k !== T.FIN) throw TypeError(`index type cannot be used as an index: ${T.name(t)}`);
  const a = val(t, i);
  return emitSym(29, t, a, val(t, j));
};

export const select = (cond, ty, then, els) => {
  ctx();
  const t = T.tyId(ty);
  const p = val(T.boolTy(), cond);
  const a = val(t, then);
  return emitSym(11, t, p, a, val(t, els));
};

export const neg = (x) => {
  ctx();
  const a = num(x, "neg", "argument");
  if (!T.isF64(vt[a])) throw TypeError(`arg has invalid type for neg: ${T.name(vt[a])}`);
  return emitSym(30, vt[a], a);
};
export const abs = unary(31), sign = unary(32), ceil = unary(33), floor = unary(34);
export const trunc = unary(35), sqrt = unary(36), exp = unary(37), log = unary(38);
export const sin = unary(39), cos = unary(40), tan = unary(41), tanh = unary(42);
export const add = linear(43, "add"), sub = linear(44, "sub");
export const mul = linear(45, "mul", true), div = linear(46, "div", true);
export const atan2 = binary(47), pow = binary(48), min = binary(49), max = binary(50);
const cmp = (op) => binary(op, T.realTy, T.boolTy);
export const neq = cmp(51), lt = cmp(52), leq = cmp(53), eq = cmp(54), gt = cmp(55), geq = cmp(56);

export const zero = () => {
  ctx();
  return zeroTok;
};

// A loop: `body` runs once on a symbolic index; returns the array of results.
export const vec = (index, elem, body) => {
  ctx();
  const i = T.tyId(index);
  const e = T.tyId(elem);
  const t = T.arrayTy(i, e);
  word(O.For);
  word(i);
  const outer = openBlock();
  let out;
  try {
    out = val(e, body(sym(i, newVar(i))));
  } finally {
    closeBlock(outer);
  }
  word(254);
  word(out);
  return sym(t, newVar(t));
};

// A sum over an index type: an accumulator, a loop adding into it, a resolve.
export const sum = (index, body) => {
  ctx();
  const r = T.realTy();
  const acc = emit(O.Accum, T.refTy(r), real(r, 0));
  vec(index, T.Null, (i) => emitSym(O.AddTo, T.unitTy(), acc, val(r, body(i))));
  return emitSym(O.Resolve, r, acc);
};
