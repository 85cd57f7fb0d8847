// The few vitest APIs Rose's own test suite uses, on node:test and assert.
import assert from "node:assert/strict";
import { describe as d, test as t } from "node:test";

export const describe = d;
export const test = t;
export function expect(actual) {
  return {
    toBe: (want) => assert.ok(Object.is(actual, want), `expected ${String(want)}, got ${String(actual)}`),
    toEqual: (want) => assert.deepStrictEqual(actual, want),
    toBeCloseTo: (want, digits = 2) =>
      assert.ok(Math.abs(actual - want) < 10 ** -digits / 2, `expected ${actual} to be close to ${want}`),
    toBeGreaterThan: (x) => assert.ok(actual > x, `expected ${actual} > ${x}`),
    toThrow: (msg) =>
      assert.throws(actual, (e) => {
        assert.ok(e.message.includes(msg), `message "${e.message}" does not include "${msg}"`);
        return true;
      }),
  };
}
