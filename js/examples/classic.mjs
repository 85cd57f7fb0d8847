// The classic example (run by `make demo`): custom derivatives for host `log`
// and `pow`, then the value, gradient and Hessian of pow(x, y) at (2, 3).
import { Dual, Real, Vec, add, compile, div, fn, mul, opaque, vjp } from "rose-cpp";

const log = opaque([Real], Real, Math.log);
log.jvp = fn([Dual], Dual, ({ re: x, du: dx }) => ({ re: log(x), du: div(dx, x) }));

const pow = opaque([Real, Real], Real, Math.pow);
pow.jvp = fn([Dual, Dual], Dual, ({ re: x, du: dx }, { re: y, du: dy }) => {
  const z = pow(x, y);
  return { re: z, du: mul(add(mul(dx, div(y, x)), mul(dy, log(x))), z) };
});

const Vec2 = Vec(2, Real);
const Mat2 = Vec(2, Vec2);
const f = fn([Vec2], Real, ([x, y]) => pow(x, y));
const g = fn([Vec2], Vec2, (v) => vjp(f)(v).grad(1));
const h = fn([Vec2], Mat2, (v) => {
  const { grad } = vjp(g)(v);
  return [grad([1, 0]), grad([0, 1])];
});

const x = [2, 3];
console.log("f(2, 3) =", (await compile(f))(x));
console.log("gradient =", (await compile(g))(x));
console.log("Hessian  =", (await compile(h))(x));
