// MOBSTER's exponential-decay resource kernels (algorithms §6.4) in the GP: specs, NLL + gradient,
// and a posterior. Inputs are rows [config encoding (d), resource encoding]; k_x is Matérn-5/2
// ARD over the d config columns. External parameter layout:
//   [σ², c, θ_1..θ_d, μ, α, μ_λ, γ, δ]   (δ fixed at 0 for 'exp-decay-sum', 1 for '-delta1')
// γ's bound: the reference bounds γ in raw criterion units (M = map_reward(min_reward) = 1)
// while the GP sees normalized targets. Here the bound is converted to normalized units,
// M = max(1, (1 − mean(y)) / std(y)): γ is the value the curve decays from at r → 0, the
// criterion of an untrained model, and 1 − reward = 1 is the worst criterion.
import type { Arena } from "../wasm/arena.js";
import type { WasmExports } from "../wasm/module.js";
import { NumericalError } from "../errors.js";
import type { GPData } from "./likelihood.js";
import { gpWasm } from "./wasm.js";
import { type ParamSpec, maternParamSpecs } from "./params.js";
import { type PosteriorLike, type Prediction, posteriorCovariance } from "./posterior.js";

export const EXP_DECAY_KERNELS = ["exp-decay-sum", "exp-decay-combined", "exp-decay-delta1"] as const;
export type ExpDecayKernel = (typeof EXP_DECAY_KERNELS)[number];

const LN2PI = Math.log(2 * Math.PI);

export function expDecaySpecs(d: number, kernel: ExpDecayKernel, M: number): ParamSpec[] {
  const nudge = (s: ParamSpec): ParamSpec => ({
    ...s,
    init: Math.min(0.999 * s.upper, Math.max(1.001 * s.lower, s.init)),
  });
  const delta: ParamSpec =
    kernel === "exp-decay-combined"
      ? { name: "delta", init: 0.5, lower: 0, upper: 1, log: false }
      : {
          name: "delta",
          init: kernel === "exp-decay-sum" ? 0 : 1,
          lower: kernel === "exp-decay-sum" ? 0 : 1,
          upper: kernel === "exp-decay-sum" ? 0 : 1,
          log: false,
        };
  return [
    ...maternParamSpecs(d),
    nudge({ name: "alpha", init: 1, lower: 1e-6, upper: 250, log: true }),
    nudge({ name: "mean_lam", init: 0.5, lower: 1e-4, upper: 50, log: true }),
    nudge({ name: "gamma", init: 0.5 * M, lower: 1e-4 * M, upper: M, log: true }),
    delta,
  ];
}

interface Parts {
  c: number;
  mu: number;
  alpha: number;
  muL: number;
  gamma: number;
  delta: number;
  g: number;
}
const parts = (ext: ArrayLike<number>, d: number): Parts => {
  const mu = ext[d + 2],
    gamma = ext[d + 5],
    delta = ext[d + 6];
  return { c: ext[1], mu, alpha: ext[d + 3], muL: ext[d + 4], gamma, delta, g: gamma - delta * mu };
};

/** Splits rows [config, r] into config rows (n×d) and resources (n). */
function split(X: ArrayLike<number>, n: number, D: number): { Xc: Float64Array; r: Float64Array } {
  const d = D - 1;
  const Xc = new Float64Array(n * d),
    r = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) Xc[i * d + k] = X[i * D + k];
    r[i] = X[i * D + d];
  }
  return { Xc, r };
}

function factor(
  ex: WasmExports,
  ar: Arena,
  xp: number,
  rp: number,
  n: number,
  d: number,
  tp: number,
  p: Parts,
  noise: number,
  kp: number,
  kxp: number,
): number {
  ex.maternSymmetric(xp, n, d, tp, p.c, 0, kxp, ar.alloc(n * d + n));
  const limit = 1e3 * Math.max(1, p.c);
  for (let jitter = 0; ; jitter = jitter === 0 ? 1e-9 * Math.max(1, p.c) : jitter * 10) {
    if (jitter > limit)
      throw new NumericalError(`The kernel matrix is not positive definite even with jitter ${limit}`);
    new Uint8Array(ex.memory.buffer).copyWithin(kp, kxp, kxp + n * n * 8);
    ex.expDecayApply(kp, n, n, rp, rp, p.alpha, p.muL, p.delta, p.g * p.g, 1, noise + jitter);
    if (ex.cholesky(kp, n) === 0) return jitter;
  }
}

