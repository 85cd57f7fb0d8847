// Tracing: a `fn` body runs once on symbolic values; every op is type-checked
// here and appended to one batch of u32 words (core/src/abi/abi.h) that
// crosses to the engine when the body returns.
import * as T from "./types.js";

export const FAIL = 0xffffffff;
export const ENDFOR = 254, END = 255;
export const O = {
  Unit: 0, Bool: 1, Real: 2, Fin: 3, Zero: 4, Array: 5, Tuple: 6, Index: 7, Member: 8, Call: 12,
  For: 13, Accum: 14, AddTo: 15, Resolve: 16, IMod: 18,
};

// The zero tangent token returned by zero().
export const zeroTok = Symbol("zero");

// Traces never nest, so the running one's state is module state. Each trace
// has a number: symbolic values remember theirs, so a value leaked from one
// trace into another is an error, not a silent alias.
let traces = 0;
let current = 0; // the running trace's number; 0 outside a trace
export const ctx = () => {
  if (!current) throw Error("no `fn` context found");
  return current;
};
export const inContext = () => current !== 0;

// The buffers live on from trace to trace: fresh large typed arrays cost page
// faults on every trace.
let w = new Uint32Array(4096); // the words
let n = 0; // words used
export let vt = new Uint32Array(1024); // var id -> type id
let vb = new Uint32Array(1024); // var id -> block it was defined in
let nv = 0; // vars defined
let open; // block -> still open
let blk; // the current block
// Made on first use: most small functions need one of them at most.
export let syms; // index symbol -> var id
let lits; // literal key -> var id (see lit)

// The words of the last trace.
export const words = () => w.subarray(0, n);

// Starts a trace (a new number, empty state); end() leaves it.
export function begin() {
  current = ++traces;
  n = nv = blk = 0;
  open = [true];
  syms = lits = null;
}
export function end() {
  current = 0;
}

// A block (a loop body) whose variables go out of scope at its end.
export function openBlock() {
  const outer = blk;
  blk = open.push(true) - 1;
  return outer;
}
export function closeBlock(outer) {
  open[blk] = false;
  blk = outer;
}

// A scalar symbolic value.
class Var {
  constructor(c, i) {
    this.c = c;
    this.i = i;
  }
}
// Proxies (arrays, structs) -> their Var.
const proxied = new WeakMap();

const bits = new Float64Array(1);
const bitsU = new Uint32Array(bits.buffer);
const wellKnown = new Set(Object.getOwnPropertyNames(Symbol).map((k) => Symbol[k]).filter((s) => typeof s === "symbol"));

function room(k) {
  const bigger = new Uint32Array(Math.max(w.length * 2, n + k));
  bigger.set(w);
  w = bigger;
}
export function word(x) {
  if (n === w.length) room(1);
  w[n++] = x;
}
export function newVar(t) {
  const i = nv;
  if (i === vt.length) {
    const t2 = new Uint32Array(2 * i), b2 = new Uint32Array(2 * i);
    t2.set(vt), b2.set(vb);
    (vt = t2), (vb = b2);
  }
  vt[i] = t;
  vb[i] = blk;
  nv = i + 1;
  return i;
}
// Appends an instruction with up to three operand words (those not
// undefined) and returns its variable: no rest array per traced op. `want`
// is the result type the engine is told (FAIL: the one it infers).
export function emit(op, rt, a, b, d, want = FAIL) {
  if (n + 5 > w.length) room(5);
  w[n++] = op;
  w[n++] = want;
  if (a !== undefined) w[n++] = a;
  if (b !== undefined) w[n++] = b;
  if (d !== undefined) w[n++] = d;
  return newVar(rt);
}
// The symbolic value of a new instruction.
export const emitSym = (op, rt, a, b, d) => sym(rt, emit(op, rt, a, b, d));
// Appends an instruction whose operands are a count and the ids (a call's
// are its callee, a 0 word, then those).
export function emitList(op, want, rt, ids, callee) {
  word(op);
  word(want);
  if (op === O.Call) word(callee), word(0);
  word(ids.length);
  for (const x of ids) word(x);
  return newVar(rt);
}
export const emitCall = (callee, rt, ids) => emitList(O.Call, FAIL, rt, ids, callee);

