// A 2-D mass-spring robot that learns to walk (after DiffTaichi's mass_spring).
//
// Masses are joined by springs; some springs are actuated: their rest length is scaled by
// (1 + amplitude * a_j(t)), where a_j(t) = tanh(sum_k W[j][k] * sin(omega t + 2 pi k / K) + b[j])
// is an open-loop controller over K time phases. Training maximises the forward
// displacement of the centre of mass. Ground contact is a penalty spring (relu via `select`)
// with smooth Coulomb friction; DiffTaichi's sticky "stop on impact" rule gave gradients
// that did not predict the loss well enough to train on.
//
// The rose API object is injected. Time stepping is unrolled in JS over reusable `fn`s
// (`control`, `step`), so the loss is 2T calls rather than one huge inlined body.

import { createAdam } from "../shared/optim.js";
import { mulberry32 } from "../shared/random.js";
import { createMath } from "../shared/math.js";

export const ROBOT = {
  // Initial mass positions (metres); feet touch the ground at y = 0.
  masses: [
    [0.0, 0.0], // 0 left foot
    [0.3, 0.0], // 1 right foot
    [0.0, 0.12], // 2 left shoulder
    [0.15, 0.14], // 3 back
    [0.3, 0.12], // 4 right shoulder
    [0.15, 0.05], // 5 belly
  ],
  // [a, b, actuator index or -1]; rest lengths are the initial distances.
  springs: [
    [2, 3, -1],
    [3, 4, -1],
    [2, 5, -1],
    [4, 5, -1],
    [3, 5, -1],
    [0, 2, 0],
    [0, 5, 1],
    [1, 4, 2],
    [1, 5, 3],
  ],
};

export const DEFAULTS = {
  robot: ROBOT,
  dt: 0.004,
  steps: 400, // 1.6 s of simulated time
  stiffness: 1000, // force per unit strain (unit masses)
  damping: 10, // velocity decays by exp(-damping dt) per step
  gravity: -4.8,
  groundStiffness: 3000,
  friction: 1.0, // Coulomb coefficient
  slipScale: 0.1, // m/s over which friction ramps up: smaller makes the linearisation explode
  amplitude: 0.25,
  omega: 12, // rad/s of the controller's phases
  phases: 6, // K
  lr: 0.05,
  seed: 1,
};

