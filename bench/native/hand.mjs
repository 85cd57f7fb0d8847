// Hand-written gradients in plain JS, the same maths as hand.cpp: reverse mode,
// loop-invariant factors hoisted, every buffer preallocated by the caller.

export const EPS = 1e-9;
export const CENTER = 1e-3;

/** d x_steps / d(x0, a) into g[0..1]; tape is a Float64Array of `steps` scratch. */
export function chainGrad(x0, a, steps, tape, g) {
  let x = x0;
  for (let k = 0; k < steps; k++) {
    tape[k] = x;
    x = x * a * 0.5 + x / (a + 1) - 0.5;
  }
  // dx'/dx = a/2 + 1/(a+1), dx'/da = x/2 - x/(a+1)^2: the same for every step.
  const b = a + 1;
  const dx = a * 0.5 + 1 / b;
  const da = 0.5 - 1 / (b * b);
  let xb = 1;
  let ab = 0;
  for (let k = steps - 1; k >= 0; k--) {
    ab += xb * tape[k] * da;
    xb *= dx;
  }
  g[0] = xb;
  g[1] = ab;
}

/** dE/dp into g (length 2K) for centres p = [x0, y0, x1, ...] and radii r (Float64Arrays). */
export function circlesGrad(K, p, r, g) {
  for (let k = 0; k < 2 * K; k++) g[k] = 2 * CENTER * p[k];
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
      const s = (-2 * o) / d; // d(o^2)/d(dx) = -2 o dx / d
      g[2 * i] += s * dx;
      g[2 * i + 1] += s * dy;
      g[2 * j] -= s * dx;
      g[2 * j + 1] -= s * dy;
    }
  }
}