// The variable of a symbolic value, checked for ownership and scope.
export function varOf(x) {
  const v = x instanceof Var ? x : proxied.get(x);
  if (v === undefined) return -1;
  if (v.c !== current) throw Error("a symbolic value was used outside the `fn` that made it");
  return inScope(v.i);
}
export function inScope(i) {
  if (!open[vb[i]]) throw TypeError("variable is out of scope");
  return i;
}
function expect(t, i, what = "value") {
  if (vt[i] !== t) throw TypeError(`variable type mismatch: ${what} has type ${T.name(vt[i])}, expected ${T.name(t)}`);
  return i;
}

// A literal, shared within the blocks it is visible in. Real constants, the
// common case, are keyed by the number itself (formatting each into a string
// key would cost more); other literals by their type and value.
export function lit(t, op, key, a, b) {
  if (t !== T.realTy()) key = `${t} ${key}`;
  const m = (lits ??= new Map());
  const i = m.get(key);
  if (i !== undefined && open[vb[i]]) return i;
  const j = emit(op, t, a, b, undefined, t);
  m.set(key, j);
  return j;
}
export function real(t, x) {
  bits[0] = x;
  return lit(t, O.Real, x === 0 && 1 / x < 0 ? "-0" : x, bitsU[0], bitsU[1]); // a Map equates -0 with 0
}

// The variable for a JS value `x` used where type `t` is expected.
export function val(t, x) {
  if (typeof x === "symbol") {
    if (x === zeroTok) {
      if (T.ty(t).k !== T.TAN) throw TypeError(`zero() is a tangent, expected ${T.name(t)}`);
      return lit(t, O.Zero, "0");
    }
    const i = syms?.get(x);
    if (i === undefined) throw TypeError("invalid value: a symbol that is not an index of this function");
    return expect(t, inScope(i), "index");
  }
  if (typeof x === "object" && x !== null) {
    const i = varOf(x);
    if (i >= 0) return expect(t, i);
  }
  const ty = T.ty(t);
  switch (typeof x) {
    case "number":
      if (T.isF64(t)) return real(t, x);
      if (ty.k === T.FIN) return fin(t, x);
      throw TypeError(`type is not numeric: got ${x}, expected ${T.name(t)}`);
    case "boolean":
      if (ty.k !== T.BOOL) throw TypeError(`did not expect boolean, expected ${T.name(t)}`);
      return lit(t, O.Bool, +x, +x);
    case "object":
      if (x === null) {
        if (ty.k !== T.UNIT) throw TypeError(`did not expect null, expected ${T.name(t)}`);
        return lit(t, O.Unit, "");
      }
      if (Array.isArray(x)) {
        if (ty.k !== T.ARRAY) throw TypeError(`type is not an array: ${T.name(t)}`);
        const len = T.ty(ty.idx).n;
        if (x.length !== len) throw TypeError(`wrong array size: ${x.length} elements for ${T.name(t)}`);
        const ids = new Array(len);
        for (let k = 0; k < len; k++) ids[k] = val(ty.elem, x[k]);
        return emitList(O.Array, t, t, ids);
      }
      if (ty.k === T.STRUCT) {
        const keys = Object.keys(x);
        if (keys.length !== ty.n || !keys.every((k) => ty.kix.has(k)))
          throw TypeError(`wrong struct keys: {${keys.join(", ")}}, expected ${T.name(t)}`);
        return emitList(O.Tuple, t, t, ty.keys.map((k, j) => val(ty.mem[j], x[k])));
      }
      throw TypeError(`type is not a struct: ${T.name(t)}`);
  }
  throw TypeError(`invalid value: ${typeof x === "bigint" ? `${x}n` : JSON.stringify(x) ?? String(x)}`);
}
export function fin(t, x) {
  if (!Number.isInteger(x) || x < 0) throw TypeError(`can't be represented by an unsigned integer: ${x}`);
  const size = T.ty(t).n;
  if (x >= size) throw RangeError(`index ${x} is out of range for index type ${size}`);
  return lit(t, O.Fin, x, x);
}

