// Fn objects: traced (fn), host (opaque) and derived (jvp, vjp) functions.
// A Fn holds one reference to its engine function; dispose() or garbage
// collection gives it back.
import { E, check, ensure, out, textStr, u32, withWords } from "./engine.js";
import * as T from "./types.js";
import { Ctx, ctx, END, FAIL, inContext, O } from "./trace.js";

const fns = new WeakMap(); // Fn -> {id, sig, jvp}
export const hosts = []; // opaque host number -> JS function
const freeHosts = []; // host numbers the engine no longer uses
const registry = new FinalizationRegistry((id) => {
  try {
    E.rose_release(id);
    reclaimHosts();
  } catch {}
});

// Drops the JS functions of opaque functions the engine has freed (a release
// may free them, or a later one once their last caller goes), so their slots
// are reused and the closures can be collected.
function reclaimHosts() {
  for (let hs; (hs = out(64, (p, cap) => E.rose_freed_hosts(p, cap))).length; )
    for (const h of hs) (hosts[h] = undefined), freeHosts.push(h);
}

// The state of a Fn; with `live`, one that was not disposed.
export function idOf(f, live = true) {
  const s = fns.get(f);
  if (!s) throw TypeError("not a rose function");
  if (live && s.id < 0) throw Error("function was disposed");
  return s;
}

// [param types..., return type]
const signature = (id) => out(4100, (p, cap) => E.rose_sig(id, p, cap)).slice(1);

// What every Fn inherits (a class, so as non-enumerable as built-in methods).
// The accessor and methods find their state through `this`: per-function
// closures made a thousand small fns allocate ~1.3 kB each.
class FnMethods {
  get jvp() {
    return idOf(this, false).jvp;
  }
  set jvp(h) {
    const s = idOf(this);
    check(E.rose_set_jvp(s.id, h === undefined ? FAIL : idOf(h).id));
    s.jvp = h;
  }
  // The function and everything it calls, in the printed IR form.
  toString() {
    const s = idOf(this, false);
    if (s.id < 0) return "[disposed rose function]";
    check(E.rose_print(s.id));
    return textStr();
  }
  // Frees the engine function now; functions that call it keep it alive.
  dispose() {
    const s = idOf(this, false);
    if (s.id < 0) return;
    registry.unregister(s);
    E.rose_release(s.id);
    s.id = -1;
    reclaimHosts();
  }
}
const fnProto = FnMethods.prototype;
delete fnProto.constructor; // f.constructor stays Function
Object.setPrototypeOf(fnProto, Function.prototype);

// Wraps an engine function (whose reference we now own) as a callable Fn.
export function makeFn(id) {
  const s = { id, sig: signature(id), jvp: undefined };
  const g = (...args) => call(g, s, args);
  fns.set(g, s);
  registry.register(g, id, s);
  return Object.setPrototypeOf(g, fnProto);
}

function call(g, s, args) {
  const c = ctx();
  if (s.id < 0) throw Error("function was disposed");
  const sig = s.sig;
  const n = sig.length - 1;
  if (args.length !== n) throw TypeError(`function takes ${n} argument${n === 1 ? "" : "s"}, got ${args.length}`);
  const ids = args.map((x, k) => c.val(sig[k], x));
  return c.sym(sig[n], c.emitList(O.Call, FAIL, sig[n], [s.id, 0, n, ...ids]));
}

const enc = new TextEncoder();
const fnName = (f) => (/^[A-Za-z_$][\w$]*$/.test(f.name) ? f.name : "f");

// Traces `body` once on symbolic parameters.
export const fn = (params, ret, body) => {
  if (inContext()) throw Error("can't define a function while defining another function");
  ensure();
  if (!Array.isArray(params)) throw TypeError("fn params must be an array of types");
  if (typeof body !== "function") throw TypeError("fn body must be a function");
  const pts = params.map(T.tyId);
  const rt = T.tyId(ret);
  const c = new Ctx();
  c.enter();
  let res;
  try {
    const args = pts.map((t) => c.sym(t, c.newVar(t)));
    res = c.val(rt, body(...args));
  } finally {
    c.leave();
  }
  c.word(END);
  c.word(res);
  // The batch: name (length, then its ASCII bytes in words), parameter types,
  // return type, instructions; written straight into engine memory.
  const name = fnName(body), nw = (name.length + 3) >> 2, np = pts.length, total = 3 + nw + np + c.n;
  let p = 0;
  try {
    p = E.rose_alloc(4 * total);
    const m = u32(), at = p >> 2;
    m[at] = name.length;
    m.fill(0, at + 1, at + 1 + nw);
    for (let i = 0; i < name.length; i++) m[at + 1 + (i >> 2)] |= name.charCodeAt(i) << (8 * (i & 3));
    m[at + 1 + nw] = np;
    m.set(pts, at + 2 + nw);
    m[at + 2 + nw + np] = rt;
    m.set(c.w.subarray(0, c.n), at + 3 + nw + np);
    return makeFn(check(E.rose_fn(p, total)));
  } finally {
    c.done();
    if (p) E.rose_free(p);
  }
};

