// Billiards page: draws the table, animates shots, optimises on demand.
import * as rose from "rose";
import { createBilliards, DEFAULTS } from "./model.js";
import { fmt, optimise, plotLosses, publish, runPage, setStatus, test } from "../shared/page.js";

const table = document.getElementById("table");
const lossCanvas = document.getElementById("loss");
const ctx = table.getContext("2d");
const margin = 20;
const scale = (table.width - 2 * margin) / DEFAULTS.table.width;
const px = (x) => margin + x * scale;
const py = (y) => table.height - margin - y * scale; // y up in the model, down on screen

let model;
let before = null; // target ball's path before optimisation, drawn as a ghost
let playing = 0;

function draw(frames, upTo = frames.length - 1) {
  const o = model.options;
  ctx.fillStyle = "#4a2c17";
  ctx.fillRect(0, 0, table.width, table.height);
  ctx.fillStyle = "#1d6b3a";
  ctx.fillRect(px(0), py(o.table.height), o.table.width * scale, o.table.height * scale);
  const path = (list, ball, style, dash = []) => {
    ctx.strokeStyle = style;
    ctx.setLineDash(dash);
    ctx.beginPath();
    list.forEach((f, i) => (i ? ctx.lineTo(px(f[ball].x), py(f[ball].y)) : ctx.moveTo(px(f[ball].x), py(f[ball].y))));
    ctx.stroke();
    ctx.setLineDash([]);
  };
  if (before) path(before, o.target, "rgba(255,255,255,0.35)", [4, 4]);
  path(frames.slice(0, upTo + 1), 0, "rgba(255,255,255,0.6)");
  path(frames.slice(0, upTo + 1), o.target, "rgba(255,120,120,0.9)");
  frames[upTo].forEach((b, i) => {
    ctx.fillStyle = i === 0 ? "#f5f5f0" : i === o.target ? "#d63031" : "#f1c40f";
    ctx.beginPath();
    ctx.arc(px(b.x), py(b.y), o.radius * scale, 0, 2 * Math.PI);
    ctx.fill();
  });
  // Goal, on top so a ball resting on it does not hide it.
  ctx.strokeStyle = "#ffd54a";
  ctx.lineWidth = 2;
  const [gx, gy] = [px(o.goal.x), py(o.goal.y)];
  ctx.beginPath();
  ctx.moveTo(gx - 8, gy - 8);
  ctx.lineTo(gx + 8, gy + 8);
  ctx.moveTo(gx + 8, gy - 8);
  ctx.lineTo(gx - 8, gy + 8);
  ctx.stroke();
  ctx.lineWidth = 1;
}

function play() {
  const frames = model.simulate();
  const id = ++playing;
  let i = 0;
  const tick = () => {
    if (id !== playing) return;
    draw(frames, i);
    if (++i < frames.length) requestAnimationFrame(tick);
  };
  tick();
}

function report() {
  const p = model.params();
  const l = model.losses();
  plotLosses(lossCanvas, l, { log: true });
  setStatus(
    `loss ${fmt(l.length ? l[l.length - 1] : model.loss())}  cue x=${fmt(p.x)} y=${fmt(p.y)} vx=${fmt(p.vx)} vy=${fmt(p.vy)}`,
  );
}

async function build(goal) {
  setStatus("tracing and compiling…");
  const t0 = performance.now();
  model = await createBilliards(rose, goal ? { goal } : {});
  before = model.simulate();
  draw(before);
  report();
  setStatus(`compiled in ${(performance.now() - t0).toFixed(0)} ms; loss ${fmt(model.loss())}`);
}

runPage(async () => {
  await build();
  if (test) {
    const losses = await optimise(model, test.steps);
    losses.push(model.loss());
    draw(model.simulate());
    report();
    publish({ done: true, losses });
    return;
  }
  let busy = false;
  document.getElementById("optimise").onclick = async () => {
    if (busy) return;
    busy = true;
    await optimise(model, 60, { batch: 2, onProgress: report });
    busy = false;
    play();
  };
  document.getElementById("play").onclick = play;
  document.getElementById("reset").onclick = () => {
    model.reset();
    before = model.simulate();
    draw(before);
    report();
  };
  table.onclick = (e) => {
    const r = table.getBoundingClientRect();
    const cx = (e.clientX - r.left - table.clientLeft) * (table.width / table.clientWidth);
    const cy = (e.clientY - r.top - table.clientTop) * (table.height / table.clientHeight);
    const [x, y] = [(cx - margin) / scale, (table.height - margin - cy) / scale];
    if (!busy) build({ x, y });
  };
});
