// Tracing crosses into the engine a fixed number of times per function, not
// once per traced op: the engine's exports are wrapped with counters before
// the package instantiates it (this file runs in its own process).
import assert from "node:assert/strict";
import { test } from "node:test";

const calls = {};
const Instance = WebAssembly.Instance;
let engine = true;
WebAssembly.Instance = function (module, imports) {
  const inst = new Instance(module, imports);
  if (!engine) return inst;
  engine = false; // the first instance is the engine; compiled functions come later
  const exports = {};
  for (const [k, v] of Object.entries(inst.exports))
    exports[k] = typeof v !== "function" ? v : (...a) => ((calls[k] = (calls[k] ?? 0) + 1), v(...a));
  return { exports };
};
const { Real, Vec, add, div, fn, lt, mul, select, sin, sum, vec } = await import("rose-cpp");

const crossings = (n) => {
  for (const k in calls) delete calls[k];
  fn([Real, Vec(3, Real)], Real, (x, v) => {
    let y = x;
    for (let i = 0; i < n; i++) y = add(mul(sin(y), 1.5 + i), div(v[i % 3], 2));
    const w = vec(3, Real, (j) => mul(v[j], y));
    return add(sum(3, (j) => w[j]), select(lt(y, 0), Real, y, 1));
  });
  return Object.values(calls).reduce((a, b) => a + b, 0);
};

test("tracing makes no engine call per op", () => {
  crossings(10); // types made once are cached
  const few = crossings(10), many = crossings(5000);
  assert.ok(few > 0, "the counters see the engine");
  assert.equal(many, few, `${few} engine calls for 10 iterations, ${many} for 5000`);
});
