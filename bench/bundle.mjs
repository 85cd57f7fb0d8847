// Bundle size of what a browser page downloads: raw bytes and gzip -9, per implementation.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/** File lists per implementation; null when the build is absent. */
export function bundleFiles(root) {
  const js = join(root, "js", "dist");
  // The browser build: one file, the engine embedded (Node instead loads index.js + rose.wasm).
  const ours = existsSync(join(js, "browser.js")) ? [join(js, "browser.js")] : null;
  // rose 0.4.10 in a browser: its ESM sources, plus @rose-lang/wasm's browser entry
  // (wasm-bindgen glue + the engine's .wasm, fetched separately).
  const roseDir = join(root, "node_modules", "rose", "dist");
  const wasmDir = join(root, "node_modules", "@rose-lang", "wasm", "dist");
  const rose = [
    join(roseDir, "index.js"),
    join(roseDir, "impl.js"),
    join(wasmDir, "browser.js"),
    join(wasmDir, "wbg", "rose_web.js"),
    join(wasmDir, "wbg", "rose_web_bg.wasm"),
  ];
  const tfjs = [join(root, "node_modules", "@tensorflow", "tfjs", "dist", "tf.min.js")];
  return {
    "rose-cpp": ours,
    rose: rose.every((f) => existsSync(f)) ? rose : null,
    tfjs: tfjs.every((f) => existsSync(f)) ? tfjs : null,
  };
}

const gz = (buf) => gzipSync(buf, { level: 9 }).length;

export async function measureBundles(root) {
  const out = [];
  for (const [impl, files] of Object.entries(bundleFiles(root))) {
    if (!files) {
      out.push({ impl, status: "n/a", message: "build files not found" });
      continue;
    }
    const bytes = files.map((f) => readFileSync(f));
    const raw = bytes.reduce((a, b) => a + b.length, 0);
    // Each file is served (and compressed) separately.
    const gzip = bytes.reduce((a, b) => a + gz(b), 0);
    const wasm = bytes.filter((_, i) => files[i].endsWith(".wasm"));
    const entry = files.find((f) => /index\.m?js$/.test(f)) ?? files[0];
    const minJs = impl === "tfjs" ? bytes[0] : await minify(entry);
    // The same shipping pipeline for everyone: JS bundled and minified by esbuild, plus the .wasm files.
    const minGzip = minJs ? gz(minJs) + wasm.reduce((a, b) => a + gz(b), 0) : null;
    out.push({ impl, status: "ok", files: files.map((f) => f.slice(root.length + 1)), raw, gzip, minGzip });
  }
  return out;
}

/** esbuild bundle + minify for browsers (wasm stays a separate file); null if esbuild fails. */
async function minify(entry) {
  try {
    const esbuild = await import("esbuild");
    const result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      write: false,
      logLevel: "silent",
      loader: { ".wasm": "file" },
      outdir: "minified", // required by the file loader; nothing is written
    });
    return Buffer.from(result.outputFiles.find((f) => f.path.endsWith(".js")).contents);
  } catch {
    return null;
  }
}
