// `hyperwasm/tfjs`: MLP trainers on TensorFlow.js (wasm backend), for your own tabular data
// (mlpTrainer) and the tutorial's (letterTrainer). Web-standard: data arrive as splits or loaders.
export { TfMlp, useWasmBackend, type MlpConfig, type MlpState, tf } from "./mlp.js";
export { mlpTrainer, mlpSpace, type MlpSpace, type MlpTrainerOptions } from "./mlp-trainer.js";
export { letterTrainer, tutorialSpace } from "./letter-trainer.js";
