// Matérn-5/2 ARD kernel, algorithms §6.6:
//   D = Σ_k (θ_k (x_k − x'_k))²,  B = sqrt(5D + 1e-9),  k = c·(1 + B + 5D/3)·e^{−B}
//   dk/dD = −(5/6)·c·e^{−B}·(1 + 5D/B)
// Notation: x (n×d) and xs (m×d) are row-major inputs, theta (d) inverse bandwidths,
// c the covariance scale. Inputs are scaled by θ once (into scratch), so a squared distance is
// a plain sum of squared differences. The exponentials of one row are evaluated two at a
// time with the SIMD exp, which is what makes a 2000×2000 kernel cost milliseconds.
import { doubles, expect } from "./check";
import { vexp } from "./simd";

const EPS: f64 = 1e-9;

@inline function rowOf(p: usize, i: i32, d: i32): usize {
  return p + ((<usize>i * <usize>d) << 3);
}

function scaleInputs(x: usize, n: i32, d: i32, theta: usize, out: usize): void {
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) {
      const o = (<usize>(i * d + k)) << 3;
      store<f64>(out + o, load<f64>(x + o) * load<f64>(theta + (<usize>k << 3)));
    }
  }
}

@inline function sqdist(a: usize, b: usize, d: i32): f64 {
  let acc = f64x2.splat(0.0);
  let k = 0;
  for (; k + 2 <= d; k += 2) {
    const o = <usize>k << 3;
    const t = f64x2.sub(v128.load(a + o), v128.load(b + o));
    acc = f64x2.add(acc, f64x2.mul(t, t));
  }
  let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  if (k < d) {
    const t = load<f64>(a + (<usize>k << 3)) - load<f64>(b + (<usize>k << 3));
    s += t * t;
  }
  return s;
}

// Squared distances from a to b0 and to b1, as the two lanes of one vector.
@inline function sqdist2(a: usize, b0: usize, b1: usize, d: i32): v128 {
  let acc0 = f64x2.splat(0.0);
  let acc1 = f64x2.splat(0.0);
  let k = 0;
  for (; k + 2 <= d; k += 2) {
    const o = <usize>k << 3;
    const x = v128.load(a + o);
    const t0 = f64x2.sub(x, v128.load(b0 + o));
    const t1 = f64x2.sub(x, v128.load(b1 + o));
    acc0 = f64x2.add(acc0, f64x2.mul(t0, t0));
    acc1 = f64x2.add(acc1, f64x2.mul(t1, t1));
  }
  let r = f64x2.add(v128.shuffle<f64>(acc0, acc1, 0, 2), v128.shuffle<f64>(acc0, acc1, 1, 3));
  if (k < d) {
    const o = <usize>k << 3;
    const x = load<f64>(a + o);
    const t0 = x - load<f64>(b0 + o);
    const t1 = x - load<f64>(b1 + o);
    r = f64x2.add(r, f64x2.replace_lane(f64x2.splat(t0 * t0), 1, t1 * t1));
  }
  return r;
}

// Matérn values for a vector of two squared distances.
@inline function kernel2(dd: v128, c: f64): v128 {
  const b = f64x2.sqrt(f64x2.add(f64x2.mul(f64x2.splat(5.0), dd), f64x2.splat(EPS)));
  const e = vexp(f64x2.neg(b));
  const poly = f64x2.add(f64x2.add(f64x2.splat(1.0), b), f64x2.mul(f64x2.splat(5.0 / 3.0), dd));
  return f64x2.mul(f64x2.splat(c), f64x2.mul(poly, e));
}

@inline function kernel1(dd: f64, c: f64): f64 {
  const b = Math.sqrt(5.0 * dd + EPS);
  return c * (1.0 + b + (5.0 / 3.0) * dd) * Math.exp(-b);
}

// out[j] = k(a, x_j) for j in [0, len): pairs of rows share one pass over a.
function kernelRowTo(a: usize, xs: usize, len: i32, d: i32, c: f64, out: usize): void {
  let j = 0;
  for (; j + 2 <= len; j += 2) {
    v128.store(out + (<usize>j << 3), kernel2(sqdist2(a, rowOf(xs, j, d), rowOf(xs, j + 1, d), d), c));
  }
  if (j < len) store<f64>(out + (<usize>j << 3), kernel1(sqdist(a, rowOf(xs, j, d), d), c));
}

/**
 * out (n×n) ← K(X, X) + diag·I. scratch: n·d doubles.
 */
