// Deterministic profile of a Node script: instructions executed per function,
// counted by valgrind's callgrind, with V8's JIT code (the engine's Wasm
// functions under their C++ names, and JS) named from V8's perf map. Wall-clock
// times on a shared 2-core VM vary by ±15%; these counts repeat within ~0.1%
// under --liftoff-only --single-threaded, so they can compare engine changes of
// a few percent. Needs valgrind (apt-get install valgrind); ~20x slower than a run.
//
//   node scripts/instr-profile.mjs [--top N] SCRIPT [ARGS...]
//
// The package's engine is stripped, so its functions show as wasm-function[i];
// for their C++ names, load a copy of the package whose rose.wasm was built by
// `ROSE_WASM_NAMES=1 scripts/build-engine-wasm.sh DIR/rose.wasm`.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

let args = process.argv.slice(2), top = 40;
if (args[0] === "--top") (top = +args[1]), (args = args.slice(2));
if (!args.length) {
  console.error("usage: node scripts/instr-profile.mjs [--top N] SCRIPT [ARGS...]");
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), "rose-instr-"));
const out = join(dir, "callgrind.out");
// V8 writes /tmp/perf-<pid>.map; the pid is valgrind's child's, so find the newest after the run.
const before = new Set(readdirSync("/tmp").filter((f) => /^perf-\d+\.map$/.test(f)));
execFileSync("valgrind", ["--tool=callgrind", "--dump-instr=yes", `--callgrind-out-file=${out}`,
  process.execPath, "--liftoff-only", "--single-threaded", "--perf-basic-prof", ...args], { stdio: ["ignore", "inherit", "pipe"] });
const maps = readdirSync("/tmp").filter((f) => /^perf-\d+\.map$/.test(f) && !before.has(f));

// JIT code ranges, sorted by start.
const ranges = [];
for (const f of maps)
  for (const line of readFileSync(join("/tmp", f), "utf8").split("\n")) {
    const m = /^([0-9a-f]+) ([0-9a-f]+) (.*)$/.exec(line);
    if (m) ranges.push([parseInt(m[1], 16), parseInt(m[2], 16), m[3]]);
  }
ranges.sort((a, b) => a[0] - b[0]);
const jitName = (addr) => {
  let lo = 0, hi = ranges.length - 1, at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid][0] <= addr) (at = mid), (lo = mid + 1);
    else hi = mid - 1;
  }
  return at >= 0 && addr < ranges[at][0] + ranges[at][1] ? ranges[at][2] : null;
};

// Self cost per instruction address (positions: instr line; events: Ir), named
// by the JIT range it falls in, else by callgrind's function.
const names = new Map(), cost = new Map();
let fn = "?", addr = 0, skip = false, total = 0;
const tidy = (n) => n.replace(/-\d+-(liftoff|turbofan)$/, "").replace(/rose::|\(anonymous namespace\)::/g, "").slice(0, 110);
for (const line of readFileSync(out, "utf8").split("\n")) {
  const d = /^c?fn=\((\d+)\)(?: (.*))?$/.exec(line);
  if (d) {
    if (d[2] !== undefined) names.set(d[1], d[2]);
    if (line[0] === "f") fn = names.get(d[1]);
    continue;
  }
  if (line.startsWith("calls=")) {
    skip = true;
    continue;
  }
  if (!/^[0-9+\-*]/.test(line)) continue;
  const [pos, , ir] = line.split(" ");
  if (pos.startsWith("0x")) addr = parseInt(pos, 16);
  else if (pos[0] === "+") addr += Number(pos.slice(1));
  else if (pos[0] === "-") addr -= Number(pos.slice(1));
  else if (pos !== "*") addr = Number(pos);
  if (skip) {
    skip = false;  // the inclusive cost of a call, not this function's own
    continue;
  }
  if (ir === undefined) continue;
  const name = tidy(jitName(addr) ?? fn);
  cost.set(name, (cost.get(name) ?? 0) + Number(ir));
  total += Number(ir);
}
console.log(`${(total / 1e6).toFixed(1)}M instructions in all`);
for (const [name, c] of [...cost].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`${(c / 1e6).toFixed(1).padStart(8)}M ${((100 * c) / total).toFixed(1).padStart(5)}%  ${name}`);
