// Type descriptors (Rose's values: symbols, numbers, Vec objects, plain
// objects) and the JS mirror of the engine's hash-consed type table. The
// tracer type-checks every op against this mirror, so a type error throws at
// the call that caused it, without a round trip to the engine.
import { E, out, putStr, text, u32 } from "./engine.js";

export const Null = Symbol("Null");
export const Bool = Symbol("Bool");
export const Real = Symbol("Real");
export const Tan = Symbol("Tan");
// Penrose finds these keys by their descriptions ("index", "elem").
const ind = Symbol("index");
const elm = Symbol("elem");
export const Vec = (index, elem) => ({ [ind]: index, [elm]: elem });
export const struct = (t) => t;
export const Dual = struct({ re: Real, du: Tan });

const prims = [Null, Bool, Real, Tan]; // by kind

// Engine kinds (rose_ty / rose_ty_info).
export const UNIT = 0, BOOL = 1, REAL = 2, TAN = 3, FIN = 4, REF = 6, ARRAY = 7, TUPLE = 9, STRUCT = 10;

// info[id] = {k, size, align, stride, n, idx, elem, f64, mem, offs, keys, kix}:
// n is the Fin size or member count; size, align, stride and the members' offs
// are the engine's memory layout (core/src/wasm/layout.h), which compiled code
// uses; f64 whether the type holds any real or tangent, so that its VJP takes an
// accumulator (even an empty array of reals does).
const info = [];
const byDesc = new Map(); // symbol/number descriptors -> id
const byObj = new WeakMap(); // Vec and struct descriptors -> id

export function ty(id) {
  let t = info[id];
  if (t) return t;
  const w = out(E.ty_info, 1 << 14, id);
  const k = w[0], n = w[4];
  // mem and offs are empty for a type with no members.
  t = { k, size: w[1], align: w[2], stride: w[3], n, idx: n, elem: w[k === REF ? 4 : 5], f64: w[6], mem: w.slice(7, 7 + n), offs: w.slice(7 + n), keys: null, kix: null };
  if (k === STRUCT) {
    t.keys = new TextDecoder().decode(text()).split("\0").slice(0, n);
    t.kix = new Map(t.keys.map((key, i) => [key, i]));
  }
  return (info[id] = t);
}

const mk = (kind, a = 0, b = 0) => E.ty(kind, a, b);
// The primitive types' ids never change: asking the engine for them on every
// traced op would be a Wasm crossing per op.
const prim = [];
const primTy = (kind) => prim[kind] ?? (prim[kind] = mk(kind));
export const unitTy = () => primTy(UNIT);
export const boolTy = () => primTy(BOOL);
export const realTy = () => primTy(REAL);
export const tanTy = () => primTy(TAN);
export const finTy = (n) => mk(FIN, n);
export const refTy = (t) => mk(REF, t);
export function arrayTy(i, e) {
  if (ty(i).k !== FIN) throw TypeError(`index type cannot be used as an index: ${name(i)}`);
  return mk(ARRAY, i, e);
}

// A struct type from its descriptor. Its keys go to the engine sorted in
// JavaScript's string order, which is the engine's (key_less), with their
// member types: [member ids][(ptr, len) per key][UTF-8 bytes], one block.
function structTy(d) {
  const keys = Object.keys(d).sort();
  const mems = keys.map((k) => tyId(d[k]));
  const n = keys.length;
  const p = E.alloc(12 * n + 3 * keys.join("").length);
  try {
    const m = u32(), w = p >>> 2;
    m.set(mems, w);
    let at = p + 12 * n;
    keys.forEach((k, i) => {
      m[w + n + 2 * i] = at;
      at += m[w + n + 2 * i + 1] = putStr(k, at);
    });
    return E.ty_tuple(n, p, p + 4 * n);
  } catch (e) {
    throw TypeError(e.message);
  } finally {
    E.free(p);
  }
}

// The engine type id of a Rose type descriptor.
export function tyId(d) {
  let id = byDesc.get(d);
  if (id !== undefined) return id;
  if ((id = prims.indexOf(d)) >= 0) id = primTy(id);
  else if (typeof d === "number") {
    if (!(Number.isInteger(d) && d >= 0 && d < 2 ** 32)) throw TypeError(`invalid type: index size ${d}`);
    id = finTy(d);
  } else if (typeof d === "object" && d !== null) {
    if ((id = byObj.get(d)) !== undefined) return id;
    if (ind in d && elm in d) id = arrayTy(tyId(d[ind]), tyId(d[elm]));
    else id = structTy(d);
    byObj.set(d, id);
    return id;
  } else throw TypeError("invalid type");
  byDesc.set(d, id);
  return id;
}

// Readable type names for error messages, in Rose's descriptor syntax.
export function name(id) {
  const t = ty(id);
  switch (t.k) {
    case UNIT: case BOOL: case REAL: case TAN: return prims[t.k].description;
    case FIN: return String(t.n);
    case REF: return `Ref(${name(t.elem)})`;
    case ARRAY: return `Vec(${name(t.idx)}, ${name(t.elem)})`;
    case TUPLE: return `(${t.mem.map(name).join(", ")})`;
    case STRUCT: return `{${t.keys.map((k, i) => `${k}: ${name(t.mem[i])}`).join(", ")}}`;
    default: return `type ${id}`;
  }
}

export const isF64 = (id) => ty(id).k === REAL || ty(id).k === TAN;

export const roundUp = (x, a) => Math.ceil(x / a) * a;
