// Robot page: trains between animation frames and replays the current gait in a loop.
import * as rose from "rose";
import { createRobot } from "./model.js";
import { fmt, optimise, plotLosses, publish, runPage, setStatus, test } from "../shared/page.js";

const world = document.getElementById("world");
const lossCanvas = document.getElementById("loss");
const ctx = world.getContext("2d");
const scale = 400; // px per metre
const ground = world.height - 30;
const px = (x) => 40 + x * scale;
const py = (y) => ground - y * scale;

let model;
let gait; // {frames, acts} of the current parameters
let frame = 0;
let training = false;

function draw() {
  const { frames, acts } = gait;
  const s = frames[frame];
  const a = acts[Math.min(frame, acts.length - 1)];
  ctx.fillStyle = "#f4f7fb";
  ctx.fillRect(0, 0, world.width, world.height);
  ctx.fillStyle = "#8d6e63";
  ctx.fillRect(0, ground, world.width, world.height - ground);
  ctx.fillStyle = "#555";
  ctx.font = "11px sans-serif";
  for (let m = 0; m <= 1.4; m += 0.2) {
    ctx.fillRect(px(m), ground, 1, 6);
    ctx.fillText(`${m.toFixed(1)} m`, px(m) + 3, ground + 16);
  }
  // Centre-of-mass trail.
  ctx.strokeStyle = "rgba(41,128,185,0.5)";
  ctx.beginPath();
  for (let t = 0; t <= frame; t += 4) {
    const f = frames[t];
    const cx = f.reduce((acc, q) => acc + q.x, 0) / f.length;
    const cy = f.reduce((acc, q) => acc + q.y, 0) / f.length;
    t ? ctx.lineTo(px(cx), py(cy)) : ctx.moveTo(px(cx), py(cy));
  }
  ctx.stroke();
  // Springs: actuated ones coloured by contraction (blue) or extension (red).
  ctx.lineWidth = 3;
  for (const [i, j, act] of model.springs) {
    const v = act < 0 ? 0 : a ? a[act] : 0;
    ctx.strokeStyle = act < 0 ? "#444" : v > 0 ? `rgb(${150 + 100 * v},60,60)` : `rgb(60,60,${150 - 100 * v})`;
    ctx.beginPath();
    ctx.moveTo(px(s[i].x), py(s[i].y));
    ctx.lineTo(px(s[j].x), py(s[j].y));
    ctx.stroke();
  }
  ctx.lineWidth = 1;
  ctx.fillStyle = "#222";
  for (const q of s) {
    ctx.beginPath();
    ctx.arc(px(q.x), py(q.y), 5, 0, 2 * Math.PI);
    ctx.fill();
  }
}

function report() {
  const l = model.losses();
  plotLosses(lossCanvas, l, { title: "loss = −distance walked" });
  const last = l.length ? l[l.length - 1] : model.loss();
  setStatus(`${l.length} training steps, walked ${fmt(-last)} m`);
}

function animate() {
  if (training) {
    model.step();
    model.step();
    gait = model.simulate();
    report();
  }
  frame = (frame + 2) % gait.frames.length;
  draw();
  requestAnimationFrame(animate);
}

runPage(async () => {
  setStatus("tracing and compiling…");
  model = await createRobot(rose);
  gait = model.simulate();
  report();
  if (test) {
    const losses = await optimise(model, test.steps, { batch: 2 });
    losses.push(model.loss());
    gait = model.simulate();
    frame = gait.frames.length - 1;
    draw();
    report();
    publish({ done: true, losses });
    return;
  }
  const button = document.getElementById("train");
  button.onclick = () => {
    training = !training;
    button.textContent = training ? "Pause" : "Train";
  };
  document.getElementById("reset").onclick = () => {
    model.reset();
    gait = model.simulate();
    report();
  };
  animate();
});
