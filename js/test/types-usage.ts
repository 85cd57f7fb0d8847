// Compiled with tsc --strict by types.test.mjs: the declared types accept
// Rose-style code (and the new exports) and reject a wrong argument.
import { Dual, Real, Vec, compile, fn, interp, jvp, mul, opaque, pow, sin, vjp, type Fn } from "rose-cpp";

const sq = fn([Real], Real, (x) => mul(x, x));
const f = fn([Vec(2, Real)], Real, ([x, y]) => pow(sin(x), y));
const g = fn([Vec(2, Real)], Vec(2, Real), (v) => vjp(f)(v).grad(1));
const h = opaque([Real], Real, Math.exp);
h.jvp = fn([Dual], Dual, ({ re, du }) => ({ re: h(re), du: mul(du, h(re)) }));
const j: Fn = jvp(sq);
export async function run(): Promise<number> {
  const c = await compile(g);
  const r = c([1, 2]);
  const text: string = String(j);
  sq.dispose();
  return r[0] + interp(f)([1, 2]) + text.length;
}
// @ts-expect-error a string is not a Real
fn([Real], Real, () => "x");
