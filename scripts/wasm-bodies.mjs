// The function bodies of a Wasm module's code section, how many functions it
// imports (they come first in the function index space), and the function
// names of its name section by index, if it has one. Only function imports
// are expected: the engine has none.
export function wasmBodies(wasm) {
  let p = 8;
  const leb = () => {
    let x = 0, shift = 0, b;
    do (b = wasm[p++]), (x += (b & 127) * 2 ** shift), (shift += 7);
    while (b & 128);
    return x;
  };
  const str = () => {
    const n = leb();
    return new TextDecoder().decode(wasm.subarray(p, (p += n)));
  };
  let imports = 0;
  const bodies = [], names = [];
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
    if (id === 0 && str() === "name")
      while (p < end) {
        const sub = wasm[p++], len = leb(), next = p + len;
        if (sub === 1) for (let n = leb(); n-- > 0; ) names[leb()] = str();
        p = next;
      }
    p = end;
  }
  return { imports, bodies, names };
}
