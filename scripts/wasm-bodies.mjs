// The function bodies of a Wasm module's code section, and how many functions
// it imports (they come first in the function index space). Only function
// imports are expected: the engine has none, and size-report's build too.
export function wasmBodies(wasm) {
  let p = 8;
  const leb = () => {
    let x = 0, shift = 0, b;
    do (b = wasm[p++]), (x += (b & 127) * 2 ** shift), (shift += 7);
    while (b & 128);
    return x;
  };
  let imports = 0;
  const bodies = [];
  while (p < wasm.length) {
    const id = wasm[p++], size = leb(), end = p + size;
    if (id === 2)
      for (let n = leb(); n-- > 0; ) {
        p += leb(), (p += leb()); // module and field names
        if (wasm[p++] !== 0) throw Error("wasm-bodies: only function imports are expected");
        imports++, leb();
      }
    if (id === 10)
      for (let n = leb(); n-- > 0; ) {
        const len = leb();
        bodies.push(wasm.subarray(p, p + len));
        p += len;
      }
    p = end;
  }
  return { imports, bodies };
}
