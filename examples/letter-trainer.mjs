// The tutorial's training function (run_mlp_openml) for hyperwasm: the MLP of algorithms §9.1 on
// TensorFlow.js's wasm backend, over the shipped letter data. Loaded inline, or by module URL
// inside worker threads (each worker loads the data once). The run's seed reaches the trainer
// as its fixed `seed` argument.
import { loadLetter, Rng } from "hyperwasm/node";
import { letterTrainer, TfMlp, useWasmBackend } from "hyperwasm/tfjs";

export const train = letterTrainer(() => loadLetter(1), { epochs: 9, seed: 1 });

/** Accuracy on the held-out test set of `config` retrained for `epochs` on train. */
export async function scoreOnTest(config, epochs = 9, seed = 1) {
  await useWasmBackend();
  const data = loadLetter(1);
  const rng = new Rng(seed * 100003 + 999999);
  const net = new TfMlp(data.train.d, data.nClasses, config, rng);
  for (let e = 0; e < epochs; e++) net.trainEpoch(data.train, rng);
  const acc = net.accuracy(data.test);
  net.dispose();
  return acc;
}
