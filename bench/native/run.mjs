// Times the gradient code our engine emits (gen.cpp's modules) against the same
// gradient written by hand: C++ -O3 natively (hand_native, which times itself),
// C++ compiled to wasm32 (hand.wasm) and plain JS (hand.mjs). Prints a table of
// times and ratios and writes codegen.md beside the modules. A report: nothing
// here passes or fails on time; a row whose gradients disagree is dropped and
// makes the exit status 1.
//
//   node bench/native/run.mjs [--dir build/bench] [--only NAME] [--procs 5] [--cpu N|none]
//                             [--run-ms 20] [--runs 9] [--warm-ms 100]
//
// run.sh builds the inputs first. Each case is measured in --procs fresh
// processes (worker.mjs, and hand_native for C++ -O3), all pinned to one CPU
// (taskset; by default the last one), and each cell is the median over them.
// Pinning matters: on the 2-vCPU VM this was written on, one vCPU ran every
// implementation ~1.3x slower than the other, so unpinned times were bimodal.
// Workers run node --no-liftoff: Wasm is compiled by TurboFan up front instead
// of tiering up in the background while being timed.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeCodegen } from "./codegen.mjs";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const WORKER = fileURLToPath(new URL("./worker.mjs", import.meta.url));
const TOLERANCE = 1e-9; // max |a - b| / max |b| over the gradient's entries

function options(argv) {
  const o = { dir: join(ROOT, "build/bench"), only: "", procs: 5, cpu: String(cpus().length - 1) };
  Object.assign(o, { runMs: 20, runs: 9, warmMs: 100 });
  const numeric = { "--procs": "procs", "--run-ms": "runMs", "--runs": "runs", "--warm-ms": "warmMs" };
  for (let k = 0; k < argv.length; k += 2) {
    const [key, value] = [argv[k], argv[k + 1]];
    if (value === undefined) throw new Error(`option ${key} needs a value`);
    if (key === "--dir") o.dir = value;
    else if (key === "--only") o.only = value;
    else if (key === "--cpu") o.cpu = value;
    else if (numeric[key]) o[numeric[key]] = Number(value);
    else throw new Error(`unknown option ${key}`);
  }
  return o;
}

const hasTaskset = spawnSync("taskset", ["-V"]).status === 0;

function runJson(cpu, cmd, args) {
  const pin = cpu !== "none" && hasTaskset;
  const run = spawnSync(pin ? "taskset" : cmd, pin ? ["-c", cpu, cmd, ...args] : args, {
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  if (run.status !== 0) throw new Error(`${cmd.split("/").pop()} failed: ${(run.stderr || String(run.error)).trim()}`);
  return JSON.parse(run.stdout);
}

function relErr(a, ref) {
  if (a.length !== ref.length) return Infinity;
  let num = 0;
  let den = 0;
  for (let k = 0; k < a.length; k++) {
    num = Math.max(num, Math.abs(a[k] - ref[k]));
    den = Math.max(den, Math.abs(ref[k]));
  }
  return den > 0 ? num / den : num;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function fmtTime(ns) {
  if (ns < 1e3) return `${ns.toPrecision(3)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toPrecision(3)} µs`;
  return `${(ns / 1e6).toPrecision(3)} ms`;
}
const fmtRatio = (a, b) => `×${(a / b).toFixed(2)}`;

/** Times one case; returns the row's text, or throws with the reason it has none. */
function measure(c, o, raw) {
  const timing = [String(o.runMs), String(o.runs), String(o.warmMs)];
  const nativeBin = join(o.dir, "hand_native");
  const procs = [];
  for (let p = 0; p < o.procs; p++) {
    const native = runJson(o.cpu, nativeBin, [c.kind, String(c.size), ...timing]);
    const worker = runJson(o.cpu, process.execPath, ["--no-liftoff", WORKER, o.dir, c.name, ...timing]);
    if (p === 0) {
      const checks = Object.entries({ ours: "ours", wasm: "C++→wasm", js: "JS" }).map(([k, n]) => [n, worker.values[k]]);
      if (c.interp.length) checks.push(["our interpreter", c.interp]);
      const bad = checks.map(([n, v]) => [n, relErr(v, native.grad)]).filter(([, e]) => !(e <= TOLERANCE));
      if (bad.length)
        throw new Error(`gradients disagree with C++ -O3: ${bad.map(([n, e]) => `${n} rel. err ${e.toExponential(2)}`).join(", ")}`);
    }
    procs.push({ native: native.ns, ...worker.ns });
  }
  const t = Object.fromEntries(["ours", "native", "wasm", "js"].map((k) => [k, median(procs.map((p) => p[k]))]));
  raw.push({ name: c.name, median: t, perProcess: procs });
  const times = [t.ours, t.native, t.wasm, t.js].map(fmtTime).join(" | ");
  return `${times} | ${fmtRatio(t.ours, t.native)} | ${fmtRatio(t.ours, t.wasm)} | ${fmtRatio(t.ours, t.js)}`;
}

const o = options(process.argv.slice(2));
for (const need of ["cases.json", "hand.wasm", "hand_native"])
  if (!existsSync(join(o.dir, need))) throw new Error(`${join(o.dir, need)} is missing: run bench/native/run.sh`);
const cases = JSON.parse(readFileSync(join(o.dir, "cases.json"), "utf8")).filter((c) => c.name.includes(o.only));
const table = [
  "| case | ours (emitted wasm) | C++ -O3 | C++ → wasm | JS | ours / C++ | ours / C++→wasm | ours / JS |",
  `|${" --- |".repeat(8)}`,
];
let failed = 0;
const raw = [];
for (const c of cases) {
  const label = c.kind === "chain" ? `chain n=${c.size} (${c.steps} steps)` : `circles ${c.form} K=${c.size}`;
  let text = c.note;
  if (!text) {
    try {
      text = measure(c, o, raw);
    } catch (e) {
      text = e.message.split("\n")[0];
      failed++;
    }
  } else if (!text.startsWith("skipped")) failed++;
  table.push(`| ${label} | ${text} |`);
  console.error(`${c.name}: ${text}`);
}
console.log(`\nGradient evaluation: median over ${o.procs} processes of the median of ${o.runs} runs`);
const pinned = o.cpu !== "none" && hasTaskset ? `pinned to CPU ${o.cpu}` : "not pinned to a CPU";
console.log(`(node ${process.version}, wasm compiled by TurboFan, ${pinned})\n`);
console.log(table.join("\n"));
writeFileSync(join(o.dir, "native-results.json"), `${JSON.stringify(raw, null, 1)}\n`);
writeCodegen(o.dir, cases, table);
console.log(`\nwrote ${join(o.dir, "codegen.md")} and native-results.json`);
if (failed) process.exitCode = 1;
