// Where the engine's gzipped bytes are: each function's share of the gzipped
// code section of rose.wasm, largest first. Builds like scripts/build-engine-wasm.sh
// (it reuses its objects: run that, or `make js`, first) but keeps a symbol map.
//
//   node scripts/size-report.mjs [N]      (N rows, default 40)
//
// A function's share is what the gzipped code section loses without it, so the
// shares of a group add up to a little less than the group's own cost. Keeping
// symbols until wasm-opt changes its output slightly, and the functions keep
// wasm-opt's order (rose.wasm's is chosen for gzip): ~2% larger than rose.wasm.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { wasmBodies } from "./wasm-bodies.mjs";

const root = new URL("..", import.meta.url).pathname;
const obj = join(root, "build/wasm/obj");
const dir = mkdtempSync(join(tmpdir(), "rose-size-"));
const objs = readdirSync(obj).filter((f) => f.endsWith(".o")).map((f) => join(obj, f));
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ["ignore", "pipe", "inherit"] }).toString();
// Link and optimize flags as in build-engine-wasm.sh, except that symbols are kept until wasm-opt.
run("clang++-14", ["--target=wasm32-wasi", "-flto", "-Wl,-mllvm,-inline-threshold=-40", "-Wl,--lto-O2",
  "-mexec-model=reactor", "-Wl,--strip-debug", "-Wl,-z,stack-size=1048576", "-Wl,--gc-sections",
  "-o", join(dir, "raw.wasm"), ...objs]);
run("wasm-opt", ["--low-memory-unused", "--enable-bulk-memory", "--enable-multivalue", "--enable-sign-ext",
  "--converge", "-Oz", "--flatten", "--rereloop", "-Oz", "-Oz", `--symbolmap=${join(dir, "map.txt")}`,
  join(dir, "raw.wasm"), "-o", join(dir, "rose.wasm")]);

let names = readFileSync(join(dir, "map.txt"), "utf8").trim().split("\n").map((l) => l.slice(l.indexOf(":") + 1));
names = names.map((n) => n.replace(/\\([0-9a-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))));
try {
  names = execFileSync("llvm-cxxfilt-14", { input: names.join("\n") }).toString().split("\n");
} catch {} // mangled names, then

// The code section's function bodies.
const wasm = readFileSync(join(dir, "rose.wasm"));
const { imports, bodies } = wasmBodies(wasm);
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
