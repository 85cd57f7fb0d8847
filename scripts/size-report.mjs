// Where the engine's gzipped bytes are: each function's share of the gzipped
// code section of rose.wasm, largest first. Builds the engine with its names
// (ROSE_WASM_NAMES=1 scripts/build-engine-wasm.sh, which reuses its objects).
//
//   node scripts/size-report.mjs [N]      (N rows, default 40)
//
// A function's share is what the gzipped code section loses without it, so the
// shares of a group add up to a little less than the group's own cost. A named
// build keeps wasm-opt's function order (rose.wasm's is chosen for gzip), so it
// is ~2% larger than rose.wasm; the totals below are without the names.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { wasmBodies } from "./wasm-bodies.mjs";

const root = new URL("..", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "rose-size-"));
const named = join(dir, "named.wasm"), stripped = join(dir, "rose.wasm");
execFileSync(join(root, "scripts/build-engine-wasm.sh"), [named], {
  stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, ROSE_WASM_NAMES: "1" } });
execFileSync("wasm-strip", [named, "-o", stripped]);

const wasm = readFileSync(stripped);
const { imports, bodies } = wasmBodies(wasm);
let { names } = wasmBodies(readFileSync(named));
try {
  names = execFileSync("llvm-cxxfilt-14", { input: names.join("\n") }).toString().split("\n");
} catch {} // mangled names, then
const gz = (parts) => gzipSync(Buffer.concat(parts), { level: 9 }).length;
const total = gz(bodies);
const rows = bodies.map((b, i) => ({
  share: total - gz(bodies.filter((_, j) => j !== i)),
  raw: b.length,
  name: names[imports + i] ?? `#${imports + i}`,
}));
rows.sort((a, b) => b.share - a.share);
console.log(`rose.wasm ${wasm.length} B (gzip ${gzipSync(wasm, { level: 9 }).length}); code ${bodies.reduce((s, b) => s + b.length, 0)} B (gzip ${total}) in ${bodies.length} functions`);
console.log("gzip share  raw  function");
for (const r of rows.slice(0, Number(process.argv[2] ?? 40)))
  console.log(`${String(r.share).padStart(6)} ${String(r.raw).padStart(6)}  ${r.name.slice(0, 120)}`);
