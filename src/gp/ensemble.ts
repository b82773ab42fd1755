// Hyper-Tune's predictive distribution over configs alone (algorithms §6.13): a joint GP over
// (config, resource) evaluated at several resource levels r and mixed by weights θ_r,
//   μ(x) = Σ θ_r μ(x, r),   σ²(x) = Σ θ_r² σ²(x, r),
// the mean and variance of Σ θ_r f(x, r) if the levels' values were independent (the reference's
// choice: it keeps σ² cheap, one variance per level). Inputs are the d config coordinates; the
// resource coordinate (the last of the GP's d + 1) is filled in per level.
import type { PosteriorLike, Prediction } from "./posterior.js";

export class EnsemblePosterior implements PosteriorLike {
  /**
   * `post` takes (d + 1)-dimensional inputs; `tails` are the encoded resource levels and
   * `weights` their θ (positive, summing to 1).
   */
  constructor(
    private readonly post: PosteriorLike,
    private readonly d: number,
    private readonly tails: readonly number[],
    private readonly weights: readonly number[],
  ) {}

  private extended(Q: Float64Array, m: number, tail: number): Float64Array {
    const D = this.d + 1;
    const out = new Float64Array(m * D);
    for (let i = 0; i < m; i++) {
      out.set(Q.subarray(i * this.d, (i + 1) * this.d), i * D);
      out[i * D + this.d] = tail;
    }
    return out;
  }

  predict(Q: Float64Array, m: number, meanOnly = false): Prediction {
    let mean: Float64Array | null = null;
    const variance = new Float64Array(meanOnly ? 0 : m);
    this.tails.forEach((tail, k) => {
      const w = this.weights[k];
      const p = this.post.predict(this.extended(Q, m, tail), m, meanOnly);
      mean ??= new Float64Array(p.mean.length);
      for (let i = 0; i < p.mean.length; i++) mean[i] += w * p.mean[i];
      if (!meanOnly) for (let i = 0; i < m; i++) variance[i] += w * w * p.variance[i];
    });
    return { mean: mean ?? new Float64Array(0), variance };
  }

  predictWithGrad(q: ArrayLike<number>) {
    const { d } = this;
    const D = d + 1;
    let mean: Float64Array | null = null;
    let dMean: Float64Array | null = null;
    let variance = 0;
    let floored = true;
    const dVariance = new Float64Array(d);
    this.tails.forEach((tail, k) => {
      const w = this.weights[k];
      const x = new Float64Array(D);
      x.set(Array.from({ length: d }, (_, j) => q[j]));
      x[d] = tail;
      const p = this.post.predictWithGrad(x);
      const F = p.mean.length;
      mean ??= new Float64Array(F);
      dMean ??= new Float64Array(F * d);
      for (let f = 0; f < F; f++) {
        mean[f] += w * p.mean[f];
        // the resource coordinate is fixed: drop its derivative
        for (let j = 0; j < d; j++) dMean[f * d + j] += w * p.dMean[f * D + j];
      }
      variance += w * w * p.variance;
      if (!p.floored) {
        floored = false;
        for (let j = 0; j < d; j++) dVariance[j] += w * w * p.dVariance[j];
      }
    });
    return { mean: mean!, variance, dMean: dMean!, dVariance, floored };
  }

  /** Not needed: fantasies are drawn from the joint posterior at (config, resource) inputs. */
  covariance(): Float64Array {
    throw new Error("EnsemblePosterior.covariance: sample fantasies from the joint posterior");
  }
}
