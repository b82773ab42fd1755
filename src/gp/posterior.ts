// The GP posterior for fixed hyperparameters (algorithms §6.3 steps 3–5, §6.6): factor once, then
// predict means (one column per fantasy sample) and a shared variance at many points, and the
// gradient of both at one point for the acquisition's local search. Everything stays in the
// arena of the current top-level call (the searcher's getConfig), which nothing else resets
// while it runs, since getConfig is synchronous.
import type { Arena } from "../wasm/arena.js";
import type { WasmExports } from "../wasm/module.js";
import { factorWithJitter } from "./likelihood.js";
import { gpWasm } from "./wasm.js";

export interface Prediction {
  /** m×F latent means (normalized units). */
  mean: Float64Array;
  /** m latent variances, floored at 1e-12. */
  variance: Float64Array;
}

/** What the acquisition needs from a posterior, whatever the kernel. */
export interface PosteriorLike {
  /** `meanOnly`: the variance is not needed (left empty), which saves the O(n²m) solve. */
  predict(Q: Float64Array, m: number, meanOnly?: boolean): Prediction;
  predictWithGrad(q: ArrayLike<number>): {
    mean: Float64Array;
    variance: number;
    dMean: Float64Array;
    dVariance: Float64Array;
    floored: boolean;
  };
  covariance(Q: Float64Array, P: number): Float64Array;
}

/**
 * Posterior covariance at P points from the prior K(Q,Q) (at kq, P×P) and K(X,Q) (at kp, n×P,
 * overwritten): K(Q,Q) − (L⁻¹K(X,Q))ᵀ(L⁻¹K(X,Q)). Shared by every kernel's posterior.
 */
export function posteriorCovariance(
  ex: WasmExports,
  ar: Arena,
  lp: number,
  n: number,
  kq: number,
  kp: number,
  P: number,
): Float64Array {
  ex.solveLowerMany(lp, n, kp, P);
  const vv = ar.alloc(P * P);
  ex.gemmTN(kp, kp, vv, n, P, P);
  const cov = ar.take(kq, P * P);
  const sub = ar.view(vv, P * P);
  for (let i = 0; i < P * P; i++) cov[i] -= sub[i];
  return cov;
}

export class Posterior implements PosteriorLike {
  readonly n: number;
  readonly d: number;
  /** Columns of the target matrix (1, or the number of fantasy samples). */
  readonly F: number;
  readonly jitter: number;
  private readonly xp: number;
  private readonly tp: number;
  private readonly lp: number;
  /** α = (K + σ²I)⁻¹(Y − μ), n×F */
  private readonly ap: number;
  readonly c: number;
  readonly mu: number;
  private readonly noise: number;
  private readonly ext: ArrayLike<number>;

  /** ext = [σ², c, θ_1..θ_d, μ]; Y is n×F row-major. `factor`: X and L already in the arena. */
  private readonly ex: WasmExports;
  private readonly ar: Arena;

  constructor(
    X: Float64Array | null,
    Y: Float64Array,
    n: number,
    d: number,
    F: number,
    ext: ArrayLike<number>,
    factor?: { xp: number; lp: number; jitter: number },
  ) {
    const { ex, ar } = gpWasm();
    this.ex = ex;
    this.ar = ar;
    this.n = n;
    this.d = d;
    this.F = F;
    this.ext = ext;
    this.noise = ext[0];
    this.c = ext[1];
    this.mu = ext[d + 2];
    this.tp = ar.put(Array.from({ length: d }, (_, k) => ext[2 + k]));
    if (factor) {
      ({ xp: this.xp, lp: this.lp, jitter: this.jitter } = factor);
    } else {
      this.xp = ar.put(X!);
      this.lp = ar.alloc(n * n);
      this.jitter = factorWithJitter(ex, ar, this.xp, n, d, this.tp, this.c, ext[0], this.lp);
    }
    this.ap = ar.alloc(n * F);
    const a = ar.view(this.ap, n * F);
    for (let i = 0; i < n * F; i++) a[i] = Y[i] - this.mu;
    ex.solveLowerMany(this.lp, n, this.ap, F);
    ex.solveLowerTMany(this.lp, n, this.ap, F);
  }

  /** α's first column, (K + σ²I)⁻¹(y − μ), copied out of the arena (for a MeanModel). */
  alpha(): Float64Array {
    const a = this.ar.view(this.ap, this.n * this.F);
    return Float64Array.from({ length: this.n }, (_, i) => a[i * this.F]);
  }

  /** Means and variances at m points Q (m×d). */
  predict(Q: Float64Array, m: number, meanOnly = false): Prediction {
    const { ex, ar, n, d, F } = this;
    const mark = ar.mark();
    try {
      const qp = ar.put(Q);
      const kp = ar.alloc(n * m); // K(X, Q): n×m, so that L⁻¹K needs no transpose
      ex.maternCross(this.xp, n, qp, m, d, this.tp, this.c, kp, ar.alloc((n + m) * d));
      const mp = ar.alloc(m * F);
      ex.gemmTN(kp, this.ap, mp, n, m, F);
      const mean = ar.take(mp, m * F);
      for (let i = 0; i < m * F; i++) mean[i] += this.mu;
      if (meanOnly) return { mean, variance: new Float64Array(0) };
      ex.solveLowerMany(this.lp, n, kp, m);
      const vp = ar.alloc(m);
      ex.colSumSquares(kp, n, m, vp);
      const variance = ar.take(vp, m);
      for (let j = 0; j < m; j++) variance[j] = Math.max(this.c - variance[j], 1e-12);
      return { mean, variance };
    } finally {
      ar.release(mark);
    }
  }

