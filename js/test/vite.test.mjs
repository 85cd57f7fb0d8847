// A stock Vite build (no config file, no plugins) of an app that imports
// rose-cpp, then the built app run in headless Chromium: the package needs no
// bundler plugin, no top-level await and no separate .wasm fetch.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { extname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { chromium } from "playwright-core";

const root = fileURLToPath(new URL("../../build/vite-app/", import.meta.url));

test("a stock Vite build of an app using rose-cpp runs in Chromium", { timeout: 120000 }, async () => {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, "index.html"), '<!doctype html><script type="module" src="./main.js"></script>');
  writeFileSync(join(root, "main.js"), `
import { Real, Vec, compile, fn, mul, sin, vjp } from "rose-cpp";
const f = fn([Vec(2, Real)], Real, ([x, y]) => mul(sin(x), y));
const g = fn([Vec(2, Real)], Vec(2, Real), (v) => vjp(f)(v).grad(1));
window.roseResult = compile(g).then((run) => run([0.5, 3]));
`);
  await build({ root, configFile: false, logLevel: "warn", build: { outDir: "dist" } });
  const dist = join(root, "dist");
  const assets = readdirSync(join(dist, "assets"));
  assert.ok(!assets.some((a) => a.endsWith(".wasm")), "the engine is inside the bundle");
  const types = { ".html": "text/html", ".js": "text/javascript" };
  const server = createServer((req, res) => {
    try {
      const path = join(dist, req.url === "/" ? "index.html" : req.url.split("?")[0]);
      const body = readFileSync(path);
      res.writeHead(200, { "content-type": types[extname(path)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  // The server closes whatever happens: left listening, it would keep the test process alive.
  try {
    const args = ["--headless", "--no-sandbox"];
    const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args });
    try {
      const page = await browser.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`http://127.0.0.1:${server.address().port}/`);
      await page.waitForFunction(() => window.roseResult !== undefined, null, { timeout: 30000 });
      const got = await page.evaluate(() => window.roseResult);
      assert.deepEqual(errors, []);
      assert.deepEqual(got, [Math.cos(0.5) * 3, Math.sin(0.5)]);
    } finally {
      await browser.close();
    }
  } finally {
    server.close();
  }
});