export function maternSymmetric(
  x: usize, n: i32, d: i32, theta: usize, c: f64, diag: f64, out: usize, scratch: usize,
): void {
  if (!ASC_NO_ASSERT) {
    expect(n >= 0 && d >= 1, "maternSymmetric: n must be >= 0 and d >= 1");
    doubles(x, <i64>n * <i64>d, "maternSymmetric: x must hold n·d doubles inside the arena");
    doubles(theta, d, "maternSymmetric: theta must hold d doubles inside the arena");
    doubles(out, <i64>n * <i64>n, "maternSymmetric: out must hold n·n doubles inside the arena");
    doubles(scratch, <i64>n * <i64>d, "maternSymmetric: scratch must hold n·d doubles inside the arena");
  }
  maternLower(x, n, d, theta, c, diag, out, scratch);
  mirrorLower(out, n);
}

/**
 * The lower triangle and diagonal of maternSymmetric's result; the upper triangle is left as it
 * was. Enough for the Cholesky factorization, which reads nothing else (the mirror's strided
 * copy is about 15 % of the kernel's time at n = 1000).
 */
export function maternLower(
  x: usize, n: i32, d: i32, theta: usize, c: f64, diag: f64, out: usize, scratch: usize,
): void {
  if (!ASC_NO_ASSERT) {
    expect(n >= 0 && d >= 1, "maternLower: n must be >= 0 and d >= 1");
    doubles(x, <i64>n * <i64>d, "maternLower: x must hold n·d doubles inside the arena");
    doubles(theta, d, "maternLower: theta must hold d doubles inside the arena");
    doubles(out, <i64>n * <i64>n, "maternLower: out must hold n·n doubles inside the arena");
    doubles(scratch, <i64>n * <i64>d, "maternLower: scratch must hold n·d doubles inside the arena");
  }
  const xs = scratch;
  scaleInputs(x, n, d, theta, xs);
  for (let i = 0; i < n; i++) {
    const oi = out + ((<usize>i * <usize>n) << 3);
    kernelRowTo(rowOf(xs, i, d), xs, i + 1, d, c, oi);
    store<f64>(oi + (<usize>i << 3), load<f64>(oi + (<usize>i << 3)) + diag);
  }
}

// Copies the lower triangle onto the upper one in 32×32 tiles, so the column-wise reads stay
// within a few pages instead of striding across the whole matrix.
export function mirrorLower(a: usize, n: i32): void {
  const T = 32;
  for (let ib = 0; ib < n; ib += T) {
    const iEnd = min(ib + T, n);
    for (let jb = ib; jb < n; jb += T) {
      const jEnd = min(jb + T, n);
      for (let i = ib; i < iEnd; i++) {
        for (let j = max(jb, i + 1); j < jEnd; j++) {
          store<f64>(a + ((<usize>i * <usize>n + <usize>j) << 3), load<f64>(a + ((<usize>j * <usize>n + <usize>i) << 3)));
        }
      }
    }
  }
}

/**
 * out (m×n) ← K(Xs, X). scratch: (m + n)·d doubles.
 */
export function maternCross(
  xq: usize, m: i32, x: usize, n: i32, d: i32, theta: usize, c: f64, out: usize, scratch: usize,
): void {
  if (!ASC_NO_ASSERT) {
    expect(m >= 0 && n >= 0 && d >= 1, "maternCross: m and n must be >= 0 and d >= 1");
    doubles(xq, <i64>m * <i64>d, "maternCross: xq must hold m·d doubles inside the arena");
    doubles(x, <i64>n * <i64>d, "maternCross: x must hold n·d doubles inside the arena");
    doubles(theta, d, "maternCross: theta must hold d doubles inside the arena");
    doubles(out, <i64>m * <i64>n, "maternCross: out must hold m·n doubles inside the arena");
    doubles(scratch, (<i64>m + <i64>n) * <i64>d, "maternCross: scratch must hold (m + n)·d doubles inside the arena");
  }
  const qs = scratch;
  const xs = scratch + ((<usize>m * <usize>d) << 3);
  scaleInputs(xq, m, d, theta, qs);
  scaleInputs(x, n, d, theta, xs);
  for (let i = 0; i < m; i++) kernelRowTo(rowOf(qs, i, d), xs, n, d, c, out + ((<usize>i * <usize>n) << 3));
}

/**
 * The pieces of the NLL gradient that involve the kernel (algorithms §6.6): for a symmetric W, of
 * which only the lower triangle and the diagonal are read
 * (n×n; in the GP, W = (K+σ²I)⁻¹ − ααᵀ),
 *   out[k] = ½ Σ_ij W_ij ∂K_ij/∂θ_k   (k < d),     out[d] = ½ Σ_ij W_ij ∂K_ij/∂c.
 * ∂K/∂θ_k is never materialized: each pair contributes W_ij·dk/dD·∂D/∂θ_k on the fly.
 * scratch: n·d + n + d doubles.
 */
