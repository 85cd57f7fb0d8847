// Classic (non-module) script that installs each demo page's import map before any module
// loads. The bare specifier "rose" maps to our package's browser build, js/dist/browser.js.
// `?rose=<url>` points it elsewhere: `?rose=/node_modules/rose/dist/index.js` runs a page on
// rose 0.4.10, whose own import of "@rose-lang/wasm" is mapped to its browser glue here.
(() => {
  const root = new URL("../../", document.currentScript.src);
  const override = new URLSearchParams(location.search).get("rose");
  const map = {
    imports: {
      rose: new URL(override ?? "js/dist/browser.js", override ? location.href : root).href,
      "@rose-lang/wasm": new URL("node_modules/@rose-lang/wasm/dist/browser.js", root).href,
    },
  };
  const script = document.createElement("script");
  script.type = "importmap";
  script.textContent = JSON.stringify(map);
  document.currentScript.after(script);
})();
