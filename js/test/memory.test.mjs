// 10,000 rounds of trace, differentiate, compile, call and dispose: the
// engine's live function count returns to where it was and its memory stays
// bounded (no leak per round).
import assert from "node:assert/strict";
import { test } from "node:test";
import { Real, Vec, add, compile, engineMemory, fn, interp, liveFunctions, mul, sin, vjp } from "rose-cpp";

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