export function maternGradReduce(
  x: usize, n: i32, d: i32, theta: usize, c: f64, w: usize, out: usize, scratch: usize,
): void {
  if (!ASC_NO_ASSERT) {
    expect(n >= 0 && d >= 1, "maternGradReduce: n must be >= 0 and d >= 1");
    doubles(x, <i64>n * <i64>d, "maternGradReduce: x must hold n·d doubles inside the arena");
    doubles(theta, d, "maternGradReduce: theta must hold d doubles inside the arena");
    doubles(w, <i64>n * <i64>n, "maternGradReduce: w must hold n·n doubles inside the arena");
    doubles(out, <i64>d + 1, "maternGradReduce: out must hold d + 1 doubles inside the arena");
    doubles(scratch, <i64>n * <i64>d + <i64>n + <i64>d, "maternGradReduce: scratch must hold n·d + n + d doubles inside the arena");
  }
  const xs = scratch;
  const wrow = xs + ((<usize>n * <usize>d) << 3);
  const acc = wrow + (<usize>n << 3);
  scaleInputs(x, n, d, theta, xs);
  memory.fill(acc, 0, <usize>d << 3);
  let gc = 0.0;
  const five = f64x2.splat(5.0), eps = f64x2.splat(EPS), one = f64x2.splat(1.0);
  const fiveThirds = f64x2.splat(5.0 / 3.0), zero = f64x2.splat(0.0);
  const gfac = f64x2.splat(-(5.0 / 6.0) * c);
  for (let i = 0; i < n; i++) {
    const xi = rowOf(xs, i, d);
    const wi = w + ((<usize>i * <usize>n) << 3);
    // Pairs j < i only: the symmetric sum counts each twice, which cancels the ½.
    for (let j = 0; j < i; j++) store<f64>(wrow + (<usize>j << 3), sqdist(xi, rowOf(xs, j, d), d));
    let j = 0;
    let gcv = f64x2.splat(0.0);
    for (; j + 2 <= i; j += 2) {
      const p = wrow + (<usize>j << 3);
      const dd = v128.load(p);
      const b = f64x2.sqrt(f64x2.add(f64x2.mul(five, dd), eps));
      const e = vexp(f64x2.sub(zero, b));
      const wij = v128.load(wi + (<usize>j << 3));
      // k/c and dk/dD
      const kOverC = f64x2.mul(f64x2.add(f64x2.add(one, b), f64x2.mul(fiveThirds, dd)), e);
      gcv = f64x2.add(gcv, f64x2.mul(wij, kOverC));
      const g = f64x2.mul(gfac, f64x2.mul(e, f64x2.add(one, f64x2.div(f64x2.mul(five, dd), b))));
      v128.store(p, f64x2.mul(wij, g));
    }
    gc += f64x2.extract_lane(gcv, 0) + f64x2.extract_lane(gcv, 1);
    if (j < i) {
      const p = wrow + (<usize>j << 3);
      const dd = load<f64>(p);
      const b = Math.sqrt(5.0 * dd + EPS);
      const e = Math.exp(-b);
      const wij = load<f64>(wi + (<usize>j << 3));
      gc += wij * (1.0 + b + (5.0 / 3.0) * dd) * e;
      store<f64>(p, wij * (-(5.0 / 6.0) * c * e * (1.0 + 5.0 * dd / b)));
    }
    // Diagonal: D = 0, so only the c-derivative, with weight ½.
    const bd = Math.sqrt(EPS);
    gc += 0.5 * load<f64>(wi + (<usize>i << 3)) * (1.0 + bd) * Math.exp(-bd);
    accumulateRow(xs, d, i, wrow, acc);
  }
  // ∂D/∂θ_k = 2 θ_k Δx_k² = 2 Δxs_k² / θ_k
  for (let k = 0; k < d; k++) {
    const o = <usize>k << 3;
    store<f64>(out + o, 2.0 * load<f64>(acc + o) / load<f64>(theta + o));
  }
  store<f64>(out + (<usize>d << 3), gc);
}

