// One benchmark job, run in its own process by bench/run.mjs (so a crash, an out-of-memory
// or a hang in one implementation cannot take the whole run down, and a timeout can kill it).
//
//   node bench/job.mjs '<json spec>'   → prints one line "@@result <json>"
//
// spec: { bench: "chain" | "circles" | "sim", impl, n?, K?, style?, name?, budgetMs?, steps? }
// result: { status: "ok", ... } | { status: "fails", message } | { status: "n/a", message }

import { loadImpl } from "./impls.mjs";
import { handChain, roseChain, tfjsChain } from "./chain.mjs";
import { handWide, roseWide } from "./wide.mjs";
import { handCircles, problem, roseCircles, tfjsCircles } from "./circles.mjs";
import { median, simBench } from "./sims.mjs";

const GD_STEPS = 200;
const GD_RATE = 0.05;

async function main() {
  const spec = JSON.parse(process.argv[2]);
  let api;
  try {
    api = await loadImpl(spec.impl);
  } catch (e) {
    return { status: "n/a", message: `cannot import ${spec.impl}: ${firstLine(e)}` };
  }
  try {
    if (spec.bench === "chain") return await chain(spec, api);
    if (spec.bench === "wide") return await wide(spec, api);
    if (spec.bench === "circles") return await circles(spec, api);
    if (spec.bench === "sim") return { status: "ok", ...(await simBench(api, spec.name, { steps: spec.steps })) };
    throw Error(`unknown bench ${spec.bench}`);
  } catch (e) {
    return { status: "fails", message: firstLine(e) };
  }
}

async function chain({ impl, n }, api) {
  const run = impl === "hand" ? handChain(n) : impl === "tfjs" ? tfjsChain(api, n) : roseChain(api, n);
  const r = await run;
  const ref = impl === "hand" ? r : await handChain(n);
  return { status: "ok", ...r, relErr: Math.abs(r.grad - ref.grad) / Math.abs(ref.grad) };
}

async function wide({ n }, api) {
  const r = await roseWide(api, n);
  const ref = handWide(n), scale = Math.max(...ref.map(Math.abs), 1e-300);
  const relErr = Math.max(...ref.map((x, i) => Math.abs(x - r.grad[i]))) / scale;
  return { status: "ok", phases: r.phases, totalMs: r.totalMs, relErr };
}

async function circles({ impl, K, style, budgetMs: budget }, api) {
  const pr = problem(K);
  const jobStart = performance.now();
  const model =
    impl === "hand" ? await handCircles(pr) : impl === "tfjs" ? await tfjsCircles(api, pr) : await roseCircles(api, pr, style);
  // Correctness first: gradient at p0 against the hand-written one.
  const ref = (await handCircles(pr)).grad(pr.p0);
  const got = model.grad(pr.p0);
  const scale = Math.max(...ref.grad.map(Math.abs), 1e-300);
  let maxErr = 0;
  for (let i = 0; i < ref.grad.length; i++) maxErr = Math.max(maxErr, Math.abs(got.grad[i] - ref.grad[i]));
  const relErr = maxErr / scale;
  // The timing loops get what is left of the budget after setup and the check (at least a
  // tenth of it), so a slow setup (unrolled K=1000: ~30 s) does not push the job past its limit.
  const budgetMs = Math.max(budget / 10, budget - (performance.now() - jobStart));

  // Gradient evaluation: warm up until the JIT has settled (300 ms or 2000 calls, at least 2),
  // then the median of repeated calls (at least 3, up to 50 or a quarter of the budget).
  for (let i = 0, w = performance.now(); i < 2 || (i < 2000 && performance.now() - w < 300); i++) model.grad(pr.p0);
  const times = [];
  const start = performance.now();
  while (times.length < 50 && (times.length < 3 || performance.now() - start < budgetMs / 4)) {
    const t = performance.now();
    model.grad(pr.p0);
    times.push(performance.now() - t);
  }
  // Gradient descent: 200 steps, or as many as fit in the rest of the budget, extrapolated.
  const p = pr.p0.slice();
  const gdStart = performance.now();
  let steps = 0;
  let loss0;
  while (steps < GD_STEPS && (steps < 2 || performance.now() - gdStart < (budgetMs * 3) / 4)) {
    const { loss, grad } = model.grad(p);
    if (steps === 0) loss0 = loss;
    for (let i = 0; i < p.length; i++) p[i] -= GD_RATE * grad[i];
    steps++;
  }
  const gdMs = ((performance.now() - gdStart) * GD_STEPS) / steps;
  return {
    status: "ok",
    setupMs: model.setupMs,
    gradMs: median(times),
    gradCalls: times.length,
    gdMs,
    gdSteps: steps,
    extrapolated: steps < GD_STEPS,
    loss0,
    lossEnd: model.grad(p).loss,
    relErr,
  };
}

const firstLine = (e) => String(e?.message ?? e).split("\n")[0].slice(0, 300);

const result = await main();
process.stdout.write(`@@result ${JSON.stringify(result)}\n`);
// Some engines keep handles (workers, timers) alive; a job is done once it has reported.
process.exit(0);
