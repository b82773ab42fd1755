// Triangular solves with a row-major lower factor L (n×n) and its transpose, plus the
// inverse of A = L·Lᵀ. see: Golub & Van Loan 4th ed. §3.1 (row- and column-oriented
// substitution); the Lᵀ solves use the column-oriented (axpy) form so that they, too, read
// only rows of L, which are contiguous here.
import { axpy, dot } from "./simd";
import { syrkLower } from "./syrk";
import { mirrorLower } from "./matern";

@inline function row(l: usize, n: i32, i: i32): usize {
  return l + ((<usize>i * <usize>n) << 3);
}

/** b ← L⁻¹ b (forward substitution), b of length n. */
export function solveLower(l: usize, n: i32, b: usize): void {
  for (let i = 0; i < n; i++) {
    const r = row(l, n, i);
    const p = b + (<usize>i << 3);
    store<f64>(p, (load<f64>(p) - dot(r, b, i)) / load<f64>(r + (<usize>i << 3)));
  }
}

/** b ← L⁻ᵀ b (back substitution with Lᵀ), b of length n. */
export function solveLowerT(l: usize, n: i32, b: usize): void {
  for (let i = n - 1; i >= 0; i--) {
    const r = row(l, n, i);
    const p = b + (<usize>i << 3);
    const x = load<f64>(p) / load<f64>(r + (<usize>i << 3));
    store<f64>(p, x);
    axpy(-x, r, b, i);
  }
}

/** B ← L⁻¹ B for B row-major n×m (m right-hand sides as columns). */
export function solveLowerMany(l: usize, n: i32, b: usize, m: i32): void {
  const rowBytes = <usize>m << 3;
  for (let i = 0; i < n; i++) {
    const r = row(l, n, i);
    const bi = b + <usize>i * rowBytes;
    for (let p = 0; p < i; p++) {
      const lip = load<f64>(r + (<usize>p << 3));
      if (lip != 0.0) axpy(-lip, b + <usize>p * rowBytes, bi, m);
    }
    scaleRow(bi, m, 1.0 / load<f64>(r + (<usize>i << 3)));
  }
}

/** B ← L⁻ᵀ B for B row-major n×m. */
export function solveLowerTMany(l: usize, n: i32, b: usize, m: i32): void {
  const rowBytes = <usize>m << 3;
  for (let i = n - 1; i >= 0; i--) {
    const r = row(l, n, i);
    const bi = b + <usize>i * rowBytes;
    scaleRow(bi, m, 1.0 / load<f64>(r + (<usize>i << 3)));
    for (let p = 0; p < i; p++) {
      const lip = load<f64>(r + (<usize>p << 3));
      if (lip != 0.0) axpy(-lip, bi, b + <usize>p * rowBytes, m);
    }
  }
}

@inline function scaleRow(p: usize, m: i32, s: f64): void {
  for (let t = 0; t < m; t++) {
    const q = p + (<usize>t << 3);
    store<f64>(q, load<f64>(q) * s);
  }
}

/**
 * out ← (L·Lᵀ)⁻¹, the full symmetric n×n inverse; `work` holds n·n + 16·n doubles.
 * 1. U = L⁻ᵀ (upper, row-major): row j of U is column j of L⁻¹, found 16 columns at a time by
 *    forward substitution with the 16 right-hand sides held in f64x2 registers (each L_ip is
 *    loaded once per block of 16).
 * 2. (L Lᵀ)⁻¹ = U Uᵀ (lower triangle; mirrored when `full` is set): a rank-k update over 64-wide column blocks of U with the SYRK kernel;
 *    block [pb, pb + 64) only touches rows < pb + 64, since U is zero below its diagonal.
 * see: LAPACK dtrtri / dlauum for the same split into a triangular inverse and a product.
 */
export function inverseFromCholesky(l: usize, n: i32, out: usize, work: usize, full: i32): void {
  const u = work;
  const x = work + ((<usize>n * <usize>n) << 3);
  memory.fill(u, 0, (<usize>n * <usize>n) << 3);
  for (let c0 = 0; c0 < n; c0 += 16) {
    const cb = min(16, n - c0);
    for (let i = c0; i < n; i++) {
      const r = row(l, n, i);
      let a0 = f64x2.splat(0.0), a1 = f64x2.splat(0.0), a2 = f64x2.splat(0.0), a3 = f64x2.splat(0.0);
      let a4 = f64x2.splat(0.0), a5 = f64x2.splat(0.0), a6 = f64x2.splat(0.0), a7 = f64x2.splat(0.0);
      for (let p = c0; p < i; p++) {
        const lp = f64x2.splat(load<f64>(r + (<usize>p << 3)));
        const xp = x + (<usize>p << 7);
        a0 = f64x2.add(a0, f64x2.mul(lp, v128.load(xp)));
        a1 = f64x2.add(a1, f64x2.mul(lp, v128.load(xp, 16)));
        a2 = f64x2.add(a2, f64x2.mul(lp, v128.load(xp, 32)));
        a3 = f64x2.add(a3, f64x2.mul(lp, v128.load(xp, 48)));
        a4 = f64x2.add(a4, f64x2.mul(lp, v128.load(xp, 64)));
        a5 = f64x2.add(a5, f64x2.mul(lp, v128.load(xp, 80)));
        a6 = f64x2.add(a6, f64x2.mul(lp, v128.load(xp, 96)));
        a7 = f64x2.add(a7, f64x2.mul(lp, v128.load(xp, 112)));
      }
      const invS = 1.0 / load<f64>(r + (<usize>i << 3));
      const inv = f64x2.splat(invS);
      const xi = x + (<usize>i << 7);
      v128.store(xi, f64x2.mul(f64x2.neg(a0), inv));
      v128.store(xi, f64x2.mul(f64x2.neg(a1), inv), 16);
      v128.store(xi, f64x2.mul(f64x2.neg(a2), inv), 32);
      v128.store(xi, f64x2.mul(f64x2.neg(a3), inv), 48);
      v128.store(xi, f64x2.mul(f64x2.neg(a4), inv), 64);
      v128.store(xi, f64x2.mul(f64x2.neg(a5), inv), 80);
      v128.store(xi, f64x2.mul(f64x2.neg(a6), inv), 96);
      v128.store(xi, f64x2.mul(f64x2.neg(a7), inv), 112);
      const c = i - c0;
      if (c < 16) store<f64>(xi + (<usize>c << 3), load<f64>(xi + (<usize>c << 3)) + invS);
    }
    for (let c = 0; c < cb; c++) {
      const ur = row(u, n, c0 + c);
      for (let i = c0 + c; i < n; i++) store<f64>(ur + (<usize>i << 3), load<f64>(x + (<usize>i << 7) + (<usize>c << 3)));
    }
  }
  memory.fill(out, 0, (<usize>n * <usize>n) << 3);
  for (let pb = 0; pb < n; pb += 64) syrkLower(u, n, pb, min(64, n - pb), out, n, 0, min(pb + 64, n), 1.0);
  // The GP gradient reads only the lower triangle; callers that want the full matrix ask for it.
  if (full) mirrorLower(out, n);
}
