// codegen.md: the benchmark table plus what each emitted module contains.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const OP_CLASSES = {
  "f64 arith": /^f64\.(add|sub|mul|div|neg|sqrt|abs|min|max|floor|ceil|trunc|nearest|copysign)$/,
  "f64 cmp/select": /^(f64\.(lt|le|gt|ge|eq|ne)|select)$/,
  "f64.load": /^f64\.load$/,
  "i32.load": /^i32\.load$/,
  "f64.store": /^f64\.store$/,
  "local ops": /^local\.(get|set|tee)$/,
  "f64.const": /^f64\.const$/,
  call: /^call$/,
  "branch/loop": /^(br|br_if|loop|block|if)$/,
};

/** Instruction counts by class from wasm2wat's text, or null without wasm2wat. */
function opCounts(path) {
  const wat = spawnSync("wasm2wat", [path], { encoding: "utf8", maxBuffer: 1 << 30 });
  if (wat.status !== 0) return null;
  const counts = Object.fromEntries(Object.keys(OP_CLASSES).map((k) => [k, 0]));
  counts.functions = 0;
  for (const line of wat.stdout.split("\n")) {
    const op = line.trim().split(/\s/)[0];
    if (op === "(func") counts.functions++;
    for (const [k, re] of Object.entries(OP_CLASSES)) if (re.test(op)) counts[k]++;
  }
  return counts;
}

export function writeCodegen(dir, cases, table) {
  const classes = Object.keys(OP_CLASSES);
  const lines = [
    "# Emitted gradient code (bench/native)",
    "",
    "Written by `bench/native/run.mjs`. Times: median per gradient evaluation over several",
    "processes; ratios are our time ÷ the other's (×2 = ours takes twice as long).",
    "",
    ...table,
    "",
    "## Modules",
    "",
    "Static instruction counts from `wasm2wat`. For unrolled programs the per-unit column divides",
    "by the steps (chain) or pairs K(K−1)/2 (circles) the code is unrolled over; `vec` modules",
    "are loops, so their counts are per loop body. `hand.wasm` is the C++ → wasm32 build of both",
    "hand-written kernels, for comparison.",
    "",
    `| module | bytes | IR instrs | frame B | trace+vjp / optimize / codegen ms | funcs | ${classes.join(" | ")} | per unit: arith / f64.load / f64.store / local |`,
    `|${" --- |".repeat(6 + classes.length + 1)}`,
  ];
  const rows = cases.filter((c) => !c.note).map((c) => ({ c, path: join(dir, c.wasm) }));
  rows.push({ c: null, path: join(dir, "hand.wasm") });
  for (const { c, path } of rows) {
    const bytes = readFileSync(path).length;
    const counts = bytes < 64e6 ? opCounts(path) : null;
    const gen = c ? Object.values(c.genMs).map((ms) => ms.toFixed(1)).join(" / ") : "clang++ -O3";
    const head = c ? `| ${c.name} | ${bytes} | ${c.ir} | ${c.frame} | ${gen} |` : `| hand.wasm | ${bytes} | — | — | ${gen} |`;
    if (!counts) {
      lines.push(`${head} ${Array(classes.length + 2).fill("n/a").join(" | ")} |`);
      continue;
    }
    let unit = "—";
    const units = c && c.form === "unrolled" ? (c.kind === "chain" ? c.steps : (c.size * (c.size - 1)) / 2) : 0;
    if (units) {
      const per = (k) => (counts[k] / units).toFixed(1);
      unit = `${per("f64 arith")} / ${per("f64.load")} / ${per("f64.store")} / ${per("local ops")}`;
    }
    lines.push(`${head} ${counts.functions} | ${classes.map((k) => counts[k]).join(" | ")} | ${unit} |`);
  }
  writeFileSync(join(dir, "codegen.md"), `${lines.join("\n")}\n`);
}
