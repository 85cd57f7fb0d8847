// The traced operations. Each checks its operand types (TypeError naming the
// op) and appends one instruction; op codes are core/src/ir/ops.def's order.
import * as T from "./types.js";
import { ctx, FAIL, O, zeroTok } from "./trace.js";

const bool = (c, x) => c.val(T.boolTy(), x);
const real = (c, x) => c.val(T.realTy(), x);
const scalar = (c, v) => c.sym(c.vt[v], v);

// Real or Tan operand: numbers are Real constants, zero() the Tan zero.
function num(c, x, op, side) {
  if (typeof x === "number") return c.real(T.realTy(), x);
  if (x === zeroTok) return c.lit(T.tanTy(), O.Zero, "0");
  const i = typeof x === "object" && x !== null ? c.varOf(x) : -1;
  if (i < 0) throw TypeError(`invalid value: ${op} ${side} is ${typeof x}`);
  return i;
}

const unaryReal = (op) => (x) => {
  const c = ctx();
  const a = real(c, x);
  return scalar(c, c.emit(op, FAIL, c.vt[a], a));
};
const binaryReal = (op, result) => (x, y) => {
  const c = ctx();
  const a = real(c, x), b = real(c, y);
  return scalar(c, c.emit(op, FAIL, result ? result() : c.vt[a], a, b));
};
const boolBin = (op) => (p, q) => {
  const c = ctx();
  const a = bool(c, p), b = bool(c, q);
  return scalar(c, c.emit(op, FAIL, c.vt[a], a, b));
};
const indexCmp = (op) => (n, i, j) => {
  const c = ctx();
  const t = T.tyId(n);
  const a = c.val(t, i), b = c.val(t, j);
  return scalar(c, c.emit(op, FAIL, T.boolTy(), a, b));
};
// neg/add/sub: Real with Real or Tan with Tan. mul/div: Real or Tan by a Real.
const linear = (op, name, scale) => (x, y) => {
  const c = ctx();
  const a = num(c, x, name, "left"), b = num(c, y, name, "right");
  const ta = c.vt[a], tb = c.vt[b];
  if (!T.isF64(ta) || (scale ? T.ty(tb).k !== T.REAL : ta !== tb))
    throw TypeError(`left and right have invalid types for ${name}: ${T.name(ta)} and ${T.name(tb)}`);
  return scalar(c, c.emit(op, FAIL, ta, a, b));
};

export const not = (p) => {
  const c = ctx();
  const a = bool(c, p);
  return scalar(c, c.emit(17, FAIL, c.vt[a], a));
};
export const and = boolBin(19), or = boolBin(20), iff = boolBin(21), xor = boolBin(22);
export const ineq = indexCmp(23), ilt = indexCmp(24), ileq = indexCmp(25);
export const ieq = indexCmp(26), igt = indexCmp(27), igeq = indexCmp(28);

// i mod n, for an index of any type (a literal may be any natural number).
export const imod = (n, i) => {
  const c = ctx();
  const t = T.tyId(n);
  if (T.ty(t).k !== T.FIN || T.ty(t).n === 0) throw TypeError(`imod needs a positive index type, not ${n}`);
  let a;
  if (typeof i === "number") a = c.fin(T.finTy(Number.isInteger(i) && i >= 0 ? i + 1 : 1), i);
  else if (typeof i === "symbol" && c.syms?.has(i)) a = c.inScope(c.syms.get(i));
  else throw TypeError("invalid value: imod needs an index");
  return c.sym(t, c.emit(O.IMod, t, t, a));
};
// i + j; the compiled code reports a sum past the end as a RangeError.
export const iadd = (n, i, j) => {
  const c = ctx();
  const t = T.tyId(n);
  if (T.ty(t).k !== T.FIN) throw TypeError(`index type cannot be used as an index: ${T.name(t)}`);
  const a = c.val(t, i), b = c.val(t, j);
  return c.sym(t, c.emit(29, FAIL, t, a, b));
};

export const select = (cond, ty, then, els) => {
  const c = ctx();
  const t = T.tyId(ty);
  const p = bool(c, cond);
  const a = c.val(t, then), b = c.val(t, els);
  return c.sym(t, c.emit(11, FAIL, t, p, a, b));
};

export const neg = (x) => {
  const c = ctx();
  const a = num(c, x, "neg", "argument");
  if (!T.isF64(c.vt[a])) throw TypeError(`arg has invalid type for neg: ${T.name(c.vt[a])}`);
  return scalar(c, c.emit(30, FAIL, c.vt[a], a));
};
export const abs = unaryReal(31), sign = unaryReal(32), ceil = unaryReal(33), floor = unaryReal(34);
export const trunc = unaryReal(35), sqrt = unaryReal(36), exp = unaryReal(37), log = unaryReal(38);
export const sin = unaryReal(39), cos = unaryReal(40), tan = unaryReal(41), tanh = unaryReal(42);
export const add = linear(43, "add"), sub = linear(44, "sub");
export const mul = linear(45, "mul", true), div = linear(46, "div", true);
export const atan2 = binaryReal(47), pow = binaryReal(48), min = binaryReal(49), max = binaryReal(50);
export const neq = binaryReal(51, T.boolTy), lt = binaryReal(52, T.boolTy), leq = binaryReal(53, T.boolTy);
export const eq = binaryReal(54, T.boolTy), gt = binaryReal(55, T.boolTy), geq = binaryReal(56, T.boolTy);

export const zero = () => {
  ctx();
  return zeroTok;
};

// A loop: `body` runs once on a symbolic index; returns the array of results.
export const vec = (index, elem, body) => {
  const c = ctx();
  const i = T.tyId(index);
  const e = T.tyId(elem);
  const t = T.arrayTy(i, e);
  c.word(O.For);
  c.word(i);
  const b = c.open.push(true) - 1;
  const outer = c.blk;
  c.blk = b;
  let out;
  try {
    const iv = c.newVar(i);
    out = c.val(e, body(c.sym(i, iv)));
  } finally {
    c.open[b] = false;
    c.blk = outer;
  }
  c.word(254);
  c.word(out);
  return c.sym(t, c.newVar(t));
};

// A sum over an index type: an accumulator, a loop adding into it, a resolve.
export const sum = (index, body) => {
  const c = ctx();
  const r = T.realTy();
  const acc = c.emit(O.Accum, FAIL, T.refTy(r), c.real(r, 0));
  vec(index, T.Null, (i) => {
    const x = real(c, body(i));
    return c.sym(T.unitTy(), c.emit(O.AddTo, FAIL, T.unitTy(), acc, x));
  });
  return scalar(c, c.emit(O.Resolve, FAIL, r, acc));
};
