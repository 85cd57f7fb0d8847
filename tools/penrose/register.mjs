// node --import ./register.mjs: a DOM for Penrose's label code (jsdom, with a
// fixed-width text measurer: jsdom has no canvas) and the "rose" hooks.
import { createRequire, register } from "node:module";
import { pathToFileURL } from "node:url";

const require = createRequire(process.env.PENROSE_DEPS + "/");
const { JSDOM } = require("jsdom");
process.env.PENROSE_CORE_URL = pathToFileURL(require.resolve("@penrose/core")).href;
register("./hooks.mjs", import.meta.url);
const dom = new JSDOM("<!DOCTYPE html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
for (const k of ["DOMParser", "XMLSerializer", "Node", "HTMLElement", "Element", "SVGElement"]) globalThis[k] ??= dom.window[k];
dom.window.HTMLCanvasElement.prototype.getContext = () => ({
  measureText: (s) => ({ actualBoundingBoxLeft: 0, actualBoundingBoxRight: 7 * String(s).length,
    actualBoundingBoxAscent: 10, actualBoundingBoxDescent: 3, width: 7 * String(s).length }),
});
