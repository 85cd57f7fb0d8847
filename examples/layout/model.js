// Constraint-based diagram layout (after Penrose): circles for sets and labelled boxes,
// placed by gradient descent on a sum of penalties. Each kind of constraint is one
// reusable `fn` (a penalty that is zero when the constraint holds), and the energy is a
// JS-unrolled list of calls to them, so the program grows with the scene, not with the
// number of arithmetic ops. Dragging pins a shape: its coordinates stop being optimised.

import { createAdam } from "../shared/optim.js";
import { mulberry32 } from "../shared/random.js";

// An Euler diagram: A ⊃ B, C with B ∩ C = ∅; D ⊃ E; A ∩ D = ∅. Each set has a label
// inside it but outside its subsets, and labels never overlap.
export const SCENE = {
  sets: [
    { name: "Animals", r: 120 },
    { name: "Cats", r: 48, in: "Animals" },
    { name: "Dogs", r: 52, in: "Animals", apart: ["Cats"] },
    { name: "Plants", r: 80, apart: ["Animals"] },
    { name: "Trees", r: 36, in: "Plants" },
  ],
};

export const DEFAULTS = {
  width: 640,
  height: 420,
  scene: SCENE,
  charWidth: 8, // label box width per character (px), plus padding
  boxHeight: 22,
  gap: 6, // clearance kept by every separation constraint (px)
  nearWeight: 1e-3, // pull of a label towards its circle's centre (a soft distance goal)
  lr: 4, // Adam step, px
  seed: 7,
};

