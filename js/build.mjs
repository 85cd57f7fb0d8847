// Builds the package into dist/: the engine (C++ -> wasm32, see
// scripts/build-engine-wasm.sh), the Node entry (index.js, reads rose.wasm)
// and the browser entry (browser.js, the engine embedded), both minified ESM.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
mkdirSync(here("dist"), { recursive: true });
execFileSync(here("../scripts/build-engine-wasm.sh"), [here("dist/rose.wasm")], { stdio: "inherit" });
const common = { bundle: true, format: "esm", minify: true, target: "es2020", legalComments: "none" };
await build({ ...common, entryPoints: [here("src/node.js")], outfile: here("dist/index.js"), platform: "node" });
const embed = {
  name: "embed-engine",
  setup(b) {
    b.onResolve({ filter: /rose\.wasm\.b64$/ }, (a) => ({ path: a.path, namespace: "engine" }));
    b.onLoad({ filter: /.*/, namespace: "engine" }, () => ({
      contents: readFileSync(here("dist/rose.wasm")).toString("base64"),
      loader: "text",
    }));
  },
};
await build({ ...common, entryPoints: [here("src/browser.js")], outfile: here("dist/browser.js"), platform: "browser", plugins: [embed] });
copyFileSync(here("src/index.d.ts"), here("dist/index.d.ts"));