/** NLL (+ priors) and its gradient in the internal parametrization. data.X has d + 1 columns. */
export function expDecayNllAndGrad(
  data: GPData,
  specs: ParamSpec[],
  ext: Float64Array,
  gradInternal?: Float64Array,
): number {
  const { ex, ar } = gpWasm();
  const n = data.n,
    d = data.d - 1;
  const mark = ar.mark();
  try {
    const p = parts(ext, d);
    const { Xc, r } = split(data.X, n, data.d);
    const xp = ar.put(Xc),
      rp = ar.put(r),
      tp = ar.put(Array.from({ length: d }, (_, k) => ext[2 + k]));
    const kp = ar.alloc(n * n),
      kxp = ar.alloc(n * n);
    factor(ex, ar, xp, rp, n, d, tp, p, ext[0], kp, kxp);
    const kap = ar.alloc(3 * n);
    ex.expDecayKappa(rp, n, p.alpha, p.muL, kap);
    const kappa = ar.take(kap, 3 * n);
    const ap = ar.alloc(n);
    const a = ar.view(ap, n);
    for (let i = 0; i < n; i++) a[i] = data.y[i] - (p.mu + p.g * kappa[3 * i]);
    ex.solveLower(kp, n, ap);
    let nll = 0.5 * (ex.dotProduct(ap, ap, n) + n * LN2PI + ex.logDetFromCholesky(kp, n));
    for (let i = 0; i < specs.length; i++) if (specs[i].prior) nll += specs[i].prior!(ext[i])[0];
    if (!gradInternal) return nll;

    ex.solveLowerT(kp, n, ap);
    const alpha = ar.take(ap, n);
    const wp = ar.alloc(n * n);
    ex.inverseFromCholesky(kp, n, wp, ar.alloc(n * n + 16 * n), 0);
    ex.symRank1(wp, n, ap, 1);
    const W = ar.view(wp, n * n);
    let trW = 0;
    for (let i = 0; i < n; i++) trW += W[i * n + i];
    const sums = ar.alloc(4);
    ex.expDecayGrad(kxp, wp, n, rp, p.alpha, p.muL, p.delta, p.g * p.g, sums); // W ← W ⊙ A
    const [sa, sm, sd, sb] = ar.take(sums, 4);
    const out = ar.alloc(d + 1);
    ex.maternGradReduce(xp, n, d, tp, p.c, wp, out, ar.alloc(n * d + n + d));
    const gk = ar.take(out, d + 1);
    // −αᵀ ∂m/∂p for m_i = μ + g κ_i, g = γ − δμ
    let sA = 0,
      sK = 0,
      sKa = 0,
      sKm = 0;
    for (let i = 0; i < n; i++) {
      sA += alpha[i];
      sK += alpha[i] * kappa[3 * i];
      sKa += alpha[i] * kappa[3 * i + 1];
      sKm += alpha[i] * kappa[3 * i + 2];
    }
    const g = new Float64Array(specs.length);
    g[0] = 0.5 * trW;
    g[1] = gk[d];
    for (let k = 0; k < d; k++) g[2 + k] = gk[k];
    g[d + 2] = -2 * p.g * p.delta * sb - (sA - p.delta * sK);
    g[d + 3] = sa - p.g * sKa;
    g[d + 4] = sm - p.g * sKm;
    g[d + 5] = 2 * p.g * sb - sK;
    g[d + 6] = sd - 2 * p.g * p.mu * sb + p.mu * sK;
    for (let i = 0; i < specs.length; i++) {
      if (specs[i].prior) g[i] += specs[i].prior!(ext[i])[1];
      gradInternal[i] = specs[i].log ? g[i] * ext[i] : g[i];
    }
    return nll;
  } finally {
    ar.release(mark);
  }
}

/** The posterior of algorithms §6.3 steps 3–5 under an exp-decay kernel (same interface as Posterior). */
export class ExpDecayPosterior implements PosteriorLike {
  private readonly d: number;
  private readonly p: Parts;
  private readonly xp: number;
  private readonly rp: number;
  private readonly tp: number;
  private readonly lp: number;
  private readonly ap: number;

  private readonly ex: WasmExports;
  private readonly ar: Arena;

  constructor(
    X: Float64Array,
    Y: Float64Array,
    private readonly n: number,
    D: number,
    private readonly F: number,
    ext: ArrayLike<number>,
  ) {
    const { ex, ar } = gpWasm();
    this.ex = ex;
    this.ar = ar;
    const d = (this.d = D - 1);
    this.p = parts(ext, d);
    const { Xc, r } = split(X, n, D);
    this.xp = ar.put(Xc);
    this.rp = ar.put(r);
    this.tp = ar.put(Array.from({ length: d }, (_, k) => ext[2 + k]));
    this.lp = ar.alloc(n * n);
    factor(ex, ar, this.xp, this.rp, n, d, this.tp, this.p, ext[0], this.lp, ar.alloc(n * n));
    this.ap = ar.alloc(n * F);
    const a = ar.view(this.ap, n * F);
    for (let i = 0; i < n; i++) for (let f = 0; f < F; f++) a[i * F + f] = Y[i * F + f] - this.meanAt(r[i]);
    ex.solveLowerMany(this.lp, n, this.ap, F);
    ex.solveLowerTMany(this.lp, n, this.ap, F);
  }

  private kappa(r: number): number {
    const beta = this.p.alpha / this.p.muL;
    return (beta / (r + beta)) ** this.p.alpha;
  }

  private meanAt(r: number): number {
    return this.p.mu + this.p.g * this.kappa(r);
  }

