// Runs the three headless demos in sequence (used by `make demo`):
//   node examples/run-all.mjs [--impl rose|rose-cpp|<path>]
// Extra arguments are passed to every runner. Exits non-zero if any demo fails.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const DEMOS = ["billiards", "robot", "layout"];
const failed = [];
for (const name of DEMOS) {
  console.log(`\n=== ${name} ===`);
  const t0 = performance.now();
  const { status, signal } = spawnSync(process.execPath, [join(here, name, "node.js"), ...process.argv.slice(2)], {
    stdio: "inherit",
  });
  const ok = status === 0;
  console.log(`=== ${name}: ${ok ? "ok" : `FAILED (${signal ?? `exit ${status}`})`} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if (!ok) failed.push(name);
}
console.log(failed.length ? `\nfailed: ${failed.join(", ")}` : "\nall demos ok");
process.exitCode = failed.length ? 1 : 0;
