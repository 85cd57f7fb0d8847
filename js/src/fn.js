// Fn objects: traced (fn), host (opaque) and derived (jvp, vjp) functions.
// A Fn holds one reference to its engine function; dispose() or garbage
// collection gives it back.
import { E, arity, out, putStr, textStr, u32 } from "./engine.js";
import * as T from "./types.js";
import { begin, ctx, emit, emitCall, end, END, FAIL, inContext, member, newVar, O, sym, val, vt, word, words } from "./trace.js";

const fns = new WeakMap(); // Fn -> {id, sig, jvp}
export const hosts = []; // opaque host number -> JS function
const freeHosts = []; // host numbers the engine no longer uses
const registry = new FinalizationRegistry((id) => {
  try {
    E.release(id);
    reclaimHosts();
  } catch {}
});

// Drops the JS functions of opaque functions the engine has freed (a release
// may free them, or a later one once their last caller goes), so their slots
// are reused and the closures can be collected.
function reclaimHosts() {
  for (let hs; (hs = out(E.freed_hosts, 64)).length; )
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
const signature = (id) => out(E.sig, 4100, id).slice(1);

// What every Fn inherits (a class, so as non-enumerable as built-in methods).
// The accessor and methods find their state through `this`: per-function
// closures made a thousand small fns allocate ~1.3 kB each.
class FnMethods {
  get jvp() {
    return idOf(this, false).jvp;
  }
  set jvp(h) {
    const s = idOf(this);
    E.set_jvp(s.id, h === undefined ? FAIL : idOf(h).id);
    s.jvp = h;
  }
  // The function and everything it calls, in the printed IR form.
  toString() {
    const s = idOf(this, false);
    if (s.id < 0) return "[disposed rose function]";
    E.print(s.id);
    return textStr();
  }
  // Frees the engine function now; functions that call it keep it alive.
  dispose() {
    const s = idOf(this, false);
    if (s.id < 0) return;
    registry.unregister(s);
    E.release(s.id);
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
  const g = (...args) => {
    const sig = s.sig, rt = sig.at(-1);
    return sym(rt, emitCall(s.id, rt, argVars(s, sig, args)));
  };
  fns.set(g, s);
  registry.register(g, id, s);
  return Object.setPrototypeOf(g, fnProto);
}

// The variables of the arguments of a call of s (sig: its parameter types first).
function argVars(s, sig, args) {
  ctx();
  if (s.id < 0) throw Error("function was disposed");
  arity(args, sig.length - 1, "function takes");
  return args.map((x, k) => val(sig[k], x));
}

const fnName = (f) => (/^[A-Za-z_$][\w$]*$/.test(f.name) ? f.name : "f");

// Traces `body` once on symbolic parameters.
export const fn = (params, ret, body) => {
  if (inContext()) throw Error("can't define a function while defining another function");
  if (!Array.isArray(params)) throw TypeError("fn params must be an array of types");
  if (typeof body !== "function") throw TypeError("fn body must be a function");
  const pts = params.map(T.tyId);
  const rt = T.tyId(ret);
  let res;
  begin();
  try {
    res = val(rt, body(...pts.map((t) => sym(t, newVar(t)))));
  } finally {
    end();
  }
  word(END);
  word(res);
  const ws = words();
  // The batch: name (length, then its ASCII bytes in words), parameter types,
  // return type, instructions; written straight into engine memory.
  const name = fnName(body), nw = (name.length + 3) >> 2, np = pts.length, total = 3 + nw + np + ws.length;
  const p = E.alloc(4 * total);
  try {
    const m = u32(), at = p >>> 2;
    m[at] = putStr(name, p + 4);
    m[at + 1 + nw] = np;
    m.set(pts, at + 2 + nw);
    m[at + 2 + nw + np] = rt;
    m.set(ws, at + 3 + nw + np);
    return makeFn(E.fn(p, total));
  } finally {
    E.free(p);
  }
};

// A host function: compiled code calls `impl` (Real parameters and result).
export const opaque = (params, ret, impl) => {
  if (typeof impl !== "function") throw TypeError("opaque needs a JS function");
  const pts = params.map(T.tyId);
  const rt = T.tyId(ret);
  for (const t of [...pts, rt])
    if (T.ty(t).k !== T.REAL) throw TypeError(`opaque functions take and return Real, not ${T.name(t)}`);
  reclaimHosts();
  const host = freeHosts.length ? freeHosts.pop() : hosts.length;
  hosts[host] = impl;
  // [parameter types][name], one block.
  const name = fnName(impl), np = pts.length, p = E.alloc(4 * np + name.length);
  try {
    u32().set(pts, p >>> 2);
    let id;
    try {
      id = E.opaque(np, p, rt, host, putStr(name, p + 4 * np), p + 4 * np);
    } catch (e) {
      (hosts[host] = undefined), freeHosts.push(host);
      throw e;
    }
    const g = makeFn(id);
    fns.get(g).host = true;
    return g;
  } finally {
    E.free(p);
  }
};

// Forward mode: every Real becomes {re, du}. The engine caches it per function.
export const jvp = (f) => {
  const id = E.jvp(idOf(f).id);
  E.retain(id);
  return makeFn(id);
};

// Reverse mode: vjp(f)(...args) gives {ret, grad}; grad(cotangent) is the
// gradient (for one parameter) or the array of gradients (for several).
export const vjp = (f) => {
  const s = idOf(f);
  // fwd and bwd live in f's derivative cache as long as f does.
  const [fwd, bwd] = out(E.vjp, 2, s.id);
  const bsig = signature(bwd);
  // fwd takes the parameters with every Tan made Real, and returns (ret, tape).
  const fsig = signature(fwd), bundleTy = fsig.at(-1);
  return (...args) => {
    const xs = argVars(s, fsig, args), c = ctx();
    const bundle = emitCall(fwd, bundleTy, xs);
    const ret = member(bundleTy, bundle, 0);
    const tape = member(bundleTy, bundle, 1);
    const grad = (cot) => {
      if (!inContext() || ctx() !== c) throw Error("VJP closure escaped its context");
      const accs = xs.map((x) => (T.ty(vt[x]).f64 ? emit(O.Accum, T.refTy(vt[x]), x) : -1));
      const bargs = accs.filter((a) => a >= 0);
      if (bargs.length + 3 === bsig.length) bargs.push(val(bsig[bargs.length], cot));
      bargs.push(tape);
      emitCall(bwd, T.unitTy(), bargs);
      const gs = xs.map((x, k) => sym(vt[x], accs[k] < 0 ? x : emit(O.Resolve, vt[x], accs[k])));
      return gs.length === 1 ? gs[0] : gs;
    };
    return { ret: sym(vt[ret], ret), grad };
  };
};

// For tests and tools: engine functions alive (leak checks).
export const liveFunctions = () => E.live_functions();
// Bytes of engine memory (leak checks: it must stay bounded).
export const engineMemory = () => E.memory.buffer.byteLength;
