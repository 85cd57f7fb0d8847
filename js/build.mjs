// Builds the package into dist/: the engine (C++ -> wasm32, see
// scripts/build-engine-wasm.sh), the Node entry (index.js, reads rose.wasm)
// and the browser entry (browser.js, the engine embedded), both minified ESM.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { minify } from "terser";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
mkdirSync(here("dist"), { recursive: true });
execFileSync(here("../scripts/build-engine-wasm.sh"), [here("dist/rose.wasm")], { stdio: "inherit" });
const common = { bundle: true, format: "esm", minify: true, target: "es2020", legalComments: "none", write: false };
// terser after esbuild: three compress passes find what esbuild's one leaves (~5% smaller gzip).
const squeeze = async (result) =>
  (await minify(result.outputFiles[0].text, { module: true, ecma: 2020, compress: { passes: 3 } })).code;
const node = await build({ ...common, entryPoints: [here("src/node.js")], platform: "node" });
writeFileSync(here("dist/index.js"), await squeeze(node), "utf8");
// The browser entry embeds the engine as a string literal of one char per byte
// (UTF-8 in the file): it gzips to a few % over the .wasm itself, where base64
// costs ~30%. Bytes from 0x80 take two bytes of UTF-8, and Wasm has many, so
// each byte is first xor-ed with the key (of all 256) whose literal gzips
// smallest: it moves the most frequent ones into ASCII (~900 B less). The
// bytes a literal cannot hold raw (NUL, LF, CR, quote, backslash) move up by
// 0x100, and `& 255` undoes that. The literal is spliced in after minifying,
// which would otherwise re-escape many control bytes.
const PLACEHOLDER = "__ROSE_ENGINE_BYTES__";
const literal = (bytes, key) => {
  let s = "";
  for (let i = 0; i < bytes.length; i += 8192)
    s += String.fromCharCode(
      ...Array.from(bytes.subarray(i, i + 8192), (b) => ((b ^= key), [0, 10, 13, 34, 92].includes(b) ? b + 256 : b)),
    );
  return `"${s}"`;
};
const engine = readFileSync(here("dist/rose.wasm"));
let best;
for (let key = 0; key < 256; key++) {
  const text = literal(engine, key), size = gzipSync(text, { level: 9 }).length;
  if (!best || size < best.size) best = { key, text, size };
}
const browser = await build({
  ...common,
  entryPoints: [here("src/browser.js")],
  platform: "browser",
  define: { ROSE_ENGINE_BYTES: JSON.stringify(PLACEHOLDER), ROSE_ENGINE_KEY: String(best.key) },
});
const code = await squeeze(browser);
const at = code.indexOf(`"${PLACEHOLDER}"`);
if (at < 0 || code.indexOf(PLACEHOLDER, at + 2) >= 0) throw Error("build: the engine placeholder must appear exactly once");
writeFileSync(here("dist/browser.js"), code.slice(0, at) + best.text + code.slice(at + PLACEHOLDER.length + 2), "utf8");
copyFileSync(here("src/index.d.ts"), here("dist/index.d.ts"));
