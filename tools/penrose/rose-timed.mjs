// rose's API with the time Penrose spends in fn (tracing, vjp) and compile summed.
import * as impl from "rose-impl";
export * from "rose-impl";
export const time = { fn: 0, compile: 0 };
let depth = 0;
export const fn = (...a) => {
  const t = depth++ ? NaN : performance.now();
  try {
    return impl.fn(...a);
  } finally {
    if (--depth === 0) time.fn += performance.now() - t;
  }
};
export const compile = async (...a) => {
  const t = performance.now();
  try {
    return await impl.compile(...a);
  } finally {
    time.compile += performance.now() - t;
  }
};
globalThis.__roseTime = time;
