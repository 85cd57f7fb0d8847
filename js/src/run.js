// compile and interp: the engine emits a standalone Wasm module per function;
// arguments and results travel through its memory in the engine's layout
// (size, align and offsets from types.js ty()), checked on the way in.
import { E, arity, instantiate, text, u32 } from "./engine.js";
import * as T from "./types.js";
import { fn, hosts, idOf } from "./fn.js";

const PAGE = 65536;
const stacks = new WeakMap(); // memory -> { top }: the bytes that running calls use

// Records where in an argument an encoding error happened ([3].x ...).
function at(e, where) {
  e.path = where + (e.path ?? "");
  return e;
}
const what = (x) => (x === null ? "null" : Array.isArray(x) ? "an array" : typeof x);
const wrong = (want, x) => TypeError(`expected ${want}, got ${what(x)}`);

// encoder(t)(dv, offset, x): writes x or throws TypeError/RangeError.
const encoders = [];
function encoder(t) {
  if (encoders[t]) return encoders[t];
  const ty = T.ty(t);
  let f;
  switch (ty.k) {
    case T.UNIT:
      f = (dv, o, x) => {
        if (x !== null) throw wrong("null", x);
      };
      break;
    case T.BOOL:
      f = (dv, o, x) => {
        if (typeof x !== "boolean") throw wrong("a boolean", x);
        dv.setUint8(o, +x);
      };
      break;
    case T.REAL:
    case T.TAN:
      f = (dv, o, x) => {
        if (typeof x !== "number") throw wrong("a number", x);
        dv.setFloat64(o, x, true);
      };
      break;
    case T.FIN: {
      const n = ty.n;
      const set = uint("set", ty.size);
      f = (dv, o, x) => {
        if (typeof x !== "number" || !Number.isInteger(x)) throw wrong("an index", x);
        if (x < 0 || x >= Math.max(n, 1)) throw RangeError(`index ${x} is out of range for index type ${n}`);
        set?.call(dv, o, x, true);
      };
      break;
    }
    case T.ARRAY: {
      const n = T.ty(ty.idx).n;
      const e = encoder(ty.elem);
      const stride = T.ty(ty.elem).stride;
      f = (dv, o, x) => {
        if (!(Array.isArray(x) || ArrayBuffer.isView(x))) throw wrong(`an array of ${n}`, x);
        if (x.length !== n) throw RangeError(`wrong array size: ${x.length} elements, expected ${n}`);
        for (let i = 0; i < n; i++) {
          try {
            e(dv, o + i * stride, x[i]);
          } catch (err) {
            throw at(err, `[${i}]`);
          }
        }
      };
      break;
    }
    default: {
      const keys = ty.keys ?? ty.mem.map((_, k) => String(k));
      const es = ty.mem.map(encoder);
      const offs = ty.offs;
      f = (dv, o, x) => {
        if (typeof x !== "object" || x === null || (ty.keys && Array.isArray(x)))
          throw wrong(T.name(t), x);
        if (ty.keys && Object.keys(x).length !== keys.length)
          throw TypeError(`wrong struct keys: {${Object.keys(x).join(", ")}}, expected ${T.name(t)}`);
        for (let k = 0; k < keys.length; k++) {
          if (!(keys[k] in x)) throw TypeError(`wrong struct keys: missing ${keys[k]}, expected ${T.name(t)}`);
          try {
            es[k](dv, o + offs[k], x[keys[k]]);
          } catch (err) {
            throw at(err, `.${keys[k]}`);
          }
        }
      };
    }
  }
  return (encoders[t] = f);
}
// The DataView method for an unsigned integer of `size` bytes (none for 0).
const uint = (op, size) => DataView.prototype[`${op}Uint${8 * size}`];

