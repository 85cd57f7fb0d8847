// The examples' simulations as benchmarks: the same model.js code, timed per optimisation step.
import { createBilliards } from "../examples/billiards/model.js";
import { createRobot } from "../examples/robot/model.js";

export const SIMS = { billiards: createBilliards, robot: createRobot };

export async function simBench(rose, name, { steps }) {
  const t0 = performance.now();
  const model = await SIMS[name](rose);
  const setupMs = performance.now() - t0;
  const times = [];
  const losses = [];
  for (let i = 0; i < steps; i++) {
    const t = performance.now();
    losses.push(model.step());
    times.push(performance.now() - t);
  }
  return { setupMs, stepMs: median(times), steps, lossFirst: losses[0], lossLast: model.loss() };
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
