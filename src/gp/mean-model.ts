// The Matérn GP's posterior mean alone, μ + K(Q, X)·α, kept between decisions in plain arrays
// (a Posterior lives in the arena only during one decision). The mean needs no factor, so
// predicting m points costs O(m·n·d): cheap enough for a scheduler's report path, where
// model-informed stopping (algorithms §5.8) asks for a rung's configs at maxT.
import { gpDecision, gpWasm } from "./wasm.js";

export interface MeanModelState {
  X: number[];
  alpha: number[];
  ext: number[];
  d: number;
}

export class MeanModel {
  readonly n: number;

  /** X: n×d encoded inputs; alpha = (K + σ²I)⁻¹(y − μ); ext = [σ², c, θ_1..θ_d, μ] (normalized units). */
  constructor(
    readonly X: Float64Array,
    readonly alpha: Float64Array,
    readonly d: number,
    readonly ext: Float64Array,
  ) {
    this.n = alpha.length;
  }

  /** Posterior means (normalized units) at m points Q (m×d). */
  predict(Q: Float64Array, m: number): Float64Array {
    const { n, d, ext } = this;
    return gpDecision(() => {
      const { ex, ar } = gpWasm();
      const xp = ar.put(this.X);
      const qp = ar.put(Q);
      const tp = ar.put(ext.subarray(2, 2 + d));
      const kp = ar.alloc(n * m);
      ex.maternCross(xp, n, qp, m, d, tp, ext[1], kp, ar.alloc((n + m) * d));
      const ap = ar.put(this.alpha);
      const mp = ar.alloc(m);
      ex.gemmTN(kp, ap, mp, n, m, 1);
      const mean = ar.take(mp, m);
      for (let i = 0; i < m; i++) mean[i] += ext[d + 2];
      return mean;
    });
  }

  state(): MeanModelState {
    return { X: Array.from(this.X), alpha: Array.from(this.alpha), ext: Array.from(this.ext), d: this.d };
  }

  static restore(s: MeanModelState): MeanModel {
    return new MeanModel(Float64Array.from(s.X), Float64Array.from(s.alpha), s.d, Float64Array.from(s.ext));
  }
}