const decoders = [];
function decoder(t) {
  if (decoders[t]) return decoders[t];
  const ty = T.ty(t);
  let f;
  switch (ty.k) {
    case T.UNIT: f = () => null; break;
    case T.BOOL: f = (dv, o) => dv.getUint8(o) !== 0; break;
    case T.REAL: case T.TAN: f = (dv, o) => dv.getFloat64(o, true); break;
    case T.FIN: {
      const get = uint("get", ty.size);
      f = get ? (dv, o) => get.call(dv, o, true) : () => 0;
      break;
    }
    case T.ARRAY: {
      const n = T.ty(ty.idx).n;
      const d = decoder(ty.elem);
      const stride = T.ty(ty.elem).stride;
      f = (dv, o) => {
        const a = new Array(n);
        for (let i = 0; i < n; i++) a[i] = d(dv, o + i * stride);
        return a;
      };
      break;
    }
    default: {
      const ds = ty.mem.map(decoder);
      const offs = ty.offs;
      f = ty.keys
        ? (dv, o) => {
          const r = {};
          for (let k = 0; k < ds.length; k++) r[ty.keys[k]] = ds[k](dv, o + offs[k]);
          return r;
        }
        : (dv, o) => ds.map((d, k) => d(dv, o + offs[k]));
    }
  }
  return (decoders[t] = f);
}

// [the module bytes, its imports, a wrapper factory for instance exports].
function prepare(f, memory) {
  let s = idOf(f);
  // The engine compiles traced roots only: an opaque root gets a traced caller.
  if (s.host) s = idOf((s.caller ??= fn(s.sig.slice(0, -1).map(() => T.Real), T.Real, (...xs) => f(...xs))));
  E.compile(s.id);
  const bytes = text();
  // [frame, args, ret, n, (kind, id) × n]; kind 0 is a host function.
  const m = u32(), info = E.compile_info() >>> 2, frame = m[info];
  const host = {};
  for (let k = info + 4; k < info + 4 + 2 * m[info + 3]; k += 2) if (m[k] === 0) host[m[k + 1]] = hosts[m[k + 1]];
  const sig = s.sig;
  const ps = sig.slice(0, -1), rt = sig.at(-1);
  const offs = [];
  let args = 0;
  for (const p of ps) {
    args = T.roundUp(args, T.ty(p).align);
    offs.push(args);
    args += T.ty(p).size;
  }
  const retptr = T.roundUp(args, 8);
  const frameptr = retptr + T.roundUp(T.ty(rt).size, 8);
  const need = T.roundUp(frameptr + frame, 8);
  memory ??= new WebAssembly.Memory({ initial: Math.ceil(need / PAGE) });
  const grow = (top) => {
    const have = memory.buffer.byteLength;
    if (have < top) memory.grow(Math.ceil((top - have) / PAGE));
  };
  grow(need);
  // A call made while another call on this memory runs (an opaque function
  // calling back into compiled code) gets its own region above the running
  // one's, so it cannot overwrite that call's arguments, result or frame.
  let stack = stacks.get(memory);
  if (!stack) stacks.set(memory, (stack = { top: 0 }));
  const encs = ps.map(encoder), dec = decoder(rt);
  const imports = { m: { "": memory }, "": host, Math };
  const wrap = (instance) => {
    const run = instance.exports.f;
    let buf = null, dv = null;
    return (...xs) => {
      arity(xs, ps.length, "expected");
      const base = stack.top;
      grow(base + need);
      if (memory.buffer !== buf) dv = new DataView((buf = memory.buffer));
      for (let k = 0; k < ps.length; k++) {
        try {
          encs[k](dv, base + offs[k], xs[k]);
        } catch (e) {
          e.message = `argument ${k}${e.path ?? ""}: ${e.message}`;
          throw e;
        }
      }
      stack.top = base + need;
      let status;
      try {
        status = run(base, base + retptr, base + frameptr);
      } finally {
        stack.top = base;
      }
      if (status !== 0) throw RangeError("index out of range: an iadd went past the end of its index type");
      if (memory.buffer !== buf) dv = new DataView((buf = memory.buffer));
      return dec(dv, base + retptr);
    };
  };
  return [bytes, imports, wrap];
}

// Compiles f to WebAssembly. With {memory}, that memory is shared (and grown).
// Synchronous instantiation first: V8's async path costs tens of ms of thread
// hand-offs on a small module; browsers refuse sync compiles of big modules
// on the main thread (a RangeError), which then take the async path.
export const compile = async (f, opts) => {
  const [bytes, imports, wrap] = prepare(f, opts?.memory);
  try {
    return wrap(instantiate(bytes, imports));
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return wrap((await WebAssembly.instantiate(bytes, imports)).instance);
  }
};

// Runs f synchronously: the same compiled code, instantiated synchronously.
export const interp = (f) => {
  const [bytes, imports, wrap] = prepare(f);
  return wrap(instantiate(bytes, imports));
};
