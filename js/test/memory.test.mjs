// 10,000 rounds of trace, differentiate, compile, call and dispose: the
// engine's live function count returns to where it was and its memory stays
// bounded (no leak per round).
import assert from "node:assert/strict";
import { test } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Real, Vec, add, compile, engineMemory, fn, interp, liveFunctions, mul, opaque, sin, vjp } from "rose-cpp";

test("10k compile/dispose rounds leak no engine functions or memory", async () => {
  const before = liveFunctions();
  let mem0 = 0;
  for (let k = 0; k < 10000; k++) {
    const c = k % 7;
    const f = fn([Vec(2, Real)], Real, ([x, y]) => add(mul(x, sin(y)), c));
    const g = fn([Vec(2, Real)], Vec(2, Real), (v) => vjp(f)(v).grad(1));
    const run = k % 2 ? await compile(g) : interp(g);
    const [gx] = run([k, 0.5]);
    assert.equal(gx, Math.sin(0.5));
    g.dispose();
    f.dispose();
    if (k === 999) mem0 = engineMemory();
  }
  assert.equal(liveFunctions(), before);
  assert.ok(engineMemory() <= mem0 + 65536 * 4, `engine memory grew from ${mem0} to ${engineMemory()}`);
});

test("a freed opaque function lets go of its JS function, also when its last caller frees it", async () => {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc");
  const before = liveFunctions();
  const refs = [];
  for (let k = 0; k < 1000; k++) {
    const impl = (x) => x * k;
    refs.push(new WeakRef(impl));
    const h = opaque([Real], Real, impl);
    const f = fn([Real], Real, (x) => add(h(x), 1));
    assert.equal((await compile(f))(2), 2 * k + 1);
    h.dispose(); // f still calls it: the engine keeps it, and the JS function with it
    f.dispose();
  }
  assert.equal(liveFunctions(), before);
  await new Promise((r) => setTimeout(r, 0));
  gc();
  const kept = refs.filter((r) => r.deref() !== undefined).length;
  assert.ok(kept <= 1, `${kept} of 1000 host functions are still referenced`);
});

// A program too large for the engine's 4 GiB memory: a RangeError naming the
// cause (not a wasm trap), and functions made before it still compile and run.
test("out of engine memory is a RangeError and leaves the engine usable", async () => {
  const sq = fn([Real], Real, (x) => mul(x, x));
  const small = fn([Real], Real, (x) => add(sq(x), 1));
  const grad = () => fn([Real], Real, (x) => vjp(small)(x).grad(1));
  const before = await compile(grad());
  const N = 120000;
  const huge = fn([Vec(N, Real)], Real, (p) => {
    let e = 0;
    for (let i = 0; i < N; i++) for (let j = 0; j < 60; j++) e = add(e, sq(p[i]));
    return e;
  });
  await assert.rejects(
    async () => compile(fn([Vec(N, Real)], Vec(N, Real), (p) => vjp(huge)(p).grad(1))),
    (e) => e instanceof RangeError && /out of memory/.test(e.message),
  );
  huge.dispose();
  assert.equal(before(3), 6);
  assert.equal((await compile(grad()))(5), 10);
  assert.equal(interp(fn([Real], Real, (x) => vjp(small)(x).grad(1)))(-2), -4);
});
