// One measurement process (run.mjs starts several per case, each a fresh node):
// loads our module, hand.wasm and hand.mjs for one case, times them and prints
//   {"values": {ours, wasm, js}, "ns": {ours, wasm, js}}
// with each gradient and the median ns per evaluation.
//
//   node --no-liftoff worker.mjs DIR CASE RUN_MS RUNS WARM_MS [--check-only]
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { chainGrad, circlesGrad } from "./hand.mjs";

const align = (n, a) => Math.ceil(n / a) * a;

function ensure(memory, bytes) {
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / 65536));
}

/** Our module: arguments at 0, result and frame after them (codegen.h's calling convention). */
async function ours(dir, c) {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const { instance } = await WebAssembly.instantiate(readFileSync(join(dir, c.wasm)), { m: { "": memory }, Math });
  const ret = align(c.argBytes, 16);
  const frame = align(ret + c.retBytes, 16);
  ensure(memory, frame + c.frame);
  new Float64Array(memory.buffer, 0, c.args.length).set(c.args);
  const f = instance.exports.f;
  const status = f(0, ret, frame);
  if (status !== 0) throw new Error(`our module returned status ${status}`);
  return { grad: () => f(0, ret, frame), value: Array.from(new Float64Array(memory.buffer, ret, c.retBytes / 8)) };
}

/** hand.cpp built for wasm32: buffers placed from __heap_base. */
async function handWasm(dir, c) {
  const { instance } = await WebAssembly.instantiate(readFileSync(join(dir, "hand.wasm")), {});
  const { memory, __heap_base: heap, chain_grad: chain, circles_grad: circles } = instance.exports;
  const base = align(heap.value, 16);
  let grad;
  let g;
  if (c.kind === "chain") {
    ensure(memory, base + 16 + 8 * c.steps);
    const [x0, a] = c.args;
    grad = () => chain(x0, a, c.steps, base + 16, base);
    g = [base, 2];
  } else {
    const K = c.size;
    ensure(memory, base + 40 * K);
    new Float64Array(memory.buffer, base, 2 * K).set(c.args);
    new Float64Array(memory.buffer, base + 16 * K, K).set(c.radii);
    grad = () => circles(K, base, base + 16 * K, base + 24 * K);
    g = [base + 24 * K, 2 * K];
  }
  grad();
  return { grad, value: Array.from(new Float64Array(memory.buffer, g[0], g[1])) };
}

function handJs(c) {
  let grad;
  let g;
  if (c.kind === "chain") {
    const tape = new Float64Array(c.steps);
    const [x0, a] = c.args;
    g = new Float64Array(2);
    grad = () => chainGrad(x0, a, c.steps, tape, g);
  } else {
    const p = Float64Array.from(c.args);
    const r = Float64Array.from(c.radii);
    g = new Float64Array(2 * c.size);
    grad = () => circlesGrad(c.size, p, r, g);
  }
  grad();
  return { grad, value: Array.from(g) };
}

/**
 * Median ns per call of each function: warm each up, size its runs to runMs, then time
 * `runs` rounds, each round one run of every function in turn, so that a slow spell of the
 * machine hits all of them alike. hand_native follows the same protocol on its own.
 */
function timeAll(grads, runMs, runs, warmMs) {
  const reps = grads.map((grad) => {
    const t0 = performance.now();
    let calls = 0;
    do grad(), calls++;
    while (performance.now() - t0 < warmMs || calls < 3);
    return Math.max(1, Math.floor(runMs / Math.max((performance.now() - t0) / calls, 1e-6)));
  });
  const ns = grads.map(() => []);
  for (let r = 0; r < runs; r++)
    grads.forEach((grad, k) => {
      const t = performance.now();
      for (let i = 0; i < reps[k]; i++) grad();
      ns[k].push(((performance.now() - t) * 1e6) / reps[k]);
    });
  return ns.map((xs) => xs.sort((a, b) => a - b)[xs.length >> 1]);
}

const [dir, name, runMs, runs, warmMs, mode] = process.argv.slice(2);
const c = JSON.parse(readFileSync(join(dir, "cases.json"), "utf8")).find((x) => x.name === name);
if (!c) throw new Error(`no case ${name} in ${dir}/cases.json`);
const impls = { ours: await ours(dir, c), wasm: await handWasm(dir, c), js: handJs(c) };
const out = { values: {}, ns: {} };
for (const [k, impl] of Object.entries(impls)) out.values[k] = impl.value;
if (mode !== "--check-only") {
  const ns = timeAll(Object.values(impls).map((impl) => impl.grad), Number(runMs), Number(runs), Number(warmMs));
  Object.keys(impls).forEach((k, i) => (out.ns[k] = ns[i]));
}
process.stdout.write(`${JSON.stringify(out)}\n`);
