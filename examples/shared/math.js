// Transcendental functions for the demos. Rose 0.4.10 has none built in: they are
// host functions (`opaque`) given a custom derivative through `.jvp`, which is what
// lets `vjp` and `compile` see through them. Made per rose instance, outside any `fn`.

export function createMath(rose) {
  const { opaque, fn, Real, Dual, mul, sub } = rose;

  const tanh = opaque([Real], Real, Math.tanh);
  // d tanh(x) = (1 - tanh(x)^2) dx
  tanh.jvp = fn([Dual], Dual, ({ re: x, du: dx }) => {
    const y = tanh(x);
    return { re: y, du: mul(dx, sub(1, mul(y, y))) };
  });

  return { tanh };
}
