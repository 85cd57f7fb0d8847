// Bundle size of what a browser page downloads: raw bytes and gzip -9, per implementation.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/** File lists per implementation; null when the build is absent. */
export function bundleFiles(root) {
  const js = join(root, "js", "dist");
  const ours = existsSync(join(js, "index.js"))
    ? readdirSync(js)
        .filter((f) => /\.(m?js|wasm)$/.test(f))
        .map((f) => join(js, f))
    : null;
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

export function measureBundles(root) {
  return Object.entries(bundleFiles(root)).map(([impl, files]) => {
    if (!files) return { impl, status: "n/a", message: "build files not found" };
    const bytes = files.map((f) => readFileSync(f));
    const raw = bytes.reduce((a, b) => a + b.length, 0);
    // Each file is served (and compressed) separately.
    const gzip = bytes.reduce((a, b) => a + gzipSync(b, { level: 9 }).length, 0);
    return { impl, status: "ok", files: files.map((f) => f.slice(root.length + 1)), raw, gzip };
  });
}
