// Many small functions, Penrose's shape: one fn per objective, each reading a
// few entries of the input, and an energy that calls them all. Measures the
// time from tracing until a compiled gradient has been called once, like chain.mjs.
//
// Objective k: relu(r_k − |p_i − p_j|)², with points i = k mod m, j = (3k + 1) mod m
// of the m = n/4 + 2 points in the input (x, y pairs).

export const points = (n) => (n >> 2) + 2;
const pair = (k, m) => [k % m, (3 * k + 1) % m];
const radius = (k) => 0.5 + 0.25 * ((k % 5) / 4);
export const X = (n) => Array.from({ length: 2 * points(n) }, (_, i) => Math.sin(1.7 * i + 0.3));

/** Rose-style engine (rose, rose-cpp): n fns, an energy calling each, vjp, compile, one call. */
export async function roseWide(rose, n) {
  const { fn, vjp, compile, Real, Vec, add, sub, mul, sqrt, select, gt } = rose;
  const m = points(n), V = Vec(2 * m, Real);
  const t0 = performance.now();
  const objs = Array.from({ length: n }, (_, k) =>
    fn([V], Real, (p) => {
      const [i, j] = pair(k, m);
      const dx = sub(p[2 * i], p[2 * j]), dy = sub(p[2 * i + 1], p[2 * j + 1]);
      const gap = sub(radius(k), sqrt(add(add(mul(dx, dx), mul(dy, dy)), 1e-9)));
      const r = select(gt(gap, 0), Real, gap, 0);
      return mul(r, r);
    }),
  );
  const energy = fn([V], Real, (p) => objs.reduce((e, f) => add(e, f(p)), 0));
  const t1 = performance.now();
  const g = fn([V], V, (p) => vjp(energy)(p).grad(1));
  const t2 = performance.now();
  const compiled = await compile(g);
  const t3 = performance.now();
  const grad = compiled(X(n));
  const t4 = performance.now();
  return {
    phases: { trace: t1 - t0, vjp: t2 - t1, compile: t3 - t2, firstCall: t4 - t3 },
    totalMs: t4 - t0,
    grad: Array.from(grad),
  };
}

/** The same gradient by hand, for checking. */
export function handWide(n) {
  const m = points(n), p = X(n), g = new Array(2 * m).fill(0);
  for (let k = 0; k < n; k++) {
    const [i, j] = pair(k, m);
    const dx = p[2 * i] - p[2 * j], dy = p[2 * i + 1] - p[2 * j + 1];
    const d = Math.sqrt(dx * dx + dy * dy + 1e-9), gap = radius(k) - d;
    if (gap <= 0) continue;
    const s = (-2 * gap) / d;  // d(gap²)/d(dx) = 2 gap · (−dx/d)
    g[2 * i] += s * dx, g[2 * j] -= s * dx, g[2 * i + 1] += s * dy, g[2 * j + 1] -= s * dy;
  }
  return g;
}