// acc[k] += Σ_{j<i} wrow[j]·(xs_ik − xs_jk)². The sums over j run in registers, 8 or 4 inputs
// at a time: accumulating in memory chained every pair through a store and a reload.
@inline function accumulateRow(xs: usize, d: i32, i: i32, wrow: usize, acc: usize): void {
  const xi = rowOf(xs, i, d);
  let k = 0;
  for (; k + 8 <= d; k += 8) {
    const o = <usize>k << 3;
    const x0 = v128.load(xi + o), x1 = v128.load(xi + o, 16), x2 = v128.load(xi + o, 32), x3 = v128.load(xi + o, 48);
    let a0 = f64x2.splat(0.0), a1 = f64x2.splat(0.0), a2 = f64x2.splat(0.0), a3 = f64x2.splat(0.0);
    for (let j = 0; j < i; j++) {
      const wg = v128.load64_splat(wrow + (<usize>j << 3));
      const xj = rowOf(xs, j, d) + o;
      const t0 = f64x2.sub(x0, v128.load(xj)), t1 = f64x2.sub(x1, v128.load(xj, 16));
      const t2 = f64x2.sub(x2, v128.load(xj, 32)), t3 = f64x2.sub(x3, v128.load(xj, 48));
      a0 = f64x2.add(a0, f64x2.mul(wg, f64x2.mul(t0, t0)));
      a1 = f64x2.add(a1, f64x2.mul(wg, f64x2.mul(t1, t1)));
      a2 = f64x2.add(a2, f64x2.mul(wg, f64x2.mul(t2, t2)));
      a3 = f64x2.add(a3, f64x2.mul(wg, f64x2.mul(t3, t3)));
    }
    v128.store(acc + o, f64x2.add(v128.load(acc + o), a0));
    v128.store(acc + o, f64x2.add(v128.load(acc + o, 16), a1), 16);
    v128.store(acc + o, f64x2.add(v128.load(acc + o, 32), a2), 32);
    v128.store(acc + o, f64x2.add(v128.load(acc + o, 48), a3), 48);
  }
  for (; k + 4 <= d; k += 4) {
    const o = <usize>k << 3;
    const x0 = v128.load(xi + o), x1 = v128.load(xi + o, 16);
    let a0 = f64x2.splat(0.0), a1 = f64x2.splat(0.0);
    for (let j = 0; j < i; j++) {
      const wg = v128.load64_splat(wrow + (<usize>j << 3));
      const xj = rowOf(xs, j, d) + o;
      const t0 = f64x2.sub(x0, v128.load(xj)), t1 = f64x2.sub(x1, v128.load(xj, 16));
      a0 = f64x2.add(a0, f64x2.mul(wg, f64x2.mul(t0, t0)));
      a1 = f64x2.add(a1, f64x2.mul(wg, f64x2.mul(t1, t1)));
    }
    v128.store(acc + o, f64x2.add(v128.load(acc + o), a0));
    v128.store(acc + o, f64x2.add(v128.load(acc + o, 16), a1), 16);
  }
  for (; k < d; k++) {
    const o = <usize>k << 3;
    const xik = load<f64>(xi + o);
    let a = 0.0;
    for (let j = 0; j < i; j++) {
      const t = xik - load<f64>(rowOf(xs, j, d) + o);
      a += load<f64>(wrow + (<usize>j << 3)) * t * t;
    }
    store<f64>(acc + o, load<f64>(acc + o) + a);
  }
}

/** w ← w − s·v·vᵀ (n×n, full). */
export function symRank1(w: usize, n: i32, v: usize, s: f64): void {
  if (!ASC_NO_ASSERT) {
    expect(n >= 0, "symRank1: n must be >= 0");
    doubles(w, <i64>n * <i64>n, "symRank1: w must hold n·n doubles inside the arena");
    doubles(v, n, "symRank1: v must hold n doubles inside the arena");
  }
  for (let i = 0; i < n; i++) {
    const a = -s * load<f64>(v + (<usize>i << 3));
    const wi = w + ((<usize>i * <usize>n) << 3);
    const av = f64x2.splat(a);
    let j = 0;
    for (; j + 2 <= n; j += 2) {
      const o = <usize>j << 3;
      v128.store(wi + o, f64x2.add(v128.load(wi + o), f64x2.mul(av, v128.load(v + o))));
    }
    if (j < n) {
      const o = <usize>j << 3;
      store<f64>(wi + o, load<f64>(wi + o) + a * load<f64>(v + o));
    }
  }
}

/**
 * For one query point q (d) against X (n×d): outK[i] = k(q, x_i) and
 * outG[i·d + k] = ∂k(q, x_i)/∂q_k = dk/dD · 2θ_k²(q_k − x_ik) — what the EI gradient needs.
 */
