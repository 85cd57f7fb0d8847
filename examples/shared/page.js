// Browser helpers shared by the demo pages: test mode, loss plots, error display.
//
// Test mode: `?test=1&steps=N` makes a page run N optimisation steps without user input
// and publish `window.__rose_test = {losses, done, error}` for examples/browser-test.mjs.

const query = new URLSearchParams(location.search);
export const test = query.has("test") ? { steps: Number(query.get("steps") ?? 30) } : null;

export function publish(result) {
  window.__rose_test = result;
}

/** Runs the page's async setup; any error is shown on the page and published. */
export async function runPage(main) {
  try {
    await main();
  } catch (e) {
    console.error(e);
    const status = document.getElementById("status");
    if (status) status.textContent = `Error: ${e?.message ?? e}`;
    publish({ done: true, losses: [], error: String(e?.stack ?? e) });
  }
}

/** Runs `steps` optimisation steps, yielding to the browser every `batch` steps. */
export async function optimise(model, steps, { batch = 5, onProgress = () => {} } = {}) {
  for (let i = 0; i < steps; i += batch) {
    for (let k = i; k < Math.min(steps, i + batch); k++) model.step();
    onProgress(model.losses());
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return model.losses();
}

export function setStatus(text) {
  document.getElementById("status").textContent = text;
}

/** Line plot of a loss curve; `log` plots log10 of (loss - min + tiny) for positive scales. */
export function plotLosses(canvas, losses, { title = "loss", log = false } = {}) {
  const ctx = canvas.getContext("2d");
  const { width: w, height: h } = canvas;
  ctx.clearRect(0, 0, w, h);
  ctx.fillStyle = "#fafafa";
  ctx.fillRect(0, 0, w, h);
  ctx.fillStyle = "#333";
  ctx.font = "12px sans-serif";
  const ys = losses.map((l) => (log ? Math.log10(Math.max(l, 1e-12)) : l));
  const last = losses.length ? losses[losses.length - 1] : NaN;
  ctx.fillText(`${title}${log ? " (log scale)" : ""}: ${losses.length} steps, last ${fmt(last)}`, 8, 16);
  if (ys.length < 2) return;
  const lo = Math.min(...ys);
  const hi = Math.max(...ys);
  const pad = 24;
  const x = (i) => pad + ((w - 2 * pad) * i) / (ys.length - 1);
  const y = (v) => h - pad - ((h - 2 * pad - 10) * (v - lo)) / (hi - lo || 1);
  ctx.strokeStyle = "#bbb";
  ctx.strokeRect(pad, pad + 10, w - 2 * pad, h - 2 * pad - 10);
  ctx.strokeStyle = "#c0392b";
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ys.forEach((v, i) => (i ? ctx.lineTo(x(i), y(v)) : ctx.moveTo(x(i), y(v))));
  ctx.stroke();
}

export const fmt = (x) => (Number.isFinite(x) ? (Math.abs(x) >= 1e-3 || x === 0 ? x.toFixed(4) : x.toExponential(3)) : String(x));