  /** Mean (F), variance, and their gradients (F×d, d) at one point q. */
  predictWithGrad(q: ArrayLike<number>): {
    mean: Float64Array;
    variance: number;
    dMean: Float64Array;
    dVariance: Float64Array;
    floored: boolean;
  } {
    const { ex, ar, n, d, F } = this;
    const mark = ar.mark();
    try {
      const qp = ar.put(q);
      const kp = ar.alloc(n);
      const gp = ar.alloc(n * d);
      ex.maternCrossGrad(qp, this.xp, n, d, this.tp, this.c, kp, gp);
      // mean_f = μ + kᵀ α_f ;  ∂mean_f/∂q = Gᵀ α_f
      const mp = ar.alloc(F);
      ex.gemmTN(kp, this.ap, mp, n, 1, F);
      const mean = ar.take(mp, F);
      for (let f = 0; f < F; f++) mean[f] += this.mu;
      const dmp = ar.alloc(d * F);
      ex.gemmTN(gp, this.ap, dmp, n, d, F); // d×F
      const dmT = ar.view(dmp, d * F);
      const dMean = new Float64Array(F * d);
      for (let k = 0; k < d; k++) for (let f = 0; f < F; f++) dMean[f * d + k] = dmT[k * F + f];
      // var = c − kᵀ K⁻¹ k ;  ∂var/∂q = −2 Gᵀ K⁻¹ k
      const wp = ar.copy(kp, n);
      ex.solveLower(this.lp, n, wp);
      const raw = this.c - ex.dotProduct(wp, wp, n);
      ex.solveLowerT(this.lp, n, wp);
      const dvp = ar.alloc(d);
      ex.gemmTN(gp, wp, dvp, n, d, 1);
      const dVariance = ar.take(dvp, d);
      for (let k = 0; k < d; k++) dVariance[k] *= -2;
      const floored = raw <= 1e-12;
      if (floored) dVariance.fill(0);
      return { mean, variance: Math.max(raw, 1e-12), dMean, dVariance, floored };
    } finally {
      ar.release(mark);
    }
  }

  /**
   * The posterior given k more rows Xk (k×d), with targets Y for all n + k rows (×F columns):
   * the factor grows by k rows in O(n²k) instead of a new O((n + k)³) factorization,
   *   L21 = K(Xk, X) L⁻ᵀ,   L22 = chol(K(Xk, Xk) + (σ² + jitter) I − L21 L21ᵀ),
   * which is the factor of the whole kernel matrix (algorithms §6.11). Null when the new block
   * will not factor at this jitter (the caller then factors the whole matrix).
   */
  extend(Xk: Float64Array, k: number, Y: Float64Array, F: number): Posterior | null {
    const { ex, ar, n, d } = this;
    const N = n + k;
    const xkp = ar.put(Xk);
    const w = ar.alloc(n * k); // K(X, Xk), then L⁻¹ K(X, Xk) = L21ᵀ
    ex.maternCross(this.xp, n, xkp, k, d, this.tp, this.c, w, ar.alloc((n + k) * d));
    ex.solveLowerMany(this.lp, n, w, k);
    const s = ar.alloc(k * k);
    ex.maternSymmetric(xkp, k, d, this.tp, this.c, this.noise + this.jitter, s, ar.alloc(k * d + k));
    const wtw = ar.alloc(k * k);
    ex.gemmTN(w, w, wtw, n, k, k);
    const sv = ar.view(s, k * k);
    const wv = ar.view(wtw, k * k);
    for (let i = 0; i < k * k; i++) sv[i] -= wv[i];
    if (ex.cholesky(s, k) !== 0) return null;
    const lp = ar.alloc(N * N);
    const L = ar.view(lp, N * N).fill(0); // the arena reuses memory: the upper triangle must be zero
    const old = ar.view(this.lp, n * n);
    for (let i = 0; i < n; i++) L.set(old.subarray(i * n, i * n + i + 1), i * N);
    const W = ar.view(w, n * k);
    const S = ar.view(s, k * k);
    for (let j = 0; j < k; j++) {
      const row = (n + j) * N;
      for (let i = 0; i < n; i++) L[row + i] = W[i * k + j];
      for (let m = 0; m <= j; m++) L[row + n + m] = S[j * k + m];
    }
    const xp = ar.alloc(N * d);
    new Uint8Array(ex.memory.buffer).copyWithin(xp, this.xp, this.xp + n * d * 8);
    ar.view(xp + n * d * 8, k * d).set(ar.view(xkp, k * d));
    return new Posterior(null, Y, N, d, F, this.ext, { xp, lp, jitter: this.jitter });
  }

  /** Joint posterior covariance at P points (P×P), for fantasy sampling. */
  covariance(Q: Float64Array, P: number): Float64Array {
    const { ex, ar, n, d } = this;
    const mark = ar.mark();
    try {
      const qp = ar.put(Q);
      const kq = ar.alloc(P * P);
      ex.maternSymmetric(qp, P, d, this.tp, this.c, 0, kq, ar.alloc(P * d + P));
      const kp = ar.alloc(n * P);
      ex.maternCross(this.xp, n, qp, P, d, this.tp, this.c, kp, ar.alloc((n + P) * d));
      return posteriorCovariance(ex, ar, this.lp, n, kq, kp, P);
    } finally {
      ar.release(mark);
    }
  }
}
