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

let current = null;
export const ctx = () => {
  if (!current) throw Error("no `fn` context found");
  return current;
};
export const inContext = () => current !== null;

// A scalar symbolic value. It remembers its function, so a value leaked from
// one trace into another is an error, not a silent alias.
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

// The buffers of the last finished trace, reused by the next one: traces never
// nest, and fresh large typed arrays cost page faults on every trace.
let spare = null;

export class Ctx {
  constructor() {
    const b = spare ?? { w: new Uint32Array(4096), vt: new Uint32Array(1024), vb: new Uint32Array(1024) };
    spare = null;
    this.w = b.w;
    this.n = 0; // words used
    this.vt = b.vt; // var id -> type id
    this.vb = b.vb; // var id -> block it was defined in
    this.nv = 0; // vars defined
    this.open = [true]; // block -> still open
    this.blk = 0;
    // Made on first use: most small functions need one of them at most.
    this.syms = null; // index symbol -> var id
    this.lits = null; // literal key -> var id (see lit)
  }
  // Hands the buffers on once the words have been copied out.
  done() {
    spare = { w: this.w, vt: this.vt, vb: this.vb };
    this.w = this.vt = this.vb = null;
  }
  enter() {
    current = this;
  }
  leave() {
    current = null;
  }
  word(x) {
    if (this.n === this.w.length) this.room(1);
    this.w[this.n++] = x;
  }
  room(k) {
    const w = new Uint32Array(Math.max(this.w.length * 2, this.n + k));
    w.set(this.w);
    this.w = w;
  }
  newVar(t) {
    const i = this.nv;
    if (i === this.vt.length) {
      const vt = new Uint32Array(2 * i), vb = new Uint32Array(2 * i);
      vt.set(this.vt), vb.set(this.vb);
      (this.vt = vt), (this.vb = vb);
    }
    this.vt[i] = t;
    this.vb[i] = this.blk;
    this.nv = i + 1;
    return i;
  }
  // Appends an instruction with up to three operand words (those not
  // undefined) and returns its variable: no rest array per traced op.
  emit(op, want, rt, a, b, d) {
    if (this.n + 5 > this.w.length) this.room(5);
    const w = this.w;
    let n = this.n;
    w[n++] = op;
    w[n++] = want;
    if (a !== undefined) w[n++] = a;
    if (b !== undefined) w[n++] = b;
    if (d !== undefined) w[n++] = d;
    this.n = n;
    return this.newVar(rt);
  }
  // Appends an instruction whose operands are a count and the ids (a call's
  // are its callee, a 0 word, then those).
  emitList(op, want, rt, ids, callee) {
    this.word(op);
    this.word(want);
    if (op === O.Call) this.word(callee), this.word(0);
    this.word(ids.length);
    for (const x of ids) this.word(x);
    return this.newVar(rt);
  }
  call(callee, rt, ids) {
    return this.emitList(O.Call, FAIL, rt, ids, callee);
  }

  // The variable of a symbolic value, checked for ownership and scope.
  varOf(x) {
    const v = x instanceof Var ? x : proxied.get(x);
    if (v === undefined) return -1;
    if (v.c !== this) throw Error("a symbolic value was used outside the `fn` that made it");
    return this.inScope(v.i);
  }
  inScope(i) {
    if (!this.open[this.vb[i]]) throw TypeError("variable is out of scope");
    return i;
  }
  expect(t, i, what = "value") {
    if (this.vt[i] !== t)
      throw TypeError(`variable type mismatch: ${what} has type ${T.name(this.vt[i])}, expected ${T.name(t)}`);
    return i;
  }

  // A literal, shared within the blocks it is visible in. Real constants, the
  // common case, are keyed by the number itself (formatting each into a string
  // key would cost more); other literals by their type and value.
  lit(t, op, key, a, b) {
    if (t !== T.realTy()) key = `${t} ${key}`;
    const m = (this.lits ??= new Map());
    const i = m.get(key);
    if (i !== undefined && this.open[this.vb[i]]) return i;
    const j = this.emit(op, t, t, a, b);
    m.set(key, j);
    return j;
  }
  real(t, x) {
    bits[0] = x;
    return this.lit(t, O.Real, x === 0 && 1 / x < 0 ? "-0" : x, bitsU[0], bitsU[1]); // a Map equates -0 with 0
  }

