// Module hooks for trio.mjs: "rose" resolves to a wrapper (rose-timed.mjs) over
// rose 0.4.10 or over this package (ROSE_IMPL=rose-cpp), so Penrose runs
// unmodified on either.
export async function resolve(specifier, context, next) {
  if (specifier === "rose" && !context.parentURL?.endsWith("/rose-timed.mjs"))
    return { url: new URL("./rose-timed.mjs", import.meta.url).href, shortCircuit: true };
  if (specifier === "rose-impl") {
    const cpp = process.env.ROSE_IMPL === "rose-cpp";
    return { url: cpp ? new URL("../../js/dist/index.js", import.meta.url).href : await realRose(context, next), shortCircuit: true };
  }
  return next(specifier, context);
}
// rose 0.4.10 as @penrose/core's own dependency resolves it.
async function realRose(context, next) {
  return (await next("rose", { ...context, parentURL: process.env.PENROSE_CORE_URL })).url;
}
