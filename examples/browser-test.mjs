// Browser test of the demo pages: serves the repository root over HTTP, opens each page in
// Debian's Chromium (through playwright-core, no browser download) with `?test=1&steps=N`,
// waits for the page to publish `window.__rose_test`, checks that the loss went down,
// and saves a screenshot to build/screenshots/<name>.png.
//
//   node examples/browser-test.mjs [--rose-path <url>] [--steps N] [--only name] [--timeout s]
//
// By default pages import "rose" from js/dist/browser.js (our package's browser build).
// `--rose-path /node_modules/rose/dist/index.js` runs them on rose 0.4.10 instead.

import { createServer } from "node:http";
import { mkdirSync, existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const PAGES = [
  { name: "billiards", steps: 40 },
  { name: "robot", steps: 25 },
  { name: "layout", steps: 200, after: checkDragPins },
];
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

function parseArgs(argv) {
  const args = { rosePath: null, steps: null, only: null, timeout: 120 };
  for (let i = 0; i < argv.length; i++) {
    const next = () => argv[++i] ?? fail(`missing value after ${argv[i - 1]}`);
    if (argv[i] === "--rose-path") args.rosePath = next();
    else if (argv[i] === "--steps") args.steps = Number(next());
    else if (argv[i] === "--only") args.only = next();
    else if (argv[i] === "--timeout") args.timeout = Number(next());
    else fail(`unknown argument: ${argv[i]}`);
  }
  return args;
}

function fail(message) {
  console.error(`browser-test: ${message}`);
  process.exit(2);
}

/** A static file server for the repository root, on an ephemeral localhost port. */
async function serve() {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    const file = join(root, path);
    if (!file.startsWith(root)) return void res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end(`not found: ${path}`);
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return server;
}

async function testPage(browser, base, page, args) {
  const steps = args.steps ?? page.steps;
  const query = new URLSearchParams({ test: "1", steps: String(steps) });
  if (args.rosePath) query.set("rose", args.rosePath);
  const url = `${base}/examples/${page.name}/index.html?${query}`;
  console.log(`[${page.name}] open ${url}`);
  const tab = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  const problems = [];
  // A failed script or wasm load, or an uncaught error, means the page can never finish.
  let abort;
  const aborted = new Promise((_, reject) => (abort = reject));
  aborted.catch(() => {}); // observed through Promise.race below
  const fatal = (what) => {
    problems.push(what);
    abort(Error(what));
  };
  tab.on("pageerror", (e) => fatal(`page error: ${e.message}`));
  tab.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  tab.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  tab.on("response", (r) => {
    if (r.status() >= 400 && /\.(m?js|wasm)$/.test(new URL(r.url()).pathname)) fatal(`HTTP ${r.status()}: ${r.url()}`);
  });
  const t0 = performance.now();
  try {
    await Promise.race([tab.goto(url, { waitUntil: "load" }), aborted]);
    const finished = tab.waitForFunction(() => window.__rose_test?.done, null, { timeout: args.timeout * 1000 });
    await Promise.race([finished, aborted]);
  } catch (e) {
    const why = problems.length ? problems.join("\n    ") : e.message.split("\n")[0];
    await screenshot(tab, page.name);
    await tab.close();
    return { ok: false, message: `page did not finish: ${why}` };
  }
  const result = await tab.evaluate(() => ({ ...window.__rose_test, probe: undefined }));
  await screenshot(tab, page.name);
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  const verdict = judgeLosses(result);
  let message = `${verdict.message} (${seconds} s)`;
  let ok = verdict.ok;
  if (ok && page.after) {
    const extra = await page.after(tab);
    ok = extra.ok;
    message += `; ${extra.message}`;
  }
  await tab.close();
  return { ok, message };
}

function judgeLosses(result) {
  if (result.error) return { ok: false, message: `page reported: ${result.error}` };
  const { losses } = result;
  if (!Array.isArray(losses) || losses.length < 2) return { ok: false, message: "no losses published" };
  const [first, last] = [losses[0], losses[losses.length - 1]];
  const ok = Number.isFinite(last) && last < first;
  return { ok, message: `${losses.length - 1} steps, loss ${first} -> ${last}${ok ? "" : " (did not decrease)"}` };
}

/** Layout: drag the last (topmost) shape; it must stay under the mouse while the energy relaxes. */
async function checkDragPins(tab) {
  const probe = () => tab.evaluate(() => window.__rose_test.probe());
  // The canvas's content box (1 CSS px border, no scaling at this viewport width).
  const border = await tab.locator("#diagram").boundingBox();
  const box = { x: border.x + 1, y: border.y + 1 };
  const { positions } = await probe();
  const i = positions.length / 2 - 1;
  const [x0, y0] = [box.x + positions[2 * i], box.y + positions[2 * i + 1]];
  const [x1, y1] = [x0 - 150, y0 - 60];
  await tab.mouse.move(x0, y0);
  await tab.mouse.down();
  await tab.mouse.move(x1, y1, { steps: 8 });
  const moved = await probe();
  await tab.waitForTimeout(1500);
  const held = await probe();
  await tab.mouse.up();
  const at = [held.positions[2 * i] + box.x, held.positions[2 * i + 1] + box.y];
  const pinned = held.dragging === i && Math.hypot(at[0] - x1, at[1] - y1) < 1;
  const relaxed = held.energy < moved.energy;
  const ok = pinned && relaxed;
  return {
    ok,
    message:
      `drag: shape ${pinned ? "stayed" : "did NOT stay"} under the mouse, ` +
      `energy ${moved.energy.toFixed(2)} -> ${held.energy.toFixed(2)}${relaxed ? "" : " (did not relax)"}`,
  };
}

async function screenshot(tab, name) {
  const dir = join(root, "build", "screenshots");
  mkdirSync(dir, { recursive: true });
  await tab.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const pages = PAGES.filter((p) => !args.only || p.name === args.only);
  if (!pages.length) fail(`no page named ${args.only}`);
  if (!args.rosePath && !existsSync(join(root, "js", "dist", "index.js")))
    console.log("note: js/dist/browser.js is missing; pages will fail to import rose (try --rose-path /node_modules/rose/dist/index.js)");
  const server = await serve();
  const base = `http://127.0.0.1:${server.address().port}`;
  let browser;
  let failures = 0;
  try {
    // launch() gives every run a fresh temporary profile (user data dir) and deletes it after.
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    for (const page of pages) {
      const { ok, message } = await testPage(browser, base, page, args);
      console.log(`[${page.name}] ${ok ? "PASS" : "FAIL"}: ${message}`);
      if (!ok) failures++;
    }
  } finally {
    await browser?.close();
    server.close();
  }
  console.log(`browser-test: ${pages.length - failures}/${pages.length} pages passed; screenshots in build/screenshots/`);
  process.exitCode = failures ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