export async function createLayout(rose, options = {}) {
  const o = { ...DEFAULTS, ...options };
  const { fn, vjp, compile, Real, Vec, add, sub, mul, abs, sqrt, select, gt, lt } = rose;
  const sets = o.scene.sets;
  const index = new Map(sets.map((s, i) => [s.name, i]));
  const shapes = [
    ...sets.map((s) => ({ kind: "circle", name: s.name, r: s.r })),
    ...sets.map((s) => ({ kind: "box", name: s.name, label: s.name, w: s.name.length * o.charWidth + 14, h: o.boxHeight })),
  ];
  const nShapes = shapes.length;
  const circleOf = (name) => index.get(name);
  const boxOf = (name) => sets.length + index.get(name);

  const relu = (z) => select(gt(z, 0), Real, z, 0);
  const sq = (z) => mul(z, z);
  // sqrt with an epsilon, so coincident points still have a finite gradient.
  const norm = (dx, dy) => sqrt(add(add(sq(dx), sq(dy)), 1e-9));
  const R = Real;

  // Circles (x1, y1, r1) and (x2, y2, r2) are disjoint.
  const disjoint = fn([R, R, R, R, R, R], R, (x1, y1, r1, x2, y2, r2) =>
    sq(relu(sub(add(add(r1, r2), o.gap), norm(sub(x1, x2), sub(y1, y2))))),
  );
  // Circle (x1, y1, r1) lies inside circle (x2, y2, r2).
  const inside = fn([R, R, R, R, R, R], R, (x1, y1, r1, x2, y2, r2) =>
    sq(relu(sub(add(add(norm(sub(x1, x2), sub(y1, y2)), r1), o.gap), r2))),
  );
  // Box (bx, by, w, h) inside circle (cx, cy, r): its farthest corner is within the circle.
  const boxIn = fn([R, R, R, R, R, R, R], R, (bx, by, w, h, cx, cy, r) => {
    const fx = add(abs(sub(bx, cx)), mul(w, 0.5));
    const fy = add(abs(sub(by, cy)), mul(h, 0.5));
    return sq(relu(sub(add(norm(fx, fy), o.gap), r)));
  });
  // Box outside circle: the box point nearest the centre is at least r away.
  const boxOut = fn([R, R, R, R, R, R, R], R, (bx, by, w, h, cx, cy, r) => {
    const ex = relu(sub(abs(sub(cx, bx)), mul(w, 0.5)));
    const ey = relu(sub(abs(sub(cy, by)), mul(h, 0.5)));
    return sq(relu(sub(add(r, o.gap), norm(ex, ey))));
  });
  // Two boxes do not overlap: push apart along the axis of least overlap.
  const boxApart = fn([R, R, R, R, R, R, R, R], R, (x1, y1, w1, h1, x2, y2, w2, h2) => {
    const ox = relu(sub(add(mul(add(w1, w2), 0.5), o.gap), abs(sub(x1, x2))));
    const oy = relu(sub(add(mul(add(h1, h2), 0.5), o.gap), abs(sub(y1, y2))));
    return sq(select(lt(ox, oy), Real, ox, oy));
  });
  // A shape with half-extents (hx, hy) stays on the canvas.
  const onCanvas = fn([R, R, R, R], R, (x, y, hx, hy) =>
    add(
      add(sq(relu(sub(hx, x))), sq(relu(sub(add(x, hx), o.width)))),
      add(sq(relu(sub(hy, y))), sq(relu(sub(add(y, hy), o.height)))),
    ),
  );
  const near = fn([R, R, R, R], R, (x1, y1, x2, y2) => mul(o.nearWeight, add(sq(sub(x1, x2)), sq(sub(y1, y2)))));

  // The constraint list, as [penalty fn, shape indices] pairs resolved once in JS.
  const terms = [];
  sets.forEach((s, i) => {
    const c = circleOf(s.name);
    const b = boxOf(s.name);
    if (s.in) terms.push(["inside", c, circleOf(s.in)]);
    for (const other of s.apart ?? []) terms.push(["disjoint", c, circleOf(other)]);
    terms.push(["boxIn", b, c], ["near", b, c]);
    sets.forEach((t) => t.in === s.name && terms.push(["boxOut", b, circleOf(t.name)]));
    for (let j = i + 1; j < sets.length; j++) terms.push(["boxApart", b, boxOf(sets[j].name)]);
  });
  shapes.forEach((_, i) => terms.push(["onCanvas", i]));

  const energy = fn([Vec(2 * nShapes, Real)], Real, (p) => {
    const pos = shapes.map((_, i) => [p[2 * i], p[2 * i + 1]]);
    const size = (i) => [shapes[i].w, shapes[i].h];
    let total = 0;
    for (const [kind, i, j] of terms) {
      const [xi, yi] = pos[i];
      const [xj, yj] = j === undefined ? [] : pos[j];
      let e;
      if (kind === "disjoint") e = disjoint(xi, yi, shapes[i].r, xj, yj, shapes[j].r);
      else if (kind === "inside") e = inside(xi, yi, shapes[i].r, xj, yj, shapes[j].r);
      else if (kind === "boxIn") e = boxIn(xi, yi, ...size(i), xj, yj, shapes[j].r);
      else if (kind === "boxOut") e = boxOut(xi, yi, ...size(i), xj, yj, shapes[j].r);
      else if (kind === "boxApart") e = boxApart(xi, yi, ...size(i), xj, yj, ...size(j));
      else if (kind === "near") e = near(xi, yi, xj, yj);
      else {
        const s = shapes[i];
        e = s.kind === "circle" ? onCanvas(xi, yi, s.r, s.r) : onCanvas(xi, yi, s.w / 2, s.h / 2);
      }
      total = add(total, e);
    }
    return total;
  });

  const energyAndGrad = fn([Vec(2 * nShapes, Real)], { loss: Real, grad: Vec(2 * nShapes, Real) }, (p) => {
    const { ret, grad } = vjp(energy)(p);
    return { loss: ret, grad: grad(1) };
  });
  const energyAndGradC = await compile(energyAndGrad);

  const random = mulberry32(o.seed);
  const scatter = () => shapes.flatMap(() => [o.width * (0.2 + 0.6 * random()), o.height * (0.2 + 0.6 * random())]);
  let positions = scatter();
  const free = positions.map(() => true); // false for a pinned (dragged) shape's coordinates
  const adam = createAdam(positions.length, { lr: o.lr });
  const losses = [];

  return {
    options: o,
    shapes,
    terms: terms.length,
    positions: () => positions.slice(),
    setPositions(p) {
      positions = p.slice();
    },
    evaluate: (p) => energyAndGradC(p),
    loss: () => energyAndGradC(positions).loss,
    /** One Adam step on the unpinned coordinates; returns the energy before the step. */
    step() {
      const { loss, grad } = energyAndGradC(positions);
      adam.step(positions, grad, free);
      losses.push(loss);
      return loss;
    },
    losses: () => losses.slice(),
    /** Holds shape i at (x, y) while the others keep optimising around it. */
    pin(i, x, y) {
      free.fill(true);
      free[2 * i] = free[2 * i + 1] = false;
      positions[2 * i] = x;
      positions[2 * i + 1] = y;
    },
    unpin() {
      free.fill(true);
    },
    /** Index of the topmost shape containing (x, y), or -1. */
    hit(x, y) {
      for (let i = nShapes - 1; i >= 0; i--) {
        const s = shapes[i];
        const dx = x - positions[2 * i];
        const dy = y - positions[2 * i + 1];
        if (s.kind === "box" ? Math.abs(dx) <= s.w / 2 && Math.abs(dy) <= s.h / 2 : dx * dx + dy * dy <= s.r * s.r)
          return i;
      }
      return -1;
    },
    reset() {
      positions = scatter();
      free.fill(true);
      adam.reset();
      losses.length = 0;
    },
  };
}