// A host function: compiled code calls `impl` (Real parameters and result).
export const opaque = (params, ret, impl) => {
  ensure();
  if (typeof impl !== "function") throw TypeError("opaque needs a JS function");
  const pts = params.map(T.tyId);
  const rt = T.tyId(ret);
  for (const t of [...pts, rt])
    if (T.ty(t).k !== T.REAL) throw TypeError(`opaque functions take and return Real, not ${T.name(t)}`);
  reclaimHosts();
  const host = freeHosts.length ? freeHosts.pop() : hosts.length;
  hosts[host] = impl;
  const name = enc.encode(fnName(impl));
  const np = E.rose_alloc(name.length + 1);
  try {
    new Uint8Array(E.memory.buffer, np, name.length).set(name);
    const id = withWords(pts, (pp) => E.rose_opaque(pts.length, pp, rt, host, name.length, np));
    if (id === FAIL) (hosts[host] = undefined), freeHosts.push(host);
    const g = makeFn(check(id));
    fns.get(g).host = true;
    return g;
  } finally {
    E.rose_free(np);
  }
};

// Forward mode: every Real becomes {re, du}. The engine caches it per function.
export const jvp = (f) => {
  const id = check(E.rose_jvp(idOf(f).id));
  check(E.rose_retain(id));
  return makeFn(id);
};

// Reverse mode: vjp(f)(...args) gives {ret, grad}; grad(cotangent) is the
// gradient (for one parameter) or the array of gradients (for several).
export const vjp = (f) => {
  const s = idOf(f);
  // fwd and bwd live in f's derivative cache as long as f does.
  const [fwd, bwd] = out(2, (p) => E.rose_vjp(s.id, p));
  const ps = s.sig.slice(0, -1);
  const bsig = signature(bwd);
  // fwd takes the parameters with every Tan made Real, and returns (ret, tape).
  const fsig = signature(fwd), bundleTy = fsig.at(-1);
  return (...args) => {
    const c = ctx();
    if (s.id < 0) throw Error("function was disposed");
    if (args.length !== ps.length)
      throw TypeError(`function takes ${ps.length} argument${ps.length === 1 ? "" : "s"}, got ${args.length}`);
    const xs = args.map((x, k) => c.val(fsig[k], x));
    const bundle = c.emitList(O.Call, FAIL, bundleTy, [fwd, 0, xs.length, ...xs]);
    const ret = c.member(bundleTy, bundle, 0);
    const tape = c.member(bundleTy, bundle, 1);
    const grad = (cot) => {
      if (!inContext() || ctx() !== c) throw Error("VJP closure escaped its context");
      const accs = xs.map((x) => (T.ty(c.vt[x]).f64 ? c.emit(O.Accum, FAIL, T.refTy(c.vt[x]), x) : -1));
      const bargs = accs.filter((a) => a >= 0);
      if (bargs.length + 3 === bsig.length) bargs.push(c.val(bsig[bargs.length], cot));
      bargs.push(tape);
      c.emitList(O.Call, FAIL, T.unitTy(), [bwd, 0, bargs.length, ...bargs]);
      const gs = xs.map((x, k) => c.sym(c.vt[x], accs[k] < 0 ? x : c.emit(O.Resolve, FAIL, c.vt[x], accs[k])));
      return ps.length === 1 ? gs[0] : gs;
    };
    return { ret: c.sym(c.vt[ret], ret), grad };
  };
};

// For tests and tools: engine functions alive (leak checks).
export const liveFunctions = () => ensure().rose_live_functions();
// Bytes of engine memory (leak checks: it must stay bounded).
export const engineMemory = () => ensure().memory.buffer.byteLength;
