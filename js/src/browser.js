// Browser (and bundler) entry: the engine is embedded, so importing the
// package is synchronous, needs no fetch, no top-level await and no plugin.
import { setEngine } from "./engine.js";
import wasm from "./rose.wasm.b64";

setEngine(Uint8Array.from(atob(wasm), (c) => c.charCodeAt(0)));
export * from "./index.js";
