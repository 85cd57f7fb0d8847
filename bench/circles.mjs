// Circle packing energy, the same maths in four implementations:
//   E(p) = sum_{i<j} relu(r_i + r_j - |c_i - c_j|)^2 + sum_i wall(c_i, r_i)
// with |c| = sqrt(|c|^2 + EPS) (finite gradient even for coincident centres) and wall the
// squared distance by which a circle sticks out of the box [0, L]^2.
//
// Every implementation returns `{ setupMs, grad(p) -> {loss, grad} }` over a flat array
// p = [x0, y0, x1, y1, ...]; the bench times `grad` and plain gradient descent with it.

import { mulberry32 } from "../examples/shared/random.js";

export const EPS = 1e-9;

/** Deterministic dense problem: random radii in [0.5, 1), box side 1.6 sqrt(K). */
export function problem(K) {
  const random = mulberry32(12345 + K);
  const L = 1.6 * Math.sqrt(K);
  const radii = Array.from({ length: K }, () => 0.5 + 0.5 * random());
  const p0 = Array.from({ length: 2 * K }, () => L * random());
  return { K, L, radii, p0 };
}

/** Rose (or rose-cpp) with reusable `fn`s; style "unrolled" (JS loop over pairs) or "vec" (sum loops). */
export async function roseCircles(rose, { K, L, radii }, style) {
  const { fn, vjp, compile, Real, Vec, add, sub, mul, sqrt, select, gt, vec, sum, ilt } = rose;
  const R = Real;
  const t0 = performance.now();
  const relu = (z) => select(gt(z, 0), Real, z, 0);
  const sq = (z) => mul(z, z);

  const pair = fn([R, R, R, R, R], R, (xi, yi, xj, yj, rij) => {
    const d = sqrt(add(add(sq(sub(xi, xj)), sq(sub(yi, yj))), EPS));
    return sq(relu(sub(rij, d)));
  });
  const wall = fn([R, R, R], R, (x, y, r) =>
    add(
      add(sq(relu(sub(r, x))), sq(relu(sub(add(x, r), L)))),
      add(sq(relu(sub(r, y))), sq(relu(sub(add(y, r), L)))),
    ),
  );

  let energy;
  if (style === "unrolled") {
    energy = fn([Vec(2 * K, Real)], Real, (p) => {
      const x = [];
      const y = [];
      for (let i = 0; i < K; i++) x.push(p[2 * i]), y.push(p[2 * i + 1]);
      let e = 0;
      for (let i = 0; i < K; i++) {
        e = add(e, wall(x[i], y[i], radii[i]));
        for (let j = i + 1; j < K; j++) e = add(e, pair(x[i], y[i], x[j], y[j], radii[i] + radii[j]));
      }
      return e;
    });
  } else {
    // Index symbols cannot be doubled, so the x and y slots of circle i come from index tables.
    const Slots = Vec(K, 2 * K);
    const Point = { x: Real, y: Real };
    const loops = fn([Vec(2 * K, Real), Slots, Slots, Vec(K, Real)], Real, (p, ix, iy, r) => {
      const c = vec(K, Point, (i) => ({ x: p[ix[i]], y: p[iy[i]] }));
      const pairs = sum(K, (i) => {
        const ci = c[i];
        const ri = r[i];
        return sum(K, (j) => {
          const cj = c[j];
          return select(ilt(K, i, j), Real, pair(ci.x, ci.y, cj.x, cj.y, add(ri, r[j])), 0);
        });
      });
      return add(pairs, sum(K, (i) => wall(c[i].x, c[i].y, r[i])));
    });
    const ix = radii.map((_, i) => 2 * i);
    const iy = radii.map((_, i) => 2 * i + 1);
    energy = fn([Vec(2 * K, Real)], Real, (p) => loops(p, ix, iy, radii));
  }
  const both = fn([Vec(2 * K, Real)], { loss: Real, grad: Vec(2 * K, Real) }, (p) => {
    const { ret, grad } = vjp(energy)(p);
    return { loss: ret, grad: grad(1) };
  });
  const compiled = await compile(both);
  compiled(radii.flatMap(() => [0, 0])); // first call is part of "ready"
  return { setupMs: performance.now() - t0, grad: (p) => compiled(p) };
}

/** TensorFlow.js with its own broadcasting formulation and tf.grad (float32, CPU backend). */
export async function tfjsCircles(tf, { K, L, radii }) {
  const t0 = performance.now();
  const r = tf.tensor1d(radii);
  const rsum = tf.add(r.reshape([K, 1]), r.reshape([1, K]));
  const upper = tf.sub(tf.linalg.bandPart(tf.ones([K, K]), 0, -1), tf.eye(K)); // i < j
  const energy = (p) => {
    const c = p.reshape([K, 2]);
    const diff = tf.sub(c.reshape([K, 1, 2]), c.reshape([1, K, 2]));
    const d = tf.sqrt(tf.add(tf.sum(tf.square(diff), 2), EPS));
    const pairs = tf.sum(tf.mul(upper, tf.square(tf.relu(tf.sub(rsum, d)))));
    const rr = tf.stack([r, r], 1);
    const walls = tf.add(tf.sum(tf.square(tf.relu(tf.sub(rr, c)))), tf.sum(tf.square(tf.relu(tf.sub(tf.add(c, rr), L)))));
    return tf.add(pairs, walls);
  };
  const valueAndGrad = tf.valueAndGrad(energy);
  const grad = (p) =>
    tf.tidy(() => {
      const { value, grad: g } = valueAndGrad(tf.tensor1d(p));
      return { loss: value.dataSync()[0], grad: Array.from(g.dataSync()) };
    });
  grad(radii.flatMap(() => [0, 0]));
  return { setupMs: performance.now() - t0, grad };
}

/** Hand-written JS gradient (float64), written the way one would for speed. */
export async function handCircles({ K, L, radii }) {
  const t0 = performance.now();
  const r = Float64Array.from(radii);
  // Squared amount by which coordinate v of a circle of radius ri leaves [0, L]; adds its gradient to g[k].
  const wall = (g, k, v, ri) => {
    const lo = ri - v;
    const hi = v + ri - L;
    let e = 0;
    if (lo > 0) (e += lo * lo), (g[k] -= 2 * lo);
    if (hi > 0) (e += hi * hi), (g[k] += 2 * hi);
    return e;
  };
  const grad = (p) => {
    const g = new Float64Array(2 * K);
    let e = 0;
    for (let i = 0; i < K; i++) {
      const xi = p[2 * i];
      const yi = p[2 * i + 1];
      const ri = r[i];
      for (let j = i + 1; j < K; j++) {
        const dx = xi - p[2 * j];
        const dy = yi - p[2 * j + 1];
        const d = Math.sqrt(dx * dx + dy * dy + EPS);
        const o = ri + r[j] - d;
        if (o <= 0) continue;
        e += o * o;
        const s = (-2 * o) / d; // dE/dd * dd/d(dx) = -2o * dx/d
        g[2 * i] += s * dx;
        g[2 * i + 1] += s * dy;
        g[2 * j] -= s * dx;
        g[2 * j + 1] -= s * dy;
      }
      e += wall(g, 2 * i, xi, ri) + wall(g, 2 * i + 1, yi, ri);
    }
    return { loss: e, grad: g };
  };
  return { setupMs: performance.now() - t0, grad };
}
