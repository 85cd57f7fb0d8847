// Runs rose 0.4.10's own test suite (node_modules/rose/dist/index.test.js, 85
// tests) against this package: its imports of "vitest" and "./index.js" are
// pointed at vitest-shim.mjs and at rose-cpp. The suite is not copied into
// the repo; the copy with rewritten imports goes to build/.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const suite = fileURLToPath(new URL("../../node_modules/rose/dist/index.test.js", import.meta.url));
const out = fileURLToPath(new URL("../../build/rose-suite/", import.meta.url));
mkdirSync(out, { recursive: true });
const shim = pathToFileURL(fileURLToPath(new URL("./vitest-shim.mjs", import.meta.url))).href;
const ours = pathToFileURL(fileURLToPath(new URL("../dist/index.js", import.meta.url))).href;
const src = readFileSync(suite, "utf8")
  .replace(/from "vitest"/, `from ${JSON.stringify(shim)}`)
  .replace(/from "\.\/index\.js"/, `from ${JSON.stringify(ours)}`);
if (!src.includes(shim) || !src.includes(ours)) throw Error("rose's test suite changed shape: imports not found");
writeFileSync(out + "index.test.mjs", src);
await import(pathToFileURL(out + "index.test.mjs").href);
