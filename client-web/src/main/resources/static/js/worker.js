// Starts the suggestion worker (org.hybridchat.client.suggest.worker.SuggestWorker, compiled by TeaVM):
// the Wasm GC build where the browser runs Wasm GC, else the JavaScript build. worker.js?target=js
// or ?target=wasm picks one, for tests and the benchmark.
"use strict";
const forced = new URL(self.location.href).searchParams.get("target");
// The smallest module that declares a GC struct type: only a browser with Wasm GC accepts it.
const wasmGC = typeof WebAssembly === "object"
    && WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 95, 1, 120, 0]));

function startJs() {
  importScripts("worker-teavm.js");
  main(["js"]);
}

if (forced === "js" || (forced !== "wasm" && !wasmGC)) {
  startJs();
} else {
  importScripts("worker.wasm-runtime.js");
  TeaVM.wasmGC.load("worker.wasm").then(teavm => teavm.exports.main(["wasm"]), error => {
    // A browser can have Wasm GC but lack a later feature the module uses: fall back, unless forced.
    if (forced === "wasm") {
      throw error;
    }
    console.warn("Wasm GC worker failed to start, using the JavaScript build:", error);
    startJs();
  });
}