  private priorVar(r: number): number {
    const { c, delta, g } = this.p;
    const k = this.kappa(r),
      k2 = this.kappa(2 * r);
    return c * (1 - delta * (2 * k - delta * k2)) + g * g * (k2 - k * k);
  }

  /** K(X, Q) (n×m) at `out`. */
  private cross(qc: Float64Array, rq: Float64Array, m: number, out: number): void {
    const { ex, ar, n, d, p } = this;
    const qp = ar.put(qc),
      rqp = ar.put(rq);
    ex.maternCross(this.xp, n, qp, m, d, this.tp, p.c, out, ar.alloc((n + m) * d));
    ex.expDecayApply(out, n, m, this.rp, rqp, p.alpha, p.muL, p.delta, p.g * p.g, 0, 0);
  }

  predict(Q: Float64Array, m: number): Prediction {
    const { ex, ar, n, F } = this;
    const mark = ar.mark();
    try {
      const { Xc: qc, r: rq } = split(Q, m, this.d + 1);
      const kp = ar.alloc(n * m);
      this.cross(qc, rq, m, kp);
      const mp = ar.alloc(m * F);
      ex.gemmTN(kp, this.ap, mp, n, m, F);
      const mean = ar.take(mp, m * F);
      for (let j = 0; j < m; j++) for (let f = 0; f < F; f++) mean[j * F + f] += this.meanAt(rq[j]);
      ex.solveLowerMany(this.lp, n, kp, m);
      const vp = ar.alloc(m);
      ex.colSumSquares(kp, n, m, vp);
      const variance = ar.take(vp, m);
      for (let j = 0; j < m; j++) variance[j] = Math.max(this.priorVar(rq[j]) - variance[j], 1e-12);
      return { mean, variance };
    } finally {
      ar.release(mark);
    }
  }

  /** Gradients are with respect to the config coordinates; the resource's entry is 0 (it is held fixed). */
  predictWithGrad(q: ArrayLike<number>) {
    const { ex, ar, n, d, F, p } = this;
    const D = d + 1;
    const mark = ar.mark();
    try {
      const rq = q[d];
      const qp = ar.put(Array.prototype.slice.call(q, 0, d) as number[]);
      const kp = ar.alloc(n),
        gp = ar.alloc(n * d);
      ex.maternCrossGrad(qp, this.xp, n, d, this.tp, p.c, kp, gp);
      // A_i (to scale ∂k_x/∂q) from a row of ones with g² = 0; then k_i = k_x,i A_i + g² B_i
      const onesP = ar.put(new Float64Array(n).fill(1));
      const rqp = ar.put([rq]);
      ex.expDecayApply(onesP, 1, n, rqp, this.rp, p.alpha, p.muL, p.delta, 0, 0, 0);
      const A = ar.take(onesP, n);
      ex.expDecayApply(kp, 1, n, rqp, this.rp, p.alpha, p.muL, p.delta, p.g * p.g, 0, 0);
      const G = ar.view(gp, n * d);
      for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) G[i * d + k] *= A[i];
      const mp = ar.alloc(F);
      ex.gemmTN(kp, this.ap, mp, n, 1, F);
      const mean = ar.take(mp, F);
      for (let f = 0; f < F; f++) mean[f] += this.meanAt(rq);
      const dmp = ar.alloc(d * F);
      ex.gemmTN(gp, this.ap, dmp, n, d, F);
      const dmT = ar.view(dmp, d * F);
      const dMean = new Float64Array(F * D);
      for (let k = 0; k < d; k++) for (let f = 0; f < F; f++) dMean[f * D + k] = dmT[k * F + f];
      const wp = ar.copy(kp, n);
      ex.solveLower(this.lp, n, wp);
      const raw = this.priorVar(rq) - ex.dotProduct(wp, wp, n);
      ex.solveLowerT(this.lp, n, wp);
      const dvp = ar.alloc(d);
      ex.gemmTN(gp, wp, dvp, n, d, 1);
      const dv = ar.take(dvp, d);
      const dVariance = new Float64Array(D);
      const floored = raw <= 1e-12;
      if (!floored) for (let k = 0; k < d; k++) dVariance[k] = -2 * dv[k];
      return { mean, variance: Math.max(raw, 1e-12), dMean, dVariance, floored };
    } finally {
      ar.release(mark);
    }
  }

  covariance(Q: Float64Array, P: number): Float64Array {
    const { ex, ar, n, d, p } = this;
    const mark = ar.mark();
    try {
      const { Xc: qc, r: rq } = split(Q, P, d + 1);
      const qp = ar.put(qc),
        rqp = ar.put(rq);
      const kq = ar.alloc(P * P);
      ex.maternSymmetric(qp, P, d, this.tp, p.c, 0, kq, ar.alloc(P * d + P));
      ex.expDecayApply(kq, P, P, rqp, rqp, p.alpha, p.muL, p.delta, p.g * p.g, 1, 0);
      const kp = ar.alloc(n * P);
      this.cross(qc, rq, P, kp);
      return posteriorCovariance(ex, ar, this.lp, n, kq, kp, P);
    } finally {
      ar.release(mark);
    }
  }
}
