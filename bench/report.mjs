// Turns bench results into Markdown tables (absolute times and ratios) and SVG plots.
import { linePlot } from "./svg.mjs";

// Columns of the circle-packing tables: implementation × style.
export const CIRCLE_COLUMNS = [
  { impl: "rose-cpp", style: "unrolled" },
  { impl: "rose-cpp", style: "vec" },
  { impl: "rose", style: "unrolled" },
  { impl: "rose", style: "vec" },
  { impl: "tfjs" },
  { impl: "hand" },
];
export const columnName = (c) => (c.style ? `${c.impl} ${c.style}` : c.impl);

export function fmtMs(ms) {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  if (ms >= 0.1) return `${ms.toFixed(2)} ms`;
  return `${(ms * 1000).toFixed(1)} µs`;
}

export const fmtBytes = (b) => (b >= 1e6 ? `${(b / 1e6).toFixed(2)} MB` : `${(b / 1e3).toFixed(1)} kB`);
const fmtSize = (n) => (n >= 1000 && Number.isInteger(Math.log10(n)) ? `1e${Math.log10(n)}` : String(n));

/** Text of one cell: absolute value, then ×ratio to the baseline cell of the same row. */
function cell(r, metric, base, { approx } = {}) {
  if (!r) return "—";
  if (r.status === "n/a") return "n/a";
  if (r.status === "skipped") return `skipped (${r.message})`;
  if (r.status === "timeout") return `timeout (${r.message})`;
  if (r.status !== "ok") return `fails: ${r.message.replace(/\|/g, "\\|").slice(0, 110)}`;
  const v = metric(r);
  let text = `${approx?.(r) ? "≈" : ""}${fmtMs(v)}`;
  const b = base && base.status === "ok" ? metric(base) : NaN;
  if (r !== base && Number.isFinite(b) && b > 0) text += ` (×${ratio(v / b)})`;
  const tol = r.impl === "tfjs" ? 1e-3 : 1e-6;
  if (r.relErr > tol) text += ` ⚠ gradient rel. error ${r.relErr.toExponential(1)}`;
  return text;
}

const failed = (r) => r.status === "fails" || r.status === "timeout";
const ratio = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 0.1 ? x.toFixed(2) : x.toPrecision(2));

