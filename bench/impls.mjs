// The implementations under comparison and how to load each one in a job process.
//
// ROSE_CPP_PATH=<file> loads "rose-cpp" from that module instead of the package (e.g. a dev
// build elsewhere; pointing it at rose's own index.js is a way to test the harness).
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

export const IMPLS = ["rose-cpp", "rose", "tfjs", "hand"];

/**
 * Loads an implementation's module: the rose API for "rose"/"rose-cpp", tf for "tfjs"
 * (CPU backend), nothing for "hand". Throws if the package cannot be imported.
 */
export async function loadImpl(name) {
  if (name === "rose") return import("rose");
  if (name === "rose-cpp")
    return import(process.env.ROSE_CPP_PATH ? pathToFileURL(resolve(process.env.ROSE_CPP_PATH)).href : "rose-cpp");
  if (name === "tfjs") {
    silenceTfjsBanner();
    const tf = await import("@tensorflow/tfjs");
    await tf.setBackend("cpu");
    await tf.ready();
    return tf;
  }
  if (name === "hand") return null;
  throw Error(`unknown implementation: ${name}`);
}

// tfjs prints a multi-line advert for tfjs-node on first use; keep job output to one line.
function silenceTfjsBanner() {
  const warn = console.warn;
  const log = console.log;
  const quiet = (orig) => (...args) => (String(args[0]).includes("tfjs-node") || /^=+$/.test(String(args[0]).trim()) ? undefined : orig(...args));
  console.warn = quiet(warn);
  console.log = quiet(log);
}
