// Headless driver shared by the examples' node.js files:
//   node examples/<name>/node.js [--impl rose|rose-cpp|<path>] [--steps N]
// Prints one line per optimisation step and exits non-zero unless the loss went down.

import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

export function parseArgs(argv, defaults) {
  const args = { impl: "rose-cpp", ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw Error(`missing value after ${a}`);
      return argv[++i];
    };
    if (a === "--impl") args.impl = value();
    else if (a === "--steps") args.steps = Number(value());
    else if (a === "--help" || a === "-h") args.help = true;
    else throw Error(`unknown argument: ${a}`);
  }
  if (!Number.isInteger(args.steps) || args.steps < 1) throw Error("--steps must be a positive integer");
  return args;
}

/** Imports a rose implementation: a package name, or a path to its entry module. */
export async function loadRose(impl) {
  const spec = /^[./]/.test(impl) ? pathToFileURL(resolve(impl)).href : impl;
  return import(spec);
}

/**
 * Runs `steps` optimisation steps of the model made by `create(rose)`.
 * `model.step()` returns the loss before the step; `model.loss()` the current one.
 */
export async function runNode({ name, defaultSteps, create }) {
  let args;
  try {
    args = parseArgs(process.argv.slice(2), { steps: defaultSteps });
  } catch (e) {
    console.error(`${name}: ${e.message}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(`usage: node examples/${name}/node.js [--impl rose|rose-cpp|<path>] [--steps N]`);
    return;
  }
  const t0 = performance.now();
  let rose;
  try {
    rose = await loadRose(args.impl);
  } catch (e) {
    console.error(`${name}: cannot load rose implementation "${args.impl}": ${e.message}`);
    process.exit(2);
  }
  const model = await create(rose);
  const t1 = performance.now();
  console.log(`${name}: impl=${args.impl} steps=${args.steps} setup ${(t1 - t0).toFixed(0)} ms`);
  let first;
  for (let i = 0; i < args.steps; i++) {
    const loss = model.step();
    if (i === 0) first = loss;
    console.log(`${name} step ${String(i).padStart(4)} loss ${fmt(loss)}`);
  }
  const last = model.loss();
  const t2 = performance.now();
  const ok = Number.isFinite(last) && last < first;
  console.log(
    `${name}: initial ${fmt(first)} final ${fmt(last)} ` +
      `(${((t2 - t1) / args.steps).toFixed(1)} ms/step) ${ok ? "OK" : "FAIL: loss did not decrease"}`,
  );
  if (!ok) process.exitCode = 1;
}

const fmt = (x) => (Math.abs(x) >= 1e-3 || x === 0 ? x.toFixed(6) : x.toExponential(4));
