// `hyperwasm/tfjs`: the tutorial's trainer on TensorFlow.js (wasm backend). Node-only part:
// letterTrainer() loads the shipped data with fs; TfMlp works anywhere tfjs does.
export { TfMlp, useWasmBackend, type MlpConfig, type MlpState, tf } from "./mlp.js";
export { letterTrainer, tutorialSpace } from "./letter-trainer.js";
