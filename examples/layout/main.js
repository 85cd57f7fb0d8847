// Layout page: optimises continuously; a dragged shape is pinned under the mouse.
import * as rose from "rose";
import { createLayout } from "./model.js";
import { fmt, optimise, plotLosses, publish, runPage, setStatus, test } from "../shared/page.js";

const canvas = document.getElementById("diagram");
const lossCanvas = document.getElementById("loss");
const ctx = canvas.getContext("2d");
const COLORS = ["#2e86de", "#10ac84", "#ee5253", "#8e44ad", "#f39c12"];
const STEPS_PER_FRAME = 4;
const HISTORY = 400; // points kept in the live energy plot

let model;
let dragging = -1;

function draw() {
  const p = model.positions();
  const sets = model.shapes.filter((s) => s.kind === "circle").length;
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  model.shapes.forEach((s, i) => {
    const [x, y] = [p[2 * i], p[2 * i + 1]];
    const color = COLORS[(s.kind === "circle" ? i : i - sets) % COLORS.length];
    ctx.lineWidth = i === dragging ? 3 : 1.5;
    if (s.kind === "circle") {
      ctx.fillStyle = color + "22";
      ctx.strokeStyle = color;
      ctx.beginPath();
      ctx.arc(x, y, s.r, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    } else {
      ctx.fillStyle = "#fff";
      ctx.strokeStyle = color;
      ctx.fillRect(x - s.w / 2, y - s.h / 2, s.w, s.h);
      ctx.strokeRect(x - s.w / 2, y - s.h / 2, s.w, s.h);
      ctx.fillStyle = "#222";
      ctx.font = "13px ui-monospace, monospace";
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.fillText(s.label, x, y + 1);
    }
  });
  ctx.lineWidth = 1;
}

function report() {
  const l = model.losses();
  plotLosses(lossCanvas, l.slice(-HISTORY), { title: "energy", log: true });
  setStatus(`${model.shapes.length} shapes, ${model.terms} penalty terms, energy ${fmt(l[l.length - 1])}`);
}

function pointer(e) {
  // Client pixels to canvas pixels, past the CSS border and any CSS scaling.
  const r = canvas.getBoundingClientRect();
  const x = e.clientX - r.left - canvas.clientLeft;
  const y = e.clientY - r.top - canvas.clientTop;
  return [x * (canvas.width / canvas.clientWidth), y * (canvas.height / canvas.clientHeight)];
}

function animate() {
  for (let k = 0; k < STEPS_PER_FRAME; k++) model.step();
  draw();
  report();
  requestAnimationFrame(animate);
}

runPage(async () => {
  setStatus("tracing and compiling…");
  model = await createLayout(rose, { width: canvas.width, height: canvas.height });
  draw();
  if (test) {
    const losses = await optimise(model, test.steps, { batch: 20 });
    losses.push(model.loss());
    draw();
    report();
    // The page stays interactive after the test run; `probe` lets the test check dragging.
    const probe = () => ({ positions: model.positions(), energy: model.loss(), dragging });
    publish({ done: true, losses, probe });
  }
  canvas.onpointerdown = (e) => {
    dragging = model.hit(...pointer(e));
    if (dragging >= 0) {
      canvas.setPointerCapture(e.pointerId);
      model.pin(dragging, ...pointer(e));
    }
  };
  canvas.onpointermove = (e) => dragging >= 0 && model.pin(dragging, ...pointer(e));
  canvas.onpointerup = () => {
    dragging = -1;
    model.unpin();
  };
  document.getElementById("scramble").onclick = () => model.reset();
  animate();
});
