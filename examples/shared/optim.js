// Optimisers over flat number arrays, shared by the demos (browser and Node).

/** Adam (Kingma & Ba) with a per-coordinate learning rate (number or array). */
export function createAdam(size, { lr = 0.01, beta1 = 0.9, beta2 = 0.999, eps = 1e-8 } = {}) {
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  let t = 0;
  return {
    /** Updates `params` in place against `grad`; coordinates with mask[i] false are left alone. */
    step(params, grad, mask) {
      t++;
      const c1 = 1 - beta1 ** t;
      const c2 = 1 - beta2 ** t;
      for (let i = 0; i < size; i++) {
        if (mask && !mask[i]) continue;
        const g = grad[i];
        m[i] = beta1 * m[i] + (1 - beta1) * g;
        v[i] = beta2 * v[i] + (1 - beta2) * g * g;
        const rate = typeof lr === "number" ? lr : lr[i];
        params[i] -= (rate * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + eps);
      }
    },
    reset() {
      m.fill(0);
      v.fill(0);
      t = 0;
    },
  };
}
