// Runs every benchmark side by side and writes build/bench/results.{md,json} plus SVG plots.
//
//   node bench/run.mjs [--quick] [--timeout S] [--only chain,wide,circles,sims,bundle] [--impls rose,tfjs,...]
//
// Each measurement is a separate `node bench/job.mjs` process with a time limit, so a slow
// or crashing engine reports "timeout"/"fails" instead of stopping the run. Benchmarks
// report; they never fail on time (the exit code is non-zero only if the harness breaks).

import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { measureBundles } from "./bundle.mjs";
import { IMPLS, loadImpl } from "./impls.mjs";
import { buildReport, CIRCLE_COLUMNS, columnName, fmtBytes, fmtMs } from "./report.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");

function parseArgs(argv) {
  const args = { quick: false, timeoutS: null, only: null, impls: IMPLS, out: join(root, "build", "bench") };
  for (let i = 0; i < argv.length; i++) {
    const next = () => argv[++i] ?? usage(`missing value after ${argv[i - 1]}`);
    const a = argv[i];
    if (a === "--quick") args.quick = true;
    else if (a === "--timeout") args.timeoutS = Number(next());
    else if (a === "--only") args.only = next().split(",");
    else if (a === "--impls") args.impls = next().split(",");
    else if (a === "--out") args.out = resolve(next());
    else usage(a === "--help" || a === "-h" ? null : `unknown argument: ${a}`);
  }
  args.timeoutS ??= args.quick ? 60 : 120;
  return args;
}

function usage(error) {
  if (error) console.error(`bench: ${error}`);
  console.error("usage: node bench/run.mjs [--quick] [--timeout S] [--only chain,wide,circles,sims,bundle] [--impls rose-cpp,rose,tfjs,hand] [--out DIR]");
  process.exit(error ? 2 : 0);
}

const CHAIN_RUNS = 5; // cold processes per small chain cell

/** The job list, smallest sizes first so a timeout can skip the larger sizes of its series. */
function plan(args) {
  const sizes = args.quick
    ? { chain: [1e3, 1e4], wide: [100, 1000], circles: [10, 100], sims: ["billiards", "robot"], simSteps: 5, budgetMs: 8000 }
    : { chain: [1e3, 1e4, 1e5, 1e6], wide: [100, 1000, 4000], circles: [10, 100, 1000], sims: ["billiards", "robot"], simSteps: 20, budgetMs: 40000 };
  const want = (bench) => !args.only || args.only.includes(bench);
  const has = (impl) => args.impls.includes(impl);
  const jobs = [];
  if (want("chain"))
    for (const n of sizes.chain)
      for (const impl of IMPLS) if (has(impl)) jobs.push({ bench: "chain", impl, n, series: `chain ${impl}` });
  if (want("wide"))
    for (const n of sizes.wide)
      for (const impl of ["rose-cpp", "rose"]) if (has(impl)) jobs.push({ bench: "wide", impl, n, series: `wide ${impl}` });
  if (want("circles"))
    for (const K of sizes.circles)
      for (const c of CIRCLE_COLUMNS)
        if (has(c.impl)) jobs.push({ bench: "circles", ...c, K, budgetMs: sizes.budgetMs, series: `circles ${columnName(c)}` });
  if (want("sims"))
    for (const name of sizes.sims)
      for (const impl of ["rose-cpp", "rose"])
        if (has(impl)) jobs.push({ bench: "sim", impl, name, steps: sizes.simSteps, series: `sim ${name} ${impl}` });
  return { sizes, jobs };
}

/** Runs one job in a child process; resolves to its result object (never rejects). */
function runJob(spec, timeoutS) {
  return new Promise((done) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ["--max-old-space-size=8192", join(here, "job.mjs"), JSON.stringify(spec)], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutS * 1000);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const elapsedMs = performance.now() - t0;
      const line = out.split("\n").find((l) => l.startsWith("@@result "));
      let result;
      if (timedOut) result = { status: "timeout", message: `> ${timeoutS} s` };
      else if (line) result = JSON.parse(line.slice("@@result ".length));
      else {
        const last = err.trim().split("\n").filter(Boolean).slice(-1)[0] ?? "";
        result = { status: "fails", message: `job died (${signal ?? `exit ${code}`}) ${last}`.trim() };
      }
      done({ ...spec, ...result, elapsedMs });
    });
  });
}

