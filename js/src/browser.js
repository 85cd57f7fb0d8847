// Browser (and bundler) entry: the engine is embedded, so importing the
// package is synchronous, needs no fetch, no top-level await and no plugin.
import { setEngine } from "./engine.js";
/* global ROSE_ENGINE_BYTES */ // one char per byte, spliced in by build.mjs

setEngine(Uint8Array.from(ROSE_ENGINE_BYTES, (c) => c.charCodeAt(0) & 255));
export * from "./index.js";