export function maternCrossGrad(
  q: usize, x: usize, n: i32, d: i32, theta: usize, c: f64, outK: usize, outG: usize,
): void {
  if (!ASC_NO_ASSERT) {
    expect(n >= 0 && d >= 1, "maternCrossGrad: n must be >= 0 and d >= 1");
    doubles(q, d, "maternCrossGrad: q must hold d doubles inside the arena");
    doubles(x, <i64>n * <i64>d, "maternCrossGrad: x must hold n·d doubles inside the arena");
    doubles(theta, d, "maternCrossGrad: theta must hold d doubles inside the arena");
    doubles(outK, n, "maternCrossGrad: outK must hold n doubles inside the arena");
    doubles(outG, <i64>n * <i64>d, "maternCrossGrad: outG must hold n·d doubles inside the arena");
  }
  for (let i = 0; i < n; i++) {
    const xi = x + ((<usize>i * <usize>d) << 3);
    let dd = 0.0;
    for (let k = 0; k < d; k++) {
      const o = <usize>k << 3;
      const t = load<f64>(theta + o) * (load<f64>(q + o) - load<f64>(xi + o));
      dd += t * t;
    }
    const b = Math.sqrt(5.0 * dd + EPS);
    const e = Math.exp(-b);
    store<f64>(outK + (<usize>i << 3), c * (1.0 + b + (5.0 / 3.0) * dd) * e);
    const g = -(5.0 / 6.0) * c * e * (1.0 + 5.0 * dd / b);
    const gi = outG + ((<usize>i * <usize>d) << 3);
    for (let k = 0; k < d; k++) {
      const o = <usize>k << 3;
      const th = load<f64>(theta + o);
      store<f64>(gi + o, g * 2.0 * th * th * (load<f64>(q + o) - load<f64>(xi + o)));
    }
  }
}

/**
 * The NLL-gradient pieces for parameters that act on one input column `dim` through a
 * warping (algorithms §6.4, 'matern52-res-warp'): with dx (n×2) = ∂x_i,dim/∂(a, b),
 *   out[q] = ½ Σ_ij W_ij ∂K_ij/∂p_q = Σ_{i>j} W_ij · dk/dD · 2θ_dim²(x_i − x_j)(dx_iq − dx_jq).
 * Reads only the lower triangle of W. x holds the warped inputs.
 */
export function maternGradInputDim(
  x: usize, n: i32, d: i32, theta: usize, c: f64, w: usize, dim: i32, dx: usize, out: usize,
): void {
  if (!ASC_NO_ASSERT) {
    expect(n >= 0 && dim >= 0 && dim < d, "maternGradInputDim: n must be >= 0 and 0 <= dim < d");
    doubles(x, <i64>n * <i64>d, "maternGradInputDim: x must hold n·d doubles inside the arena");
    doubles(theta, d, "maternGradInputDim: theta must hold d doubles inside the arena");
    doubles(w, <i64>n * <i64>n, "maternGradInputDim: w must hold n·n doubles inside the arena");
    doubles(dx, 2 * <i64>n, "maternGradInputDim: dx must hold 2·n doubles inside the arena");
    doubles(out, 2, "maternGradInputDim: out must hold 2 doubles inside the arena");
  }
  const th = load<f64>(theta + (<usize>dim << 3));
  const th2 = th * th;
  let g0 = 0.0, g1 = 0.0;
  for (let i = 1; i < n; i++) {
    const xi = x + ((<usize>i * <usize>d) << 3);
    const wi = w + ((<usize>i * <usize>n) << 3);
    const xid = load<f64>(xi + (<usize>dim << 3));
    const di0 = load<f64>(dx + (<usize>(2 * i) << 3)), di1 = load<f64>(dx + (<usize>(2 * i + 1) << 3));
    for (let j = 0; j < i; j++) {
      const xj = x + ((<usize>j * <usize>d) << 3);
      let dd = 0.0;
      for (let k = 0; k < d; k++) {
        const o = <usize>k << 3;
        const t = load<f64>(theta + o) * (load<f64>(xi + o) - load<f64>(xj + o));
        dd += t * t;
      }
      const b = Math.sqrt(5.0 * dd + EPS);
      const g = -(5.0 / 6.0) * c * Math.exp(-b) * (1.0 + 5.0 * dd / b);
      const f = load<f64>(wi + (<usize>j << 3)) * g * 2.0 * th2 * (xid - load<f64>(xj + (<usize>dim << 3)));
      g0 += f * (di0 - load<f64>(dx + (<usize>(2 * j) << 3)));
      g1 += f * (di1 - load<f64>(dx + (<usize>(2 * j + 1) << 3)));
    }
  }
  store<f64>(out, g0);
  store<f64>(out, g1, 8);
}
