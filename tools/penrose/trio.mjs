// One Penrose diagram on one implementation, in its own process:
//   PENROSE_DEPS=dir ROSE_IMPL=rose|rose-cpp node --import ./register.mjs trio.mjs FILE.trio.json [seconds]
// Prints one JSON line: compile time, the energy and gradient at the initial
// state (weight 1000), then the optimizer's status and final values after at
// most `seconds` of steps, and the time spent in rose's fn and compile.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(process.env.PENROSE_DEPS + "/");
const { compile, step, showError } = await import(require.resolve("@penrose/core"));
const file = process.argv[2], budget = 1000 * +(process.argv[3] ?? 8);
const trio = JSON.parse(readFileSync(file, "utf8"));
const read = (p) => readFileSync(join(dirname(file), p), "utf8");
const text = (x) => (Array.isArray(x) ? x.map(text).join("\n") : x.endsWith(".domain") || x.endsWith(".substance") || x.endsWith(".style") ? read(x) : x);
const out = {};
try {
  const t0 = performance.now();
  const r = await compile({ domain: text(trio.domain), substance: text(trio.substance), style: text(trio.style), variation: trio.variation });
  out.compileMs = Math.round(performance.now() - t0);
  if (r.isErr()) throw Error(showError(r.error));
  let s = r.value;
  const x = new Float64Array(s.varyingValues), g = new Float64Array(x.length);
  out.phi0 = s.gradient(s.constraintSets.get(s.optStages[s.currentStageIndex]), x, 1000, g).phi;
  out.grad0 = Array.from(g);
  const t1 = performance.now();
  for (;;) {
    const o = step(s, { until: () => performance.now() - t1 > budget });
    if (o.isErr()) throw Error(showError(o.error));
    s = o.value;
    if (s.params.optStatus === "EPConverged" || s.params.optStatus === "Error" || performance.now() - t1 > budget) break;
  }
  out.optMs = Math.round(performance.now() - t1);
  out.status = s.params.optStatus;
  out.values = Array.from(s.varyingValues);
} catch (e) {
  out.error = String(e?.message ?? e).split("\n")[0].slice(0, 200);
}
out.roseMs = globalThis.__roseTime && { fn: Math.round(__roseTime.fn), compile: Math.round(__roseTime.compile) };
console.log(JSON.stringify(out));
process.exit(0);
