// Compile latency on a long scalar chain: y_0 = x, y_{i+1} = op_i(y_i) with op_i cycling
// through mul/add/sub/div by per-op constants and by the input x, unrolled in JS.
// Measures the time from tracing until a compiled gradient has been called once.
//
// Every implementation returns `{ phases: {name: ms}, totalMs, grad }`, where grad is
// d y_n / d x at X; the job compares it to the hand-written gradient.

export const X = 0.75;

/** The i-th op as [kind, constant]: 0 y*c, 1 y+x, 2 y-c, 3 y/c, 4 y*x, 5 y/x. */
export function op(i) {
  // Constants stay near 1 and y*x is undone by y/x, so values neither blow up nor vanish.
  const c = 1 + 1e-4 * ((i % 7) - 3);
  return [i % 6, c];
}

/** Rose-style engine (rose, rose-cpp): fn → vjp → compile → one call. */
export async function roseChain(rose, n) {
  const { fn, vjp, compile, Real, add, sub, mul, div } = rose;
  const t0 = performance.now();
  const f = fn([Real], Real, (x) => {
    let y = x;
    for (let i = 0; i < n; i++) {
      const [k, c] = op(i);
      if (k === 0) y = mul(y, c);
      else if (k === 1) y = add(y, x);
      else if (k === 2) y = sub(y, c);
      else if (k === 3) y = div(y, c);
      else if (k === 4) y = mul(y, x);
      else y = div(y, x);
    }
    return y;
  });
  const t1 = performance.now();
  const g = fn([Real], Real, (x) => vjp(f)(x).grad(1));
  const t2 = performance.now();
  const compiled = await compile(g);
  const t3 = performance.now();
  const grad = compiled(X);
  const t4 = performance.now();
  return {
    phases: { trace: t1 - t0, vjp: t2 - t1, compile: t3 - t2, firstCall: t4 - t3 },
    totalMs: t4 - t0,
    grad,
  };
}

/** TensorFlow.js: no compilation, so this is the first eager gradient (the tape is the "trace"). */
export async function tfjsChain(tf, n) {
  const t0 = performance.now();
  const f = (x) => {
    let y = x;
    for (let i = 0; i < n; i++) {
      const [k, c] = op(i);
      if (k === 0) y = tf.mul(y, c);
      else if (k === 1) y = tf.add(y, x);
      else if (k === 2) y = tf.sub(y, c);
      else if (k === 3) y = tf.div(y, c);
      else if (k === 4) y = tf.mul(y, x);
      else y = tf.div(y, x);
    }
    return y;
  };
  const grad = tf.tidy(() => tf.grad(f)(tf.scalar(X, "float32")).dataSync()[0]);
  const t1 = performance.now();
  return { phases: { firstGrad: t1 - t0 }, totalMs: t1 - t0, grad };
}

/** Hand-written: record the op list, a forward sweep storing every y, a reverse sweep (float64). */
export async function handChain(n) {
  const t0 = performance.now();
  const kinds = new Uint8Array(n);
  const consts = new Float64Array(n);
  for (let i = 0; i < n; i++) [kinds[i], consts[i]] = op(i);
  const t1 = performance.now();
  const x = X;
  const y = new Float64Array(n + 1);
  y[0] = x;
  for (let i = 0; i < n; i++) {
    const [k, c, v] = [kinds[i], consts[i], y[i]];
    y[i + 1] = k === 0 ? v * c : k === 1 ? v + x : k === 2 ? v - c : k === 3 ? v / c : k === 4 ? v * x : v / x;
  }
  let dy = 1; // d y_n / d y_i, swept from the end
  let dx = 0; // d y_n / d x through the ops after i
  for (let i = n - 1; i >= 0; i--) {
    const [k, c, v] = [kinds[i], consts[i], y[i]];
    if (k === 0) dy *= c;
    else if (k === 1) dx += dy;
    else if (k === 3) dy /= c;
    else if (k === 4) (dx += dy * v), (dy *= x);
    else if (k === 5) (dx -= (dy * v) / (x * x)), (dy /= x);
  }
  const t2 = performance.now();
  // y_0 = x contributes dy once more.
  return { phases: { record: t1 - t0, sweeps: t2 - t1 }, totalMs: t2 - t0, grad: dx + dy };
}
