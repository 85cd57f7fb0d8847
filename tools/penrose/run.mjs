// Penrose on rose-cpp: each diagram is compiled and optimized by @penrose/core
// (unmodified) on rose 0.4.10 and on this package, in fresh processes; the
// energies and gradients at the initial state must agree (1e-9 relative).
// Final layouts are reported, not compared: the optimizer is chaotic, so
// last-bit differences in a gradient can end in another local minimum.
//
//   node tools/penrose/run.mjs [--examples DIR] [--only TEXT] [--seconds S]
//
// The built-in diagrams are tools/penrose/trios/*.trio.json. --examples adds
// every diagram of DIR/registry.json, where DIR is packages/examples/src of a
// penrose/penrose checkout (commit 13ca695b2 matches @penrose/core 4.0.0-alpha.5).
// @penrose/core and jsdom are installed with npm into build/penrose-deps.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = join(here, "../..");
const deps = join(root, "build/penrose-deps");
const args = process.argv.slice(2);
const opt = (k, d) => (args.includes(k) ? args[args.indexOf(k) + 1] : d);

if (!existsSync(join(deps, "node_modules/@penrose/core"))) {
  console.log(`installing @penrose/core and jsdom into ${deps}`);
  execFileSync("npm", ["install", "--prefix", deps, "--no-save", "--no-audit", "--no-fund",
    "@penrose/core@4.0.0-alpha.5", "jsdom@27"], { stdio: "inherit" });
}
if (!existsSync(join(root, "js/dist/index.js"))) throw Error("build the package first: npm run build -w js");

const trios = readdirSync(join(here, "trios")).map((f) => [f.replace(".trio.json", ""), join(here, "trios", f)]);
const ex = opt("--examples");
if (ex) for (const id of Object.keys(JSON.parse(readFileSync(join(ex, "registry.json"), "utf8"))))
  if (existsSync(join(ex, `${id}.trio.json`))) trios.push([id, join(ex, `${id}.trio.json`)]);
const only = opt("--only", "");

const run = (impl, file) => {
  const r = spawnSync(process.execPath, ["--import", join(here, "register.mjs"), join(here, "trio.mjs"), file, opt("--seconds", "8")],
    { env: { ...process.env, ROSE_IMPL: impl, PENROSE_DEPS: join(deps, "node_modules") }, encoding: "utf8", timeout: 180000 });
  try {
    return JSON.parse(r.stdout.trim().split("\n").at(-1));
  } catch {
    return { error: `no result (${r.signal ?? `exit ${r.status}`}): ${(r.stderr || "").trim().split("\n").at(-1)}` };
  }
};
const rel = (a, b) => {
  const scale = Math.max(1e-300, ...a.map(Math.abs));
  return Math.max(0, ...a.map((x, i) => Math.abs(x - b[i]))) / scale;
};
const show = (r) => (r.error ? `error: ${r.error}` : `${r.status}, compile ${r.compileMs} ms (rose ${r.roseMs.fn + r.roseMs.compile} ms)`);

let bad = 0, n = 0;
for (const [id, file] of trios) {
  if (!id.includes(only)) continue;
  const a = run("rose", file), b = run("rose-cpp", file);
  n++;
  let verdict;
  if (b.error && !a.error) verdict = "FAIL: rose-cpp fails where rose runs";
  else if (a.error) verdict = b.error ? "both fail" : "rose fails, rose-cpp runs";
  else {
    const dg = rel(a.grad0, b.grad0), dp = Math.abs(a.phi0 - b.phi0) / Math.max(1e-300, Math.abs(a.phi0));
    const dv = rel(a.values, b.values);
    verdict = `${dg > 1e-9 || dp > 1e-9 ? "FAIL: " : ""}initial energy ${dp.toExponential(0)}, gradient ${dg.toExponential(0)}; final layout ${dv.toExponential(0)}`;
  }
  if (verdict.startsWith("FAIL")) bad++;
  console.log(`${id}\n  rose:     ${show(a)}\n  rose-cpp: ${show(b)}\n  ${verdict}`);
}
console.log(`${n} diagrams, ${bad} failing`);
process.exit(bad ? 1 : 0);
