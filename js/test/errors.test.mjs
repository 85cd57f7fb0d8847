// Every error path: the class (Error, TypeError, RangeError) and the message
// naming the problem; after each error the objects involved still work.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  Bool, Dual, Null, Real, Tan, Vec, add, compile, div, fn, iadd, interp, jvp, mul, opaque, select, sqrt, struct,
  vec, vjp, zero,
} from "rose-cpp";

const throws = (f, cls, msg) =>
  assert.throws(f, (e) => {
    assert.equal(e.constructor, cls, `${e.constructor.name}: ${e.message}`);
    assert.match(e.message, msg);
    return true;
  });

test("ops and calls outside a fn", () => {
  const f = fn([Real], Real, (x) => x);
  throws(() => add(1, 2), Error, /no `fn` context found/);
  throws(() => f(1), Error, /no `fn` context found/);
  throws(() => zero(), Error, /no `fn` context found/);
});

test("nested fn definitions", () => {
  throws(() => fn([], Real, () => fn([], Real, () => 1)), Error, /can't define a function while defining another/);
  assert.equal(interp(fn([], Real, () => 2))(), 2, "the failed trace left no context behind");
});

test("invalid values and literal types", () => {
  throws(() => fn([], Real, () => undefined), TypeError, /invalid value/);
  throws(() => fn([], Real, () => "x"), TypeError, /invalid value/);
  throws(() => fn([], Real, () => 1n), TypeError, /invalid value/);
  throws(() => fn([], Real, () => null), TypeError, /did not expect null/);
  throws(() => fn([], Null, () => true), TypeError, /did not expect boolean/);
  throws(() => fn([], Bool, () => 1), TypeError, /type is not numeric/);
  throws(() => fn([], Vec(2, Real), () => [1, 2, 3]), TypeError, /wrong array size/);
  throws(() => fn([], { a: Real }, () => ({ b: 1 })), TypeError, /wrong struct keys/);
  // Rose's messages: an array literal asks for an array type, an object for a struct.
  throws(() => fn([], { a: Real }, () => [1]), TypeError, /type is not an array: \{a: Real\}/);
  throws(() => fn([], Vec(1, Real), () => ({ a: 1 })), TypeError, /type is not a struct: Vec\(1, Real\)/);
  throws(() => fn([], 3, () => 1.5), TypeError, /can't be represented by an unsigned integer/);
  throws(() => fn([], 3, () => 3), RangeError, /index 3 is out of range for index type 3/);
  throws(() => fn([Vec(3, Real)], Real, (v) => v[3]), RangeError, /out of range/);
  throws(() => fn([Vec(3, Real)], Real, (v) => v.x), TypeError, /unsigned integer/);
  throws(() => fn([{ a: Real }], Real, (s) => s.b), TypeError, /unexpected key: b/);
});

test("type descriptors", () => {
  throws(() => fn([Vec(Real, Null)], Null, () => null), TypeError, /index type cannot be used as an index/);
  throws(() => fn(["Real"], Real, (x) => x), TypeError, /invalid type/);
  throws(() => fn([-1], Real, () => 0), TypeError, /invalid type/);
});

test("operand types name the op and the types", () => {
  throws(() => fn([Real, Tan], Tan, (x, t) => add(x, t)), TypeError, /invalid types for add: Real and Tan/);
  throws(() => fn([Real, Tan], Tan, (x, t) => mul(x, t)), TypeError, /invalid types for mul: Real and Tan/);
  throws(() => fn([Bool], Real, (b) => add(b, 1)), TypeError, /invalid types for add: Bool and Real/);
  throws(() => fn([], Real, () => add(true, 1)), TypeError, /invalid value/);
  throws(() => fn([Tan], Real, (t) => sqrt(t)), TypeError, /variable type mismatch: value has type Tan, expected Real/);
  throws(() => fn([Vec(3, Real)], Vec(2, Real), (v) => v), TypeError, /variable type mismatch/);
  throws(() => fn([Real], Real, (x) => select(x, Real, 1, 2)), TypeError, /variable type mismatch/);
  throws(() => fn([3, 4], 3, (i, j) => iadd(3, i, j)), TypeError, /type mismatch: index has type 4, expected 3/);
});

test("calls: arity and argument types", () => {
  const f = fn([Real, Real], Real, (x, y) => mul(x, y));
  throws(() => fn([Real], Real, (x) => f(x)), TypeError, /takes 2 arguments, got 1/);
  throws(() => fn([Bool], Real, (b) => f(b, 1)), TypeError, /type mismatch/);
  assert.equal(interp(fn([Real], Real, (x) => f(x, 3)))(2), 6, "f is still usable");
});

test("scope and ownership", () => {
  let leaked;
  throws(() => fn([], Vec(2, Real), () => {
    vec(2, Real, (i) => ((leaked = i), 0));
    return vec(2, Real, () => [1, 2][0] + 0);
  }) && fn([Vec(2, Real)], Real, (v) => v[leaked]), TypeError, /invalid value|out of scope/);
  throws(() => fn([Vec(2, Real)], Real, (v) => {
    let i0;
    vec(2, Real, (i) => ((i0 = i), 0));
    return v[i0];
  }), TypeError, /variable is out of scope/);
  let arr, x;
  fn([Vec(2, Real), Real], Real, (v, y) => ((arr = v), (x = y), 0));
  throws(() => fn([], Real, () => arr[0]), Error, /array escaped its context/);
  throws(() => fn([], Real, () => add(x, 1)), Error, /outside the `fn` that made it/);
  let grad;
  const sq = fn([Real], Real, (y) => mul(y, y));
  fn([Real], Real, (y) => ((grad = vjp(sq)(y).grad), 0));
  throws(() => fn([], Real, () => grad(1)), Error, /VJP closure escaped its context/);
});

test("custom JVPs with the wrong signature fail when needed, and can be fixed", async () => {
  const f = opaque([Real], Real, Math.sin);
  f.jvp = fn([Dual, Dual], Dual, (a) => a); // wrong arity (Penrose's asin has this bug): accepted
  throws(() => fn([Real], Real, (x) => vjp(f)(x).grad(1)), Error, /custom JVP @f of @sin has signature \(.*, expected \(/);
  assert.equal(interp(fn([], Real, () => 1))(), 1, "the failed trace left no context behind");
  f.jvp = fn([Dual], Dual, ({ re, du }) => ({ re: f(re), du: mul(du, 2) }));
  const g2 = fn([Real], Real, (x) => vjp(f)(x).grad(1));
  assert.equal((await compile(g2))(0.3), 2);
});

test("opaque functions without a JVP cannot be differentiated", () => {
  const f = opaque([Real], Real, Math.cos);
  assert.throws(() => jvp(f), /@cos|opaque/);
  assert.equal(interp(f)(0), 1, "still usable");
});

test("opaque signatures are Real", () => {
  throws(() => opaque([Bool], Real, () => 0), TypeError, /opaque functions take and return Real/);
  throws(() => opaque([Real], Real, 3), TypeError, /opaque needs a JS function/);
});

test("compiled functions check their arguments", async () => {
  const P = struct({ x: Real, n: 3, b: Bool, v: Vec(2, Real) });
  const f = await compile(fn([P], Real, (p) => select(p.b, Real, p.x, p.v[1])));
  const ok = { x: 1, n: 2, b: true, v: [3, 4] };
  assert.equal(f(ok), 1);
  throws(() => f(), TypeError, /expected 1 argument, got 0/);
  throws(() => f(ok, ok), TypeError, /expected 1 argument, got 2/);
  throws(() => f({ ...ok, x: "1" }), TypeError, /argument 0\.x: expected a number, got string/);
  throws(() => f({ ...ok, b: 1 }), TypeError, /argument 0\.b: expected a boolean/);
  throws(() => f({ ...ok, n: 3 }), RangeError, /argument 0\.n: index 3 is out of range/);
  throws(() => f({ ...ok, n: 0.5 }), TypeError, /argument 0\.n: expected an index/);
  throws(() => f({ ...ok, v: [1] }), RangeError, /argument 0\.v: wrong array size: 1 elements, expected 2/);
  throws(() => f({ ...ok, v: [1, null] }), TypeError, /argument 0\.v\[1\]: expected a number, got null/);
  throws(() => f({ x: 1, n: 2, b: true }), TypeError, /wrong struct keys/);
  throws(() => f({ ...ok, extra: 1 }), TypeError, /wrong struct keys/);
  throws(() => f(null), TypeError, /got null/);
  assert.equal(f({ ...ok, b: false }), 4, "still usable after errors");
  assert.equal(f({ ...ok, v: new Float64Array([5, 6]), b: false }), 6, "typed arrays are accepted");
});

test("an index past the end at run time is a RangeError", async () => {
  const f = fn([3, 3], 3, (i, j) => iadd(3, i, j));
  const g = await compile(f);
  assert.equal(g(1, 1), 2);
  throws(() => g(2, 2), RangeError, /index out of range/);
  assert.equal(g(0, 2), 2);
  throws(() => interp(f)(1, 2), RangeError, /index out of range/);
});

test("disposed functions", async () => {
  const f = fn([Real], Real, (x) => mul(x, x));
  const g = fn([Real], Real, (x) => add(f(x), 1));
  f.dispose();
  f.dispose(); // idempotent
  throws(() => fn([Real], Real, (x) => f(x)), Error, /function was disposed/);
  await assert.rejects(compile(f), /function was disposed/);
  throws(() => vjp(f), Error, /function was disposed/);
  assert.equal(String(f), "[disposed rose function]");
  assert.equal((await compile(g))(3), 10, "callers keep a disposed callee alive");
});

test("non-functions", () => {
  throws(() => interp(() => 1), TypeError, /not a rose function/);
  throws(() => vjp({}), TypeError, /not a rose function/);
  throws(() => fn(Real, Real, (x) => x), TypeError, /params must be an array/);
  throws(() => fn([Real], Real, 1), TypeError, /body must be a function/);
});
