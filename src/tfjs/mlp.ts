// The tutorial's MLP (algorithms §9.1) on TensorFlow.js's WebAssembly backend (subpath
// `hyperwasm/tfjs`; tfjs is a peer dependency): Dense(n_units_1, ReLU, U(±scale_1)) → Dropout →
// Dense(n_units_2, ReLU, U(±scale_2)) → Dropout → Dense(classes, U(±0.07)); softmax
// cross-entropy; Adam. A hand-written loop (no model.fit, no gradient tape).
// Why it looks like this: each tfjs kernel call costs ~25 µs of dispatch on the wasm backend
// whatever its size, and this network's step is only a few MFLOP, so the step time is the number
// of kernel calls. tf.grads plus tf.train.adam made ~150 per step (Adam alone ~12 per weight
// tensor). Here the forward pass uses fused matMul+bias+ReLU, the backward pass is written out
// (26 kernels in all), batches and dropout masks are uploaded from the host (a slice kernel
// costs more than an upload), and Adam runs on the host in one pass over the flat parameters.
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
      throw new HpoError(
        "TensorFlow.js could not start its wasm backend (its .wasm files were not found; in a page, call setWasmPaths from @tensorflow/tfjs-backend-wasm)",
      );
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
  /** All weights and biases, flat: W1, b1, W2, b2, W3, b3 (row-major). */
  private readonly params: Float32Array;
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private readonly shapes: [number, number][];
  private readonly offsets: number[];
  private step = 0;

  constructor(
    readonly d: number,
    readonly classes: number,
    readonly cfg: MlpConfig,
    private readonly rng: Rng,
  ) {
    const { n_units_1: h1, n_units_2: h2 } = cfg;
    this.shapes = [
      [d, h1],
      [1, h1],
      [h1, h2],
      [1, h2],
      [h2, classes],
      [1, classes],
    ];
    this.offsets = [];
    let total = 0;
    for (const [r, c] of this.shapes) this.offsets.push(total), (total += r * c);
    this.params = new Float32Array(total);
    this.m = new Float32Array(total);
    this.v = new Float32Array(total);
    const init = (k: number, scale: number) => {
      const view = this.view(this.params, k);
      for (let i = 0; i < view.length; i++) view[i] = (rng.next() * 2 - 1) * scale;
    };
    init(0, cfg.scale_1);
    init(2, cfg.scale_2);
    init(4, 0.07);
  }

  private view(a: Float32Array, k: number): Float32Array {
    const [r, c] = this.shapes[k];
    return a.subarray(this.offsets[k], this.offsets[k] + r * c);
  }

  private weights(): tf.Tensor[] {
    return this.shapes.map(([r, c], k) =>
      r === 1 ? tf.tensor1d(this.view(this.params, k)) : tf.tensor2d(this.view(this.params, k), [r, c]),
    );
  }

  /** Inverted dropout mask (0 or 1/(1 − p)) from the net's own generator, so a seed replays the run. */
  private mask(rows: number, cols: number, p: number): tf.Tensor2D {
    const m = new Float32Array(rows * cols);
    const keep = 1 / (1 - p);
    for (let i = 0; i < m.length; i++) m[i] = this.rng.next() >= p ? keep : 0;
    return tf.tensor2d(m, [rows, cols]);
  }

  private logits(x: tf.Tensor2D, w: tf.Tensor[]): tf.Tensor2D {
    const a1 = tf.fused.matMul({ a: x, b: w[0] as tf.Tensor2D, bias: w[1], activation: "relu" });
    const a2 = tf.fused.matMul({ a: a1, b: w[2] as tf.Tensor2D, bias: w[3], activation: "relu" });
    return tf.fused.matMul({ a: a2, b: w[4] as tf.Tensor2D, bias: w[5] }) as tf.Tensor2D;
  }

  /** One epoch of mini-batch Adam over `data`, reshuffled with `rng`. */
  trainEpoch(data: Dataset, rng: Rng): void {
    const { n, d } = data;
    const C = this.classes;
    const order = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    const B = this.cfg.batch_size;
    const xs = new Float32Array(B * d);
    const ys = new Float32Array(B * C);
    const grads = new Float32Array(this.params.length);
    for (let s = 0; s < n; s += B) {
      const size = Math.min(B, n - s);
      ys.fill(0);
      for (let i = 0; i < size; i++) {
        const r = order[s + i];
        xs.set(data.X.subarray(r * d, (r + 1) * d), i * d);
        ys[i * C + data.y[r]] = 1;
      }
      const parts = tf.tidy(() => {
        const m1 = this.cfg.dropout_1 > 0 ? this.mask(size, this.cfg.n_units_1, this.cfg.dropout_1) : null;
        const m2 = this.cfg.dropout_2 > 0 ? this.mask(size, this.cfg.n_units_2, this.cfg.dropout_2) : null;
        return this.backprop(
          tf.tensor2d(xs.subarray(0, size * d), [size, d]),
          tf.tensor2d(ys.subarray(0, size * C), [size, C]),
          m1,
          m2,
        );
      });
      parts.forEach((t, k) => {
        grads.set(t.dataSync() as Float32Array, this.offsets[k]);
        t.dispose();
      });
      this.adam(grads, 1 / size);
    }
  }

  /** Σ over the batch of ∂(cross-entropy)/∂(W1, b1, W2, b2, W3, b3), given the dropout masks. */
  private backprop(x: tf.Tensor2D, y: tf.Tensor2D, m1: tf.Tensor2D | null, m2: tf.Tensor2D | null): tf.Tensor[] {
    const w = this.weights();
    const a1 = tf.fused.matMul({ a: x, b: w[0] as tf.Tensor2D, bias: w[1], activation: "relu" });
    const h1 = m1 ? tf.mul(a1, m1) : a1;
    const a2 = tf.fused.matMul({ a: h1, b: w[2] as tf.Tensor2D, bias: w[3], activation: "relu" });
    const h2 = m2 ? tf.mul(a2, m2) : a2;
    const logits = tf.fused.matMul({ a: h2, b: w[4] as tf.Tensor2D, bias: w[5] });
    // ∂(cross-entropy)/∂logits = softmax − y per row (the mean's 1/size is applied on the host)
    const g3 = tf.sub(tf.softmax(logits), y);
    // through ReLU and dropout: the gate is mask · 1[a > 0] (a is ReLU's output)
    const gate = (a: tf.Tensor, m: tf.Tensor2D | null) => (m ? tf.mul(m, tf.step(a)) : tf.step(a));
    // explicit transposes: the wasm backend's transposed matMul is ~8× slower than transpose + matMul
    const T = (t: tf.Tensor) => tf.transpose(t as tf.Tensor2D);
    const g2 = tf.mul(tf.matMul(g3, T(w[4])), gate(a2, m2));
    const g1 = tf.mul(tf.matMul(g2, T(w[2])), gate(a1, m1));
    return [
      tf.matMul(T(x), g1),
      tf.sum(g1, 0),
      tf.matMul(T(h1), g2),
      tf.sum(g2, 0),
      tf.matMul(T(h2), g3),
      tf.sum(g3, 0),
    ];
  }

  /**
   * The gradient of the mean cross-entropy over rows `X` (labels `y`) without dropout, flat in
   * the order W1, b1, W2, b2, W3, b3: the backward pass the training step uses, for checks.
   */
  lossGradient(X: Float32Array, y: ArrayLike<number>): Float32Array {
    const n = y.length,
      C = this.classes;
    const onehot = new Float32Array(n * C);
    for (let i = 0; i < n; i++) onehot[i * C + y[i]] = 1;
    const parts = tf.tidy(() => this.backprop(tf.tensor2d(X, [n, this.d]), tf.tensor2d(onehot, [n, C]), null, null));
    const out = new Float32Array(this.params.length);
    parts.forEach((t, k) => {
      out.set(t.dataSync() as Float32Array, this.offsets[k]);
      t.dispose();
    });
    for (let i = 0; i < out.length; i++) out[i] /= n;
    return out;
  }

  /** tf.train.adam's update (β1 0.9, β2 0.999, ε 1e-8), on the flat parameters. */
  private adam(g: Float32Array, scale: number): void {
    const lr = this.cfg.learning_rate,
      b1 = 0.9,
      b2 = 0.999,
      eps = 1e-8;
    this.step++;
    const c1 = 1 / (1 - b1 ** this.step),
      c2 = 1 / (1 - b2 ** this.step);
    const { params: p, m, v } = this;
    for (let i = 0; i < p.length; i++) {
      const gi = g[i] * scale;
      m[i] = b1 * m[i] + (1 - b1) * gi;
      v[i] = b2 * v[i] + (1 - b2) * gi * gi;
      p[i] -= (lr * (m[i] * c1)) / (eps + Math.sqrt(v[i] * c2));
    }
  }

  accuracy(data: Dataset): number {
    const correct = tf.tidy(() => {
      const x = tf.tensor2d(data.X, [data.n, data.d]);
      const pred = tf.argMax(this.logits(x, this.weights()), 1);
      return tf.sum(tf.cast(tf.equal(pred, tf.tensor1d(data.y, "int32")), "int32"));
    });
    const v = correct.dataSync()[0];
    correct.dispose();
    return v / data.n;
  }

  /** Weights and Adam's moments, as plain arrays (structured-clone safe, for checkpoints). */
  async state(epoch: number): Promise<MlpState> {
    const weights = this.shapes.map((_, k) => this.view(this.params, k).slice());
    const optimizer = [
      { name: "m", values: this.m.slice(), shape: [this.m.length] },
      { name: "v", values: this.v.slice(), shape: [this.v.length] },
      { name: "iter", values: Float32Array.of(this.step), shape: [] },
    ];
    return { weights, optimizer, epoch };
  }

  async load(s: MlpState): Promise<void> {
    s.weights.forEach((w, k) => this.view(this.params, k).set(w));
    for (const o of s.optimizer) {
      if (o.name === "m") this.m.set(o.values);
      else if (o.name === "v") this.v.set(o.values);
      else if (o.name === "iter") this.step = o.values[0];
    }
  }

  /** Nothing stays on the tfjs side between calls; kept so callers need not care. */
  dispose(): void {}
}

export { tf };
