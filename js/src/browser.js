// Browser (and bundler) entry: the engine is embedded, so importing the
// package is synchronous, needs no fetch, no top-level await and no plugin.
import { setEngine } from "./engine.js";
/* global ROSE_ENGINE_BYTES ROSE_ENGINE_KEY */ // one char per byte, xor-ed with the key (build.mjs)

setEngine(Uint8Array.from(ROSE_ENGINE_BYTES, (c) => (c.charCodeAt(0) & 255) ^ ROSE_ENGINE_KEY));
export * from "./index.js";
