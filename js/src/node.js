// Node entry: the engine is read synchronously from dist/rose.wasm.
import { readFileSync } from "node:fs";
import { setEngine } from "./engine.js";

setEngine(readFileSync(new URL("./rose.wasm", import.meta.url)));
export * from "./index.js";
