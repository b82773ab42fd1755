// A classic Web Worker that runs the tutorial's trials for the page: hyperwasm, TensorFlow.js and
// its wasm backend from local files, the letter data fetched from the page's origin.
importScripts(
  "../../dist/hyperwasm.iife.js",
  "../../node_modules/@tensorflow/tfjs/dist/tf.min.js",
  "../../node_modules/@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.min.js",
  "../../dist/hyperwasm-tfjs.iife.js",
);
tf.wasm.setWasmPaths(new URL("../../node_modules/@tensorflow/tfjs-backend-wasm/dist/", self.location.href).href);

const data = fetch(new URL("../../data/letter.csv", self.location.href))
  .then((r) => r.text())
  .then((text) => hyperwasm.splitLetter(text, 1));
hyperwasm.serveWebWorker({ train: hyperwasmTfjs.letterTrainer(() => data, { epochs: 9, seed: 1 }) });
