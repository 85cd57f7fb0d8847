// Runs the cases a C++ differential test wrote into a directory: for each
// <name>.json (with <name>.wasm beside it) lays out the argument bytes, calls
// the export, and compares every scalar of the result with the interpreter's.
// Prints one line per mismatch and a summary; exits 1 if anything failed.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const hosts = {
  sin: Math.sin, cos: Math.cos, exp: Math.exp, log: Math.log, sqrt: Math.sqrt, pow: Math.pow, atan: Math.atan,
  hypot3: (a, b, c, d) => Math.sqrt(a * a + b * b + c * c + d * d),
};
let failed = 0, passed = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
  const c = JSON.parse(readFileSync(join(dir, file), "utf8"));
  const name = file.slice(0, -5);
  try {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const env = {};
    for (const [id, fname] of c.opaque) env[id] = hosts[fname];
    const { instance } = await WebAssembly.instantiate(readFileSync(join(dir, name + ".wasm")), { m: { "": memory }, "": env, Math });
    const retptr = Math.ceil(c.args.length / 8) * 8;
    const frameptr = retptr + Math.ceil(c.ret / 8) * 8;
    const need = frameptr + c.frame;
    if (need > memory.buffer.byteLength) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
    new Uint8Array(memory.buffer).set(c.args, 0);
    const status = instance.exports.f(0, retptr, frameptr);
    if (status !== c.status) throw new Error(`status ${status}, expected ${c.status}`);
    if (status === 0) {
      const view = new DataView(memory.buffer);
      for (const [off, kind, want] of c.leaves) {
        const at = retptr + off;
        const got = kind === "f64" ? view.getFloat64(at, true) : kind === "u8" ? view.getUint8(at)
          : kind === "u16" ? view.getUint16(at, true) : view.getUint32(at, true);
        const w = typeof want === "string" ? Number(want) : want;
        const same = Object.is(got, w) || got === w || (Number.isNaN(got) && Number.isNaN(w)) ||
          Math.abs(got - w) <= c.tol * (1 + Math.abs(w));
        if (!same) throw new Error(`at byte ${off}: got ${got}, interpreter ${w}`);
      }
    }
    passed++;
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.message}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