// The symbolic JS value for variable `i` of type `t`.
export function sym(t, i) {
  const k = T.ty(t).k;
  if (k === T.FIN) {
    const s = Symbol();
    (syms ??= new Map()).set(s, i);
    return s;
  }
  const v = new Var(current, i);
  if (k === T.ARRAY) return arrayProxy(t, v);
  if (k === T.STRUCT || k === T.TUPLE) return structProxy(t, v);
  return v;
}

const index = (t, a, key) => emitSym(O.Index, T.ty(t).elem, a, val(T.ty(t).idx, key));
export const member = (t, a, k) => emit(O.Member, T.ty(t).mem[k], a, k);

function arrayProxy(t, v) {
  const p = new Proxy({ [ST]: { t, v, n: T.ty(T.ty(t).idx).n } }, arrayTraps);
  proxied.set(p, v);
  return p;
}
function structProxy(t, v) {
  const ty = T.ty(t);
  const keyOf = (prop) => {
    if (current !== v.c) throw Error("struct escaped its context");
    if (typeof prop === "symbol") return -1;
    const k = ty.kix ? ty.kix.get(prop) : Number.isInteger(+prop) && +prop < ty.n ? +prop : undefined;
    return k === undefined ? -2 : k;
  };
  const read = (k) => sym(ty.mem[k], member(t, inScope(v.i), k));
  const p = new Proxy(
    {},
    {
      get(_, prop) {
        const k = keyOf(prop);
        if (k >= 0) return read(k);
        if (k === -1) {
          if (wellKnown.has(prop)) return undefined;
          throw TypeError("unexpected symbol");
        }
        throw TypeError(`unexpected key: ${prop} is not in ${T.name(t)}`);
      },
      has: (_, prop) => keyOf(prop) >= 0,
      // Object.keys, spread and destructuring rest see the members.
      ownKeys: () => {
        keyOf(""); // the escape check
        return ty.keys ? [...ty.keys] : ty.mem.map((_, k) => String(k));
      },
      getOwnPropertyDescriptor(_, prop) {
        const k = keyOf(prop);
        return k >= 0 ? { value: read(k), enumerable: true, configurable: true, writable: false } : undefined;
      },
      set() {
        throw TypeError("symbolic structs are read-only");
      },
    },
  );
  proxied.set(p, v);
  return p;
}

// The traps of symbolic arrays, shared by all of them: each proxy's target
// holds its state under ST (per-proxy closures were a large part of the
// garbage a small traced function made; structs are rarer and keep theirs).
const ST = Symbol("state");
const arrayTraps = {
  get(target, prop) {
    const { t, v, n: len } = target[ST];
    if (current !== v.c) throw Error("array escaped its context");
    if (prop === Symbol.iterator)
      return function* () {
        for (let k = 0; k < len; k++) {
          if (current !== v.c) throw Error("array escaped its context");
          yield index(t, v.i, k);
        }
      };
    if (prop === "length") return len;
    if (typeof prop === "string") {
      if (!/^(0|[1-9][0-9]*)$/.test(prop)) throw TypeError(`can't be represented by an unsigned integer: ${prop}`);
      prop = Number(prop);
    } else if (wellKnown.has(prop)) return undefined;
    return index(t, inScope(v.i), prop);
  },
  set() {
    throw TypeError("symbolic arrays are read-only");
  },
};