function summary(r) {
  if (r.status !== "ok") return `${r.status}${r.message ? `: ${r.message}` : ""}`;
  if (r.bench === "chain" || r.bench === "wide") return `ready in ${fmtMs(r.totalMs)}`;
  if (r.bench === "circles")
    return `setup ${fmtMs(r.setupMs)}, grad ${fmtMs(r.gradMs)}, 200 steps ${r.extrapolated ? "≈" : ""}${fmtMs(r.gdMs)}`;
  return `setup ${fmtMs(r.setupMs)}, ${fmtMs(r.stepMs)}/step`;
}

const label = (j) =>
  j.bench === "chain" || j.bench === "wide"
    ? `${j.bench} n=${j.n} ${j.impl}`
    : j.bench === "circles"
      ? `circles K=${j.K} ${columnName(j)}`
      : `${j.name} ${j.impl}`;

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const { sizes, jobs } = plan(args);
  // Probe the optional package once, instead of spawning every one of its jobs to fail.
  const unavailable = new Map();
  for (const impl of new Set(jobs.map((j) => j.impl))) {
    try {
      await loadImpl(impl);
    } catch (e) {
      unavailable.set(impl, String(e.message).split("\n")[0]);
      console.log(`note: ${impl} is not importable, its cells will be n/a (${unavailable.get(impl)})`);
    }
  }
  const results = [];
  const timedOut = new Map(); // series → size label at which it timed out
  const started = performance.now();
  for (const [i, job] of jobs.entries()) {
    const prefix = `[${String(i + 1).padStart(2)}/${jobs.length}] ${label(job)}`;
    let r;
    if (unavailable.has(job.impl)) r = { ...job, status: "n/a", message: "not importable" };
    else if (timedOut.has(job.series)) r = { ...job, status: "skipped", message: `timed out at ${timedOut.get(job.series)}` };
    else {
      process.stdout.write(`${prefix} … `);
      r = await runJob(job, args.timeoutS);
      // A cold process's first compile varies by 2x on a busy machine (V8 tiers
      // the engine up on background threads): small chains take the run with
      // the median total of several processes.
      if ((job.bench === "chain" || job.bench === "wide") && job.n <= 1e4 && r.status === "ok") {
        const runs = [r];
        for (let k = 1; k < CHAIN_RUNS; k++) runs.push(await runJob(job, args.timeoutS));
        const ok = runs.filter((x) => x.status === "ok").sort((x, y) => x.totalMs - y.totalMs);
        r = { ...ok[ok.length >> 1], runs: ok.length };
      }
      if (r.status === "timeout") timedOut.set(job.series, job.n ?? job.K);
      console.log(`${summary(r)}  [${(r.elapsedMs / 1000).toFixed(1)} s]`);
      results.push(r);
      continue;
    }
    console.log(`${prefix} … ${summary(r)}`);
    results.push(r);
  }
  const bundles = !args.only || args.only.includes("bundle") ? await measureBundles(root) : [];
  for (const b of bundles) console.log(`bundle ${b.impl}: ${b.status === "ok" ? `${fmtBytes(b.raw)} raw, ${fmtBytes(b.gzip)} gzip -9, ${b.minGzip ? fmtBytes(b.minGzip) : "n/a"} min+gzip -9` : b.message}`);

  const env = {
    date: new Date().toISOString().slice(0, 19).replace("T", " "),
    node: process.versions.node,
    cpu: cpus()[0]?.model?.trim() ?? "unknown cpu",
    cores: cpus().length,
    mode: args.quick ? "quick" : "full",
    timeoutS: args.timeoutS,
  };
  const { markdown, plots } = buildReport({ results, bundles, sizes, env });
  mkdirSync(args.out, { recursive: true });
  writeFileSync(join(args.out, "results.md"), markdown + "\n");
  writeFileSync(join(args.out, "results.json"), JSON.stringify({ env, sizes, results, bundles }, null, 2) + "\n");
  for (const [file, svg] of Object.entries(plots)) writeFileSync(join(args.out, file), svg + "\n");
  console.log("\n" + markdown);
  console.log(`\nwrote ${join(args.out, "results.md")}, results.json and ${Object.keys(plots).length} SVG plots in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
