// Differentiable billiards (after DiffTaichi's billiards): choose the cue ball's initial
// position and velocity so that, after the collision, the target ball stops near a goal.
//
// The rose API object is injected, so this file runs on `rose` and on `rose-cpp` alike.
// Rose has no sequential loops: time stepping is unrolled in JS, but through reusable
// `fn`s (`collide`, `cushion`, `step`, `chunk`) so every traced program stays small:
// the loss is `chunks` calls of `chunk`, each of which is `stepsPerChunk` calls of `step`.

import { createAdam } from "../shared/optim.js";

export const DEFAULTS = {
  table: { width: 2, height: 1 },
  radius: 0.04,
  dt: 0.002,
  stepsPerChunk: 10,
  chunks: 75, // 1.5 s of simulated time
  contactStiffness: 2e4, // ball-ball penalty spring (unit masses)
  cushionStiffness: 2e4,
  friction: 1.5, // linear velocity damping per second (rolling resistance)
  // Ball 0 is the cue ball, whose initial state is optimised; the others start at rest.
  others: [{ x: 1.0, y: 0.5 }],
  target: 1,
  goal: { x: 1.7, y: 0.2 },
  cue: { x: 0.3, y: 0.45, vx: 2.5, vy: 0.1 },
  // Adam learning rates for x, y, vx, vy.
  lr: [0.01, 0.01, 0.05, 0.05],
};

const KEYS = ["x", "y", "vx", "vy"];

export async function createBilliards(rose, options = {}) {
  const o = { ...DEFAULTS, ...options };
  const { fn, vjp, compile, Real, Vec, add, sub, mul, div, sqrt, select, gt } = rose;
  const n = 1 + o.others.length;
  const r = o.radius;
  const { width, height } = o.table;

  const Ball = { x: Real, y: Real, vx: Real, vy: Real };
  const Force = { fx: Real, fy: Real };
  const State = Vec(n, Ball);
  const relu = (z) => select(gt(z, 0), Real, z, 0);

  // Force on `a` from `b`: a stiff spring that acts only while the balls overlap.
  // The epsilon keeps sqrt differentiable even if two centres ever coincide.
  const collide = fn([Ball, Ball], Force, (a, b) => {
    const dx = sub(a.x, b.x);
    const dy = sub(a.y, b.y);
    const d = sqrt(add(add(mul(dx, dx), mul(dy, dy)), 1e-12));
    const push = div(mul(o.contactStiffness, relu(sub(2 * r, d))), d);
    return { fx: mul(push, dx), fy: mul(push, dy) };
  });

  // Penalty force from the four cushions.
  const cushion = fn([Ball], Force, (b) => {
    const k = o.cushionStiffness;
    const fx = sub(relu(sub(r, b.x)), relu(sub(add(b.x, r), width)));
    const fy = sub(relu(sub(r, b.y)), relu(sub(add(b.y, r), height)));
    return { fx: mul(k, fx), fy: mul(k, fy) };
  });

  // One semi-implicit Euler step of all balls.
  const step = fn([State], State, (s) => {
    const balls = [];
    for (let i = 0; i < n; i++) balls.push(s[i]);
    const fx = [];
    const fy = [];
    for (let i = 0; i < n; i++) {
      const c = cushion(balls[i]);
      fx.push(c.fx);
      fy.push(c.fy);
    }
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const f = collide(balls[i], balls[j]);
        const fxij = f.fx;
        const fyij = f.fy;
        fx[i] = add(fx[i], fxij);
        fy[i] = add(fy[i], fyij);
        fx[j] = sub(fx[j], fxij);
        fy[j] = sub(fy[j], fyij);
      }
    }
    const keep = 1 - o.friction * o.dt;
    return balls.map((b, i) => {
      const vx = add(mul(b.vx, keep), mul(fx[i], o.dt));
      const vy = add(mul(b.vy, keep), mul(fy[i], o.dt));
      return { x: add(b.x, mul(vx, o.dt)), y: add(b.y, mul(vy, o.dt)), vx, vy };
    });
  });

  const chunk = fn([State], State, (s) => {
    for (let k = 0; k < o.stepsPerChunk; k++) s = step(s);
    return s;
  });

  const initialState = (cue) => [cue, ...o.others.map((b) => ({ x: b.x, y: b.y, vx: 0, vy: 0 }))];

  const loss = fn([Ball], Real, (cue) => {
    let s = initialState(cue);
    for (let c = 0; c < o.chunks; c++) s = chunk(s);
    const t = s[o.target];
    const dx = sub(t.x, o.goal.x);
    const dy = sub(t.y, o.goal.y);
    return add(mul(dx, dx), mul(dy, dy));
  });

  const lossAndGrad = fn([Ball], { loss: Real, grad: Ball }, (cue) => {
    const { ret, grad } = vjp(loss)(cue);
    return { loss: ret, grad: grad(1) };
  });

  const [chunkC, lossAndGradC] = await Promise.all([compile(chunk), compile(lossAndGrad)]);

  let cue = { ...o.cue };
  const adam = createAdam(KEYS.length, { lr: o.lr });
  const losses = [];

  return {
    options: o,
    /** Current cue ball initial state {x, y, vx, vy}. */
    params: () => ({ ...cue }),
    setParams(p) {
      cue = { ...p };
    },
    /** {loss, grad} at any cue ball state {x, y, vx, vy}. */
    evaluate: (p) => lossAndGradC(p),
    /** Loss of the current parameters (squared distance of the target ball to the goal). */
    loss: () => lossAndGradC(cue).loss,
    /** One Adam step; returns the loss before the step. */
    step() {
      const { loss: l, grad } = lossAndGradC(cue);
      const p = KEYS.map((k) => cue[k]);
      adam.step(
        p,
        KEYS.map((k) => grad[k]),
      );
      cue = Object.fromEntries(KEYS.map((k, i) => [k, p[i]]));
      losses.push(l);
      return l;
    },
    losses: () => losses.slice(),
    /** Frames of the shot, one per chunk (plus the start): arrays of balls {x, y, vx, vy}. */
    simulate() {
      let s = initialState(cue);
      const frames = [s];
      for (let c = 0; c < o.chunks; c++) frames.push((s = chunkC(s)));
      return frames;
    },
    reset() {
      cue = { ...o.cue };
      adam.reset();
      losses.length = 0;
    },
  };
}
