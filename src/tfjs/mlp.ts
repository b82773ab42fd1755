// The tutorial's MLP (SPEC §9.1) on TensorFlow.js's WebAssembly backend (subpath
// `hyperwasm/tfjs`; tfjs is a peer dependency): Dense(n_units_1, ReLU, U(±scale_1)) → Dropout →
// Dense(n_units_2, ReLU, U(±scale_2)) → Dropout → Dense(classes, U(±0.07)); softmax
// cross-entropy; Adam. A hand-written loop (no model.fit): one tensor per epoch for the shuffled
// data, slices per batch, every step inside tf.tidy, and the validation accuracy read back as one
// scalar, so the tensor count stays flat across epochs.
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { HpoError } from "../errors.js";
import type { Rng } from "../random.js";
import type { Dataset } from "../data/table.js";

let ready: Promise<void> | null = null;

/** Selects the wasm backend once; tfjs resolves false (instead of throwing) when its .wasm is missing. */
export function useWasmBackend(): Promise<void> {
  ready ??= tf.setBackend("wasm").then((ok) => {
    if (!ok || tf.getBackend() !== "wasm") {
      throw new HpoError("TensorFlow.js could not start its wasm backend (its .wasm files were not found; in a page, call setWasmPaths from @tensorflow/tfjs-backend-wasm)");
    }
  });
  return ready;
}

export interface MlpConfig {
  n_units_1: number;
  n_units_2: number;
  dropout_1: number;
  dropout_2: number;
  learning_rate: number;
  batch_size: number;
  scale_1: number;
  scale_2: number;
}

export interface MlpState {
  weights: Float32Array[];
  optimizer: { name: string; values: Float32Array; shape: number[] }[];
  epoch: number;
}

export class TfMlp {
  private readonly vars: tf.Variable[];
  private readonly opt: tf.AdamOptimizer;

  constructor(readonly d: number, readonly classes: number, readonly cfg: MlpConfig, private readonly rng: Rng) {
    const u = (n: number, scale: number) => Float32Array.from({ length: n }, () => (rng.next() * 2 - 1) * scale);
    const { n_units_1: h1, n_units_2: h2 } = cfg;
    // inside tidy, so the initial-value tensors are released (variables survive a tidy)
    this.vars = tf.tidy(() => [
      tf.variable(tf.tensor2d(u(d * h1, cfg.scale_1), [d, h1])), tf.variable(tf.zeros([h1])),
      tf.variable(tf.tensor2d(u(h1 * h2, cfg.scale_2), [h1, h2])), tf.variable(tf.zeros([h2])),
      tf.variable(tf.tensor2d(u(h2 * classes, 0.07), [h2, classes])), tf.variable(tf.zeros([classes])),
    ]);
    this.opt = tf.train.adam(cfg.learning_rate, 0.9, 0.999, 1e-8);
  }

  private logits(x: tf.Tensor2D, train: boolean): tf.Tensor2D {
    const [w1, b1, w2, b2, w3, b3] = this.vars;
    let h = tf.relu(tf.add(tf.matMul(x, w1), b1));
    // dropout masks are seeded from the trial's generator, so a seed replays the run
    if (train && this.cfg.dropout_1 > 0) h = tf.dropout(h, this.cfg.dropout_1, undefined, this.rng.seed());
    h = tf.relu(tf.add(tf.matMul(h, w2), b2));
    if (train && this.cfg.dropout_2 > 0) h = tf.dropout(h, this.cfg.dropout_2, undefined, this.rng.seed());
    return tf.add(tf.matMul(h, w3), b3) as tf.Tensor2D;
  }

  /** One epoch of mini-batch Adam over `data`, reshuffled with `rng`. */
  trainEpoch(data: Dataset, rng: Rng): void {
    const { n, d } = data;
    const order = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    const xs = new Float32Array(n * d);
    const ys = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      xs.set(data.X.subarray(order[i] * d, (order[i] + 1) * d), i * d);
      ys[i] = data.y[order[i]];
    }
    const X = tf.tensor2d(xs, [n, d]);
    const Y = tf.tidy(() => tf.oneHot(tf.tensor1d(ys, "int32"), this.classes));
    const B = this.cfg.batch_size;
    for (let s = 0; s < n; s += B) {
      const size = Math.min(B, n - s);
      tf.tidy(() => {
        const xb = X.slice([s, 0], [size, d]);
        const yb = Y.slice([s, 0], [size, this.classes]);
        this.opt.minimize(() => tf.losses.softmaxCrossEntropy(yb, this.logits(xb, true)) as tf.Scalar, false, this.vars);
      });
    }
    X.dispose();
    Y.dispose();
  }

  accuracy(data: Dataset): number {
    const correct = tf.tidy(() => {
      const x = tf.tensor2d(data.X, [data.n, data.d]);
      const pred = tf.argMax(this.logits(x, false), 1);
      return tf.sum(tf.cast(tf.equal(pred, tf.tensor1d(data.y, "int32")), "int32"));
    });
    const v = correct.dataSync()[0];
    correct.dispose();
    return v / data.n;
  }

  /** Weights and Adam's moments, as plain arrays (structured-clone safe, for checkpoints). */
  async state(epoch: number): Promise<MlpState> {
    const weights = this.vars.map((v) => v.dataSync() as Float32Array);
    const named = await this.opt.getWeights();
    const optimizer = await Promise.all(named.map(async (w) => ({ name: w.name, values: ((await w.tensor.data()) as Float32Array).slice(), shape: w.tensor.shape })));
    // the iteration count comes back as a fresh scalar; the moments are the optimizer's own variables
    for (const w of named) if (w.name === "iter") w.tensor.dispose();
    return { weights: weights.map((w) => w.slice()), optimizer, epoch };
  }

  async load(s: MlpState): Promise<void> {
    this.vars.forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(s.weights[i], v.shape))));
    const named = s.optimizer.map((w) => ({ name: w.name, tensor: tf.tensor(w.values, w.shape) }));
    await this.opt.setWeights(named);
    for (const w of named) w.tensor.dispose();
  }

  dispose(): void {
    this.vars.forEach((v) => v.dispose());
    this.opt.dispose();
  }
}

export { tf };