function table(header, rows) {
  const lines = [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`];
  for (const row of rows) lines.push(`| ${row.join(" | ")} |`);
  return lines.join("\n");
}

/** Picks the baseline column: the first candidate with any successful cell. */
function pickBaseline(results, candidates, match) {
  return candidates.find((c) => results.some((r) => match(r, c) && r.status === "ok")) ?? null;
}

// One row per size of a compile-latency series: each implementation's total time.
function totalRows(runs, sizes, impls, base, label) {
  return sizes.map((n) => {
    const at = (impl) => runs.find((r) => r.n === n && r.impl === impl);
    return [label(n), ...impls.map((impl) => cell(at(impl), (r) => r.totalMs, base && at(base)))];
  });
}

// The trace / vjp / compile / first-call split of the rose-style engines' runs.
function phaseTable(md, title, sizeName, runs) {
  const ok = runs.filter((r) => r.status === "ok" && r.phases);
  if (!ok.length) return;
  const row = (r) => [r.impl, fmtSize(r.n), ...["trace", "vjp", "compile", "firstCall"].map((k) => r.phases[k].toFixed(1))];
  md.push(title, "", table(["impl", sizeName, "trace", "vjp", "compile", "first call"], ok.map(row)), "");
}

export function buildReport(run) {
  const { results, bundles, sizes, env } = run;
  const md = [];
  const plots = {};
  md.push("# Benchmark results", "");
  md.push(`${env.date} · Node ${env.node} · ${env.cpu} × ${env.cores} · mode: ${env.mode} · job timeout ${env.timeoutS} s`, "");
  md.push(
    "Cells: absolute time, then **(×r)** = time ÷ time of the row's baseline (named above each table; lower is faster).",
    "`n/a`: implementation not built or not importable; `fails: …`: the engine threw; `≈`: extrapolated from fewer steps.",
    "",
  );

  // 1. Compile latency.
  const chain = results.filter((r) => r.bench === "chain");
  if (chain.length) {
    const impls = ["rose-cpp", "rose", "tfjs", "hand"];
    const base = pickBaseline(chain, ["rose-cpp", "rose"], (r, c) => r.impl === c);
    md.push("## Compile latency: scalar chain, trace → compiled gradient called once", "");
    md.push(
      `Baseline: **${base ?? "none"}**. tfjs has no compile step: its cell is the first eager \`tf.grad\`. ` +
        "hand: record the op list plus one forward and one reverse sweep in plain JS. " +
        "Each cell is one cold process; up to 1e4 ops, the median of five.",
      "",
    );
    md.push(table(["ops", ...impls], totalRows(chain, sizes.chain, impls, base, fmtSize)), "");
    phaseTable(md, "Phases of the rose-style engines (ms):", "ops", chain.filter((r) => r.impl.startsWith("rose")));
    plots["chain-compile.svg"] = linePlot({
      title: "Compile latency (trace → first gradient call)",
      xLabel: "ops in the chain",
      yLabel: "time (ms)",
      series: impls.map((impl) => ({
        name: impl,
        points: chain.filter((r) => r.impl === impl && r.status === "ok").map((r) => [r.n, r.totalMs]),
        failures: chain.filter((r) => r.impl === impl && failed(r)).map((r) => r.n),
      })),
    });
    md.push("![compile latency](chain-compile.svg)", "");
  }

  // 1b. Many small functions (Penrose's shape).
  const wide = results.filter((r) => r.bench === "wide");
  if (wide.length) {
    const impls = ["rose-cpp", "rose"];
    const base = pickBaseline(wide, impls, (r, c) => r.impl === c);
    md.push("## Compile latency: many small functions, trace → compiled gradient called once", "");
    md.push(
      `Baseline: **${base ?? "none"}**. Penrose's shape: one \`fn\` per objective (a pair penalty on a few ` +
        "entries of the input) and an energy calling them all. Each cell is one cold process; the median of five.",
      "",
    );
    md.push(table(["functions", ...impls], totalRows(wide, sizes.wide, impls, base, String)), "");
    phaseTable(md, "Phases (ms):", "functions", wide);
  }

  // 2. Circle packing.
  const circles = results.filter((r) => r.bench === "circles");
  if (circles.length) {
    const same = (r, c) => r.impl === c.impl && (r.style ?? null) === (c.style ?? null);
    const base = pickBaseline(circles, [CIRCLE_COLUMNS[1], CIRCLE_COLUMNS[3]], same);
    const metrics = [
      ["setup: trace + compile + first call", (r) => r.setupMs, "circles-setup.svg"],
      ["one gradient evaluation (median)", (r) => r.gradMs, "circles-grad.svg"],
      ["200 gradient-descent steps", (r) => r.gdMs, "circles-gd200.svg"],
    ];
    md.push("## Circle packing energy and gradient", "");
    md.push(
      `K circles, pairwise overlap penalty over i<j plus containment. Baseline: **${base ? columnName(base) : "none"}**. ` +
        "*unrolled*: JS loop over pairs calling a pair-energy `fn`; *vec*: `sum` loops over index symbols. " +
        "tfjs uses its own broadcasting formulation (float32).",
      "",
    );
    for (const [title, metric, file] of metrics) {
      md.push(`### ${title}`, "");
      const rows = sizes.circles.map((K) => {
        const at = (c) => circles.find((r) => r.K === K && same(r, c));
        return [
          String(K),
          ...CIRCLE_COLUMNS.map((c) => cell(at(c), metric, base && at(base), { approx: (r) => metric === metrics[2][1] && r.extrapolated })),
        ];
      });
      md.push(table(["K", ...CIRCLE_COLUMNS.map(columnName)], rows), "");
      plots[file] = linePlot({
        title: `Circle packing: ${title}`,
        xLabel: "K (circles)",
        yLabel: "time (ms)",
        series: CIRCLE_COLUMNS.map((c) => ({
          name: columnName(c),
          points: circles.filter((r) => same(r, c) && r.status === "ok").map((r) => [r.K, metric(r)]),
          failures: circles.filter((r) => same(r, c) && failed(r)).map((r) => r.K),
        })),
      });
      md.push(`![${title}](${file})`, "");
    }
  }

  // 3. Simulations from the examples.
  const sims = results.filter((r) => r.bench === "sim");
  if (sims.length) {
    const impls = ["rose-cpp", "rose"];
    const base = pickBaseline(sims, impls, (r, c) => r.impl === c);
    md.push("## Simulations from examples/ (same model.js code)", "");
    md.push(`Baseline: **${base ?? "none"}**. tfjs and hand: not ported (—).`, "");
    const rows = [];
    for (const name of sizes.sims) {
      const at = (impl) => sims.find((r) => r.name === name && r.impl === impl);
      rows.push([`${name}: setup`, ...impls.map((i) => cell(at(i), (r) => r.setupMs, base && at(base))), "—", "—"]);
      rows.push([`${name}: per step`, ...impls.map((i) => cell(at(i), (r) => r.stepMs, base && at(base))), "—", "—"]);
    }
    md.push(table(["", ...impls, "tfjs", "hand"], rows), "");
  }

  // 4. Bundle size.
  if (bundles?.length) {
    const base = bundles.find((b) => b.impl === "rose-cpp" && b.status === "ok") ?? bundles.find((b) => b.impl === "rose");
    md.push("## Bundle size (what a page downloads)", "");
    md.push(
      `*gzip -9*: the published files as they are, each gzipped, summed. *min+gzip -9*: the JS entry bundled and ` +
        `minified by esbuild (tfjs: its own tf.min.js) plus the .wasm files, gzipped. Ratios to **${base?.impl ?? "none"}**.`,
      "",
    );
    const rel = (b, k) => (base?.[k] && b[k] ? ` (×${ratio(b[k] / base[k])})` : "");
    md.push(
      table(
        ["impl", "raw", "gzip -9", "min+gzip -9", "files"],
        bundles.map((b) =>
          b.status !== "ok"
            ? [b.impl, "n/a", "n/a", "n/a", b.message]
            : [
                b.impl,
                fmtBytes(b.raw),
                fmtBytes(b.gzip) + rel(b, "gzip"),
                b.minGzip ? fmtBytes(b.minGzip) + rel(b, "minGzip") : "n/a",
                b.files.map((f) => `\`${f}\``).join(", "),
              ],
        ),
      ),
      "",
    );
  }
  return { markdown: md.join("\n"), plots };
}