export async function createRobot(rose, options = {}) {
  const o = { ...DEFAULTS, ...options };
  const { fn, vjp, compile, Real, Vec, vec, sum, add, sub, mul, div, neg, sqrt, select, gt } = rose;
  const relu = (z) => select(gt(z, 0), Real, z, 0);
  const { tanh } = createMath(rose);
  const { masses, springs } = o.robot;
  const n = masses.length;
  const nAct = 1 + Math.max(...springs.map((s) => s[2]));
  const K = o.phases;
  const rest = springs.map(([a, b]) => Math.hypot(masses[b][0] - masses[a][0], masses[b][1] - masses[a][1]));

  const Mass = { x: Real, y: Real, vx: Real, vy: Real };
  const State = Vec(n, Mass);
  const Acts = Vec(nAct, Real);
  const Basis = Vec(K, Real);
  const Params = { w: Vec(nAct, Vec(K, Real)), b: Acts };

  // Actuation of every actuator at one instant, from the phase basis at that instant.
  const control = fn([Params, Basis], Acts, (p, basis) =>
    vec(nAct, Real, (j) => {
      const wj = p.w[j];
      return tanh(add(sum(K, (k) => mul(wj[k], basis[k])), p.b[j]));
    }),
  );

  const step = fn([State, Acts], State, (s, act) => {
    const m = [];
    for (let i = 0; i < n; i++) m.push(s[i]);
    const x = m.map((q) => q.x);
    const y = m.map((q) => q.y);
    const fx = m.map(() => 0);
    const fy = m.map(() => o.gravity);
    springs.forEach(([a, b, ai], si) => {
      const dx = sub(x[b], x[a]);
      const dy = sub(y[b], y[a]);
      const len = sqrt(add(add(mul(dx, dx), mul(dy, dy)), 1e-12));
      const target = ai < 0 ? rest[si] : mul(rest[si], add(1, mul(o.amplitude, act[ai])));
      // Tension per unit length along (dx, dy): stiffness * strain / len.
      const t = div(mul(o.stiffness, div(sub(len, target), target)), len);
      fx[a] = add(fx[a], mul(t, dx));
      fy[a] = add(fy[a], mul(t, dy));
      fx[b] = sub(fx[b], mul(t, dx));
      fy[b] = sub(fy[b], mul(t, dy));
    });
    const keep = Math.exp(-o.damping * o.dt);
    return m.map((q, i) => {
      // Ground: a penalty spring below y = 0 with smooth Coulomb friction proportional to it.
      const normal = mul(o.groundStiffness, relu(neg(y[i])));
      const slip = div(q.vx, sqrt(add(mul(q.vx, q.vx), o.slipScale * o.slipScale)));
      const gx = mul(neg(o.friction), mul(normal, slip));
      const vx = add(mul(q.vx, keep), mul(add(fx[i], gx), o.dt));
      const vy = add(mul(q.vy, keep), mul(add(fy[i], normal), o.dt));
      return { x: add(x[i], mul(vx, o.dt)), y: add(y[i], mul(vy, o.dt)), vx, vy };
    });
  });

  const basisAt = (t) => Array.from({ length: K }, (_, k) => Math.sin(o.omega * t * o.dt + (2 * Math.PI * k) / K));
  const start = masses.map(([mx, my]) => ({ x: mx, y: my, vx: 0, vy: 0 }));
  const meanX = (s) => {
    let total = 0;
    for (let i = 0; i < n; i++) total = add(total, s[i].x);
    return div(total, n);
  };

  // Loss: minus the distance walked by the centre of mass.
  const loss = fn([Params], Real, (p) => {
    let s = start;
    for (let t = 0; t < o.steps; t++) s = step(s, control(p, basisAt(t)));
    return sub(meanX(start), meanX(s));
  });

  const lossAndGrad = fn([Params], { loss: Real, grad: Params }, (p) => {
    const { ret, grad } = vjp(loss)(p);
    return { loss: ret, grad: grad(1) };
  });

  const [controlC, stepC, lossAndGradC] = await Promise.all([compile(control), compile(step), compile(lossAndGrad)]);

  // Small random initial weights (seeded, so runs are reproducible).
  const random = mulberry32(o.seed);
  const init = () => ({
    w: Array.from({ length: nAct }, () => Array.from({ length: K }, () => (random() - 0.5) * 0.2)),
    b: Array.from({ length: nAct }, () => 0),
  });
  let params = init();
  const size = nAct * K + nAct;
  const adam = createAdam(size, { lr: o.lr });
  const losses = [];

  return {
    options: o,
    springs,
    params: () => structuredClone(params),
    setParams(p) {
      params = structuredClone(p);
    },
    /** {loss, grad} at any parameters {w, b}. */
    evaluate: (p) => lossAndGradC(p),
    loss: () => lossAndGradC(params).loss,
    /** One Adam step; returns the loss before the step. */
    step() {
      const { loss: l, grad } = lossAndGradC(params);
      const flat = flatten(params);
      adam.step(flat, flatten(grad));
      params = unflatten(flat, nAct, K);
      losses.push(l);
      return l;
    },
    losses: () => losses.slice(),
    /** States (arrays of masses {x, y, vx, vy}) at every time step, and the actuations. */
    simulate() {
      let s = start;
      const frames = [s];
      const acts = [];
      for (let t = 0; t < o.steps; t++) {
        const a = controlC(params, basisAt(t));
        acts.push(a);
        frames.push((s = stepC(s, a)));
      }
      return { frames, acts };
    },
    reset() {
      params = init();
      adam.reset();
      losses.length = 0;
    },
  };
}

const flatten = (p) => [...p.w.flat(), ...p.b];
const unflatten = (flat, nAct, K) => ({
  w: Array.from({ length: nAct }, (_, j) => Array.from(flat.slice(j * K, (j + 1) * K))),
  b: Array.from(flat.slice(nAct * K)),
});
