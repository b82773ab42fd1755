// The GP negative log marginal likelihood and its gradient (algorithms §6.6), with the kernel
// matrix, Cholesky, solves, inverse and gradient reduction all in Wasm:
//   NLL = ½[‖L⁻¹(ỹ − μ)‖² + n ln 2π + 2 Σ ln L_ii] + Σ priors,   L Lᵀ = K + (σ² + jitter) I
//   ∂NLL/∂p = ½ tr[(K+σ²I)⁻¹ − ααᵀ) ∂K/∂p] − αᵀ ∂m/∂p,   α = (K + σ²I)⁻¹(ỹ − μ)
// Parameter layout: [σ², c, θ_1..θ_d, μ] (external values), then [a, b] when a column is warped.
import { NumericalError } from "../errors.js";
import type { Arena } from "../wasm/arena.js";
import type { WasmExports } from "../wasm/module.js";
import type { ParamSpec } from "./params.js";
import { gpWasm } from "./wasm.js";
import { warp, warpGrad } from "./warp.js";

export interface GPData {
  /** Encoded inputs, row-major n×d. */
  X: Float64Array;
  /** Normalized targets. */
  y: Float64Array;
  n: number;
  d: number;
}

const LN2PI = Math.log(2 * Math.PI);

/**
 * Factors K(X,X) + (σ² + jitter)I at `kp` (n×n, in place), escalating the jitter on failure
 * (algorithms §6.6). Returns the jitter used; throws NumericalError past the limit.
 */
export function factorWithJitter(
  ex: WasmExports,
  ar: Arena,
  xp: number,
  n: number,
  d: number,
  tp: number,
  c: number,
  noise: number,
  kp: number,
): number {
  const scratch = ar.alloc(n * d + n);
  let jitter = 0;
  const limit = 1e3 * Math.max(1, c);
  for (;;) {
    ex.maternLower(xp, n, d, tp, c, noise + jitter, kp, scratch); // the factorization reads only the lower triangle
    if (ex.cholesky(kp, n) === 0) return jitter;
    jitter = jitter === 0 ? 1e-9 * Math.max(1, c) : jitter * 10;
    if (jitter > limit)
      throw new NumericalError(`The kernel matrix is not positive definite even with jitter ${limit}`);
  }
}

/** Inputs with column `dim` warped by (a, b), and ∂/∂(a, b) of that column (n×2). */
export function warpColumn(
  X: Float64Array,
  n: number,
  d: number,
  dim: number,
  a: number,
  b: number,
): { X: Float64Array; dx: Float64Array } {
  const out = X.slice();
  const dx = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const u = X[i * d + dim];
    out[i * d + dim] = warp(u, a, b);
    [dx[2 * i], dx[2 * i + 1]] = warpGrad(u, a, b);
  }
  return { X: out, dx };
}

/**
 * NLL and its gradient with respect to the internal parameters (ln for log-scale ones).
 * With `warpDim`, column warpDim of data.X is the raw resource, warped by ext[d + 3], ext[d + 4].
 */
export function nllAndGrad(
  data: GPData,
  specs: ParamSpec[],
  ext: Float64Array,
  gradInternal?: Float64Array,
  warpDim?: number,
): number {
  const { ex, ar } = gpWasm();
  const { n, d } = data;
  const mark = ar.mark();
  try {
    const noise = ext[0],
      c = ext[1],
      mu = ext[d + 2];
    const warped = warpDim === undefined ? null : warpColumn(data.X, n, d, warpDim, ext[d + 3], ext[d + 4]);
    const xp = ar.put(warped ? warped.X : data.X);
    const tp = ar.put(ext.subarray(2, 2 + d));
    const kp = ar.alloc(n * n);
    factorWithJitter(ex, ar, xp, n, d, tp, c, noise, kp);
    const ap = ar.alloc(n);
    const a = ar.view(ap, n);
    for (let i = 0; i < n; i++) a[i] = data.y[i] - mu;
    ex.solveLower(kp, n, ap);
    const quad = ex.dotProduct(ap, ap, n);
    const logDet = ex.logDetFromCholesky(kp, n);
    let nll = 0.5 * (quad + n * LN2PI + logDet);
    for (let i = 0; i < specs.length; i++) if (specs[i].prior) nll += specs[i].prior!(ext[i])[0];
    if (!gradInternal) return nll;

    ex.solveLowerT(kp, n, ap); // α
    const wp = ar.alloc(n * n);
    const work = ar.alloc(n * n + 16 * n);
    ex.inverseFromCholesky(kp, n, wp, work, 0); // lower triangle: all the reduction reads
    ex.symRank1(wp, n, ap, 1); // W = K⁻¹ − ααᵀ
    const out = ar.alloc(d + 1);
    ex.maternGradReduce(xp, n, d, tp, c, wp, out, ar.alloc(n * d + n + d));
    const g = ar.view(out, d + 1);
    const W = ar.view(wp, n * n);
    let trW = 0;
    for (let i = 0; i < n; i++) trW += W[i * n + i];
    const alpha = ar.view(ap, n);
    let sumAlpha = 0;
    for (let i = 0; i < n; i++) sumAlpha += alpha[i];
    const gradExt = new Float64Array(specs.length);
    gradExt[0] = 0.5 * trW;
    gradExt[1] = g[d];
    for (let k = 0; k < d; k++) gradExt[2 + k] = g[k];
    gradExt[d + 2] = -sumAlpha;
    if (warped) {
      const dxp = ar.put(warped.dx);
      const o2 = ar.alloc(2);
      ex.maternGradInputDim(xp, n, d, tp, c, wp, warpDim!, dxp, o2);
      const gw = ar.view(o2, 2);
      gradExt[d + 3] = gw[0];
      gradExt[d + 4] = gw[1];
    }
    for (let i = 0; i < specs.length; i++) {
      if (specs[i].prior) gradExt[i] += specs[i].prior!(ext[i])[1];
      gradInternal[i] = specs[i].log ? gradExt[i] * ext[i] : gradExt[i];
    }
    return nll;
  } finally {
    ar.release(mark);
  }
}
