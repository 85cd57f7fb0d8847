// The engine instance (rose.wasm, see core/src/abi/abi.h) and the few helpers
// every crossing needs. Nothing here allocates per traced op: a function is
// handed over as one batch of u32 words. Both entries (node.js, browser.js)
// set the engine before any export can be called.
export let E = null;
const FAIL = 0xffffffff;

export function setEngine(bytes) {
  const raw = instantiate(bytes, {}).exports;
  raw._initialize?.();
  // A trap inside the engine (only out-of-memory is expected) becomes an Error
  // with a message; the engine's other functions stay usable.
  E = { memory: raw.memory };
  for (const k in raw)
    if (typeof raw[k] === "function")
      // Fixed arity (no export takes more than six): no rest array per crossing.
      E[k] = (a, b, c, d, e, f) => {
        try {
          // Every export returns an i32 or nothing; addresses past 2 GiB must
          // not turn negative. None returns the failure value but to fail.
          const r = raw[k](a, b, c, d, e, f);
          return r === undefined ? r : check(r >>> 0);
        } catch (e) {
          if (!(e instanceof WebAssembly.RuntimeError)) throw e;
          throw raw.oom() ? RangeError(OOM) : Error(`rose: internal engine error (${e.message})`);
        }
      };
  const alloc = E.alloc;
  E.alloc = (n) => {
    const p = alloc(n);
    if (p) return p;
    raw.oom(); // clears the flag; a null block must never be written to
    throw RangeError(OOM);
  };
}
const OOM = "rose: out of memory: the program is too large for the engine's 4 GiB";

// The engine prints reals as exact hex floats (a shortest-decimal printer
// would cost it ~1 kB); they become the decimals JavaScript's String(x) gives,
// which is also what the native printer writes.
// (No lookbehind for the preceding character: Safari before 16.4 cannot parse it.)
const hexReal = /(^|[\s=(,])(-?)0x([01])\.([0-9a-f]{13})p([+-]\d+)/g;
const decimal = (_, before, sign, lead, frac, e) => {
  const x = (+lead + parseInt(frac, 16) / 2 ** 52) * 2 ** +e;
  return before + (sign ? (x ? String(-x) : "-0") : String(x));
};
const utf8 = (bytes) => new TextDecoder().decode(bytes).replace(hexReal, decimal);
const u8 = () => new Uint8Array(E.memory.buffer);
const bytesAt = (p, n) => u8().slice(p, p + n);
// A view of all of engine memory, made again only when memory grows.
let view = null;
export const u32 = () => (view?.buffer === E.memory.buffer ? view : (view = new Uint32Array(E.memory.buffer)));

// Writes s as UTF-8 at p (room for 3 bytes per UTF-16 unit); returns the byte
// count. (Node's encodeInto writes nothing into a view of over 2 GiB.)
const enc = new TextEncoder();
export const putStr = (s, p) => enc.encodeInto(s, u8().subarray(p, p + 3 * s.length)).written;

// Throws the engine's message if r is the failure value (every export's
// result goes through here).
function check(r) {
  if (r === FAIL) throw Error(utf8(bytesAt(E.error(), E.error_len())));
  return r;
}

export const text = () => bytesAt(E.text(), E.text_len());
export const textStr = () => utf8(text());

// Runs the engine's f(...args, ptr, cap) on an out-buffer of cap u32s; returns
// the words it wrote (f returns their count).
export function out(f, cap, ...args) {
  const p = E.alloc(cap * 4);
  try {
    const n = f(...args, p, cap);
    return Array.from(u32().subarray(p >>> 2, (p >>> 2) + n));
  } finally {
    E.free(p);
  }
}

// Throws unless a call got n arguments.
export function arity(args, n, lead) {
  if (args.length !== n) throw TypeError(`${lead} ${n} argument${n === 1 ? "" : "s"}, got ${args.length}`);
}

export const instantiate = (bytes, imports) => new WebAssembly.Instance(new WebAssembly.Module(bytes), imports);
