// A small dependency-free SVG line plot, enough for scaling curves on log axes.

const COLORS = ["#c0392b", "#2471a3", "#229954", "#b9770e", "#7d3c98", "#17a589", "#566573", "#d35400"];
const MARKERS = ["circle", "square", "diamond", "triangle"];

/**
 * linePlot({ title, xLabel, yLabel, logX, logY, series: [{ name, points: [[x, y], ...], failures: [x, ...] }] })
 * → SVG text. Points with a non-finite or (on a log axis) non-positive coordinate are skipped;
 * `failures` (sizes where the implementation failed or timed out) are drawn as × on the top edge.
 */
export function linePlot({ title, xLabel, yLabel, series, logX = true, logY = true, width = 720, height = 400 }) {
  const margin = { left: 72, right: 210, top: 36, bottom: 52 };
  const fx = logX ? Math.log10 : (v) => v;
  const fy = logY ? Math.log10 : (v) => v;
  const usable = ([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!logX || x > 0) && (!logY || y > 0);
  const clean = series.map((s) => ({ ...s, points: s.points.filter(usable) }));
  const all = clean.flatMap((s) => s.points);
  const failXs = clean.flatMap((s) => (s.failures ?? []).filter((x) => x > 0 || !logX));
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`,
  ];
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  if (!all.length) {
    out.push(`<text x="${width / 2}" y="${height / 2}" text-anchor="middle">no data</text></svg>`);
    return out.join("\n");
  }
  const [x0, x1] = niceRange([...all.map(([x]) => fx(x)), ...failXs.map(fx)], logX);
  const [y0, y1] = niceRange(all.map(([, y]) => fy(y)), logY);
  const px = (x) => margin.left + ((fx(x) - x0) / (x1 - x0)) * plotW;
  const py = (y) => margin.top + plotH - ((fy(y) - y0) / (y1 - y0)) * plotH;

  // Axes, grid and tick labels (decades on log axes).
  out.push(`<rect x="${margin.left}" y="${margin.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`);
  for (const [v, label] of ticks(x0, x1, logX)) {
    const x = margin.left + ((v - x0) / (x1 - x0)) * plotW;
    out.push(`<line x1="${x}" y1="${margin.top}" x2="${x}" y2="${margin.top + plotH}" stroke="#eee"/>`);
    out.push(`<text x="${x}" y="${margin.top + plotH + 16}" text-anchor="middle">${label}</text>`);
  }
  for (const [v, label] of ticks(y0, y1, logY)) {
    const y = margin.top + plotH - ((v - y0) / (y1 - y0)) * plotH;
    out.push(`<line x1="${margin.left}" y1="${y}" x2="${margin.left + plotW}" y2="${y}" stroke="#eee"/>`);
    out.push(`<text x="${margin.left - 6}" y="${y + 4}" text-anchor="end">${label}</text>`);
  }
  out.push(`<text x="${margin.left + plotW / 2}" y="${height - 12}" text-anchor="middle">${esc(xLabel)}</text>`);
  out.push(
    `<text transform="translate(16 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`,
  );

  clean.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const pts = s.points.map(([x, y]) => [px(x), py(y)]);
    if (pts.length > 1)
      out.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.map((p) => p.map(r2).join(",")).join(" ")}"/>`);
    for (const [x, y] of pts) out.push(marker(MARKERS[i % MARKERS.length], x, y, color));
    for (const f of s.failures ?? []) {
      const [x, y] = [px(f), margin.top + 8 + 7 * i];
      out.push(`<path d="M${r2(x - 5)},${r2(y - 5)}L${r2(x + 5)},${r2(y + 5)}M${r2(x + 5)},${r2(y - 5)}L${r2(x - 5)},${r2(y + 5)}" stroke="${color}" stroke-width="2.5"/>`);
    }
    const ly = margin.top + 10 + i * 18;
    const lx = margin.left + plotW + 12;
    out.push(`<line x1="${lx}" y1="${ly}" x2="${lx + 18}" y2="${ly}" stroke="${color}" stroke-width="2"/>`);
    out.push(marker(MARKERS[i % MARKERS.length], lx + 9, ly, color));
    const note = s.points.length ? "" : s.failures?.length ? " (failed)" : " (n/a)";
    out.push(`<text x="${lx + 24}" y="${ly + 4}">${esc(s.name)}${note}</text>`);
  });
  if (failXs.length) {
    const ly = margin.top + 10 + clean.length * 18 + 8;
    out.push(`<text x="${margin.left + plotW + 12}" y="${ly + 4}" fill="#555">× on top: failed or timed out</text>`);
  }
  out.push("</svg>");
  return out.join("\n");
}

function niceRange(values, log) {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (log) [lo, hi] = [Math.floor(lo), Math.ceil(hi)];
  if (hi - lo < 1e-9) [lo, hi] = log ? [lo - 1, hi + 1] : [lo - 1, hi + 1];
  if (!log) {
    const pad = (hi - lo) * 0.05;
    [lo, hi] = [Math.min(0, lo - pad), hi + pad];
  }
  return [lo, hi];
}

function ticks(lo, hi, log) {
  if (log) {
    const out = [];
    for (let e = Math.ceil(lo); e <= Math.floor(hi); e++) out.push([e, decade(e)]);
    return out;
  }
  const step = 10 ** Math.floor(Math.log10((hi - lo) / 5 || 1));
  const k = Math.ceil((hi - lo) / step / 6);
  const out = [];
  for (let v = Math.ceil(lo / (step * k)) * step * k; v <= hi + 1e-12; v += step * k) out.push([v, +v.toPrecision(6)]);
  return out;
}

const decade = (e) => (e >= -2 && e <= 3 ? String(e >= 0 ? 10 ** e : (10 ** e).toFixed(-e)) : `1e${e}`);

function marker(kind, x, y, color) {
  const s = 4;
  if (kind === "square") return `<rect x="${r2(x - s)}" y="${r2(y - s)}" width="${2 * s}" height="${2 * s}" fill="${color}"/>`;
  if (kind === "diamond")
    return `<polygon points="${r2(x)},${r2(y - s - 1)} ${r2(x + s + 1)},${r2(y)} ${r2(x)},${r2(y + s + 1)} ${r2(x - s - 1)},${r2(y)}" fill="${color}"/>`;
  if (kind === "triangle")
    return `<polygon points="${r2(x)},${r2(y - s - 1)} ${r2(x + s + 1)},${r2(y + s)} ${r2(x - s - 1)},${r2(y + s)}" fill="${color}"/>`;
  return `<circle cx="${r2(x)}" cy="${r2(y)}" r="${s}" fill="${color}"/>`;
}

const r2 = (v) => Math.round(v * 100) / 100;
const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