  // The variable for a JS value `x` used where type `t` is expected.
  val(t, x) {
    if (typeof x === "symbol") {
      if (x === zeroTok) {
        if (T.ty(t).k !== T.TAN) throw TypeError(`zero() is a tangent, expected ${T.name(t)}`);
        return this.lit(t, O.Zero, "0");
      }
      const i = this.syms?.get(x);
      if (i === undefined) throw TypeError("invalid value: a symbol that is not an index of this function");
      return this.expect(t, this.inScope(i), "index");
    }
    if (typeof x === "object" && x !== null) {
      const i = this.varOf(x);
      if (i >= 0) return this.expect(t, i);
    }
    const ty = T.ty(t);
    switch (typeof x) {
      case "number":
        if (ty.k === T.REAL || ty.k === T.TAN) return this.real(t, x);
        if (ty.k === T.FIN) return this.fin(t, x);
        throw TypeError(`type is not numeric: got ${x}, expected ${T.name(t)}`);
      case "boolean":
        if (ty.k !== T.BOOL) throw TypeError(`did not expect boolean, expected ${T.name(t)}`);
        return this.lit(t, O.Bool, +x, +x);
      case "object":
        if (x === null) {
          if (ty.k !== T.UNIT) throw TypeError(`did not expect null, expected ${T.name(t)}`);
          return this.lit(t, O.Unit, "");
        }
        if (Array.isArray(x)) {
          if (ty.k !== T.ARRAY) throw TypeError(`type is not an array: ${T.name(t)}`);
          const n = T.ty(ty.idx).n;
          if (x.length !== n) throw TypeError(`wrong array size: ${x.length} elements for ${T.name(t)}`);
          const ids = new Array(n);
          for (let k = 0; k < n; k++) ids[k] = this.val(ty.elem, x[k]);
          return this.emitList(O.Array, t, t, ids);
        }
        if (ty.k === T.STRUCT) {
          const keys = Object.keys(x);
          if (keys.length !== ty.n || !keys.every((k) => ty.kix.has(k)))
            throw TypeError(`wrong struct keys: {${keys.join(", ")}}, expected ${T.name(t)}`);
          const ids = ty.keys.map((k, j) => this.val(ty.mem[j], x[k]));
          return this.emitList(O.Tuple, t, t, ids);
        }
        throw TypeError(`type is not a struct: ${T.name(t)}`);
    }
    throw TypeError(`invalid value: ${typeof x === "bigint" ? `${x}n` : JSON.stringify(x) ?? String(x)}`);
  }
  fin(t, x) {
    if (!Number.isInteger(x) || x < 0) throw TypeError(`can't be represented by an unsigned integer: ${x}`);
    const n = T.ty(t).n;
    if (x >= n) throw RangeError(`index ${x} is out of range for index type ${n}`);
    return this.lit(t, O.Fin, x, x);
  }

  // The symbolic JS value for variable `i` of type `t`.
  sym(t, i) {
    const k = T.ty(t).k;
    if (k === T.FIN) {
      const s = Symbol();
      (this.syms ??= new Map()).set(s, i);
      return s;
    }
    const v = new Var(this, i);
    if (k === T.ARRAY) return this.arrayProxy(t, v);
    if (k === T.STRUCT || k === T.TUPLE) return this.structProxy(t, v);
    return v;
  }

  index(t, a, key) {
    const ty = T.ty(t);
    const i = this.val(ty.idx, key);
    return this.sym(ty.elem, this.emit(O.Index, FAIL, ty.elem, a, i));
  }
  member(t, a, k) {
    const m = T.ty(t).mem[k];
    return this.emit(O.Member, FAIL, m, a, k);
  }

  arrayProxy(t, v) {
    const p = new Proxy({ [ST]: { c: this, t, v, n: T.ty(T.ty(t).idx).n } }, arrayTraps);
    proxied.set(p, v);
    return p;
  }
  structProxy(t, v) {
    const c = this;
    const ty = T.ty(t);
    const keyOf = (prop) => {
      if (current !== c) throw Error("struct escaped its context");
      if (typeof prop === "symbol") return -1;
      const k = ty.kix ? ty.kix.get(prop) : Number.isInteger(+prop) && +prop < ty.n ? +prop : undefined;
      return k === undefined ? -2 : k;
    };
    const read = (k) => this.sym(ty.mem[k], this.member(t, this.inScope(v.i), k));
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
}

// The traps of symbolic arrays, shared by all of them: each proxy's target
// holds its state under ST (per-proxy closures were a large part of the
// garbage a small traced function made; structs are rarer and keep theirs).
const ST = Symbol("state");
const arrayTraps = {
  get(target, prop) {
    const { c, t, v, n } = target[ST];
    if (current !== c) throw Error("array escaped its context");
    if (prop === Symbol.iterator)
      return function* () {
        for (let k = 0; k < n; k++) {
          if (current !== c) throw Error("array escaped its context");
          yield c.index(t, v.i, k);
        }
      };
    if (prop === "length") return n;
    if (typeof prop === "string") {
      if (!/^(0|[1-9][0-9]*)$/.test(prop)) throw TypeError(`can't be represented by an unsigned integer: ${prop}`);
      prop = Number(prop);
    } else if (wellKnown.has(prop)) return undefined;
    return c.index(t, c.inScope(v.i), prop);
  },
  set() {
    throw TypeError("symbolic arrays are read-only");
  },
};

