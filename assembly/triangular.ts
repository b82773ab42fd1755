// Triangular solves with a row-major lower factor L (n×n) and its transpose, plus the
// inverse of A = L·Lᵀ. see: Golub & Van Loan 4th ed. §3.1 (row- and column-oriented
// substitution); the Lᵀ solves use the column-oriented (axpy) form so that they, too, read
// only rows of L, which are contiguous here.
import { doubles, expect } from "./check";
import { axpy, dot } from "./simd";
import { syrkLower } from "./syrk";
import { mirrorLower } from "./matern";

@inline function row(l: usize, n: i32, i: i32): usize {
  return l + ((<usize>i * <usize>n) << 3);
}

/** b ← L⁻¹ b (forward substitution), b of length n. */
export function solveLower(l: usize, n: i32, b: usize): void {
  if (!ASC_NO_ASSERT) {
    expect(n >= 0, "solveLower: n must be >= 0");
    doubles(l, <i64>n * <i64>n, "solveLower: l must hold n·n doubles inside the arena");
    doubles(b, n, "solveLower: b must hold n doubles inside the arena");
  }
  for (let i = 0; i < n; i++) {
    const r = row(l, n, i);
    const p = b + (<usize>i << 3);
    store<f64>(p, (load<f64>(p) - dot(r, b, i)) / load<f64>(r + (<usize>i << 3)));
  }
}

/** b ← L⁻ᵀ b (back substitution with Lᵀ), b of length n. */
export function solveLowerT(l: usize, n: i32, b: usize): void {
  if (!ASC_NO_ASSERT) {
    expect(n >= 0, "solveLowerT: n must be >= 0");
    doubles(l, <i64>n * <i64>n, "solveLowerT: l must hold n·n doubles inside the arena");
    doubles(b, n, "solveLowerT: b must hold n doubles inside the arena");
  }
  for (let i = n - 1; i >= 0; i--) {
    const r = row(l, n, i);
    const p = b + (<usize>i << 3);
    const x = load<f64>(p) / load<f64>(r + (<usize>i << 3));
    store<f64>(p, x);
    axpy(-x, r, b, i);
  }
}

/**
 * B ← L⁻¹ B for B row-major n×m (m right-hand sides as columns). Eight columns at a time, two
 * rows per step, as in inverseFromCholesky: the 8-column panel of B (64 bytes a row) stays in
 * cache while 2 × 4 f64x2 accumulators share each load of it; the row-at-a-time axpy form
 * streamed all of B through the cache once per row (7 against 13 GFLOP/s at n = 500, m = 250).
 * Columns past the last multiple of 8 take the axpy form.
 */
export function solveLowerMany(l: usize, n: i32, b: usize, m: i32): void {
  if (!ASC_NO_ASSERT) {
    expect(n >= 0 && m >= 0, "solveLowerMany: n and m must be >= 0");
    doubles(l, <i64>n * <i64>n, "solveLowerMany: l must hold n·n doubles inside the arena");
    doubles(b, <i64>n * <i64>m, "solveLowerMany: b must hold n·m doubles inside the arena");
  }
  const rowBytes = <usize>m << 3;
  const m8 = m & ~7;
  for (let c0 = 0; c0 < m8; c0 += 8) {
    const panel = b + (<usize>c0 << 3);
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const r0 = row(l, n, i), r1 = row(l, n, i + 1);
      let a0 = f64x2.splat(0.0), a1 = f64x2.splat(0.0), a2 = f64x2.splat(0.0), a3 = f64x2.splat(0.0);
      let b0 = f64x2.splat(0.0), b1 = f64x2.splat(0.0), b2 = f64x2.splat(0.0), b3 = f64x2.splat(0.0);
      for (let p = 0; p < i; p++) {
        const xp = panel + <usize>p * rowBytes;
        const x0 = v128.load(xp), x1 = v128.load(xp, 16), x2 = v128.load(xp, 32), x3 = v128.load(xp, 48);
        const l0 = f64x2.splat(load<f64>(r0 + (<usize>p << 3)));
        const l1 = f64x2.splat(load<f64>(r1 + (<usize>p << 3)));
        a0 = f64x2.add(a0, f64x2.mul(l0, x0));
        a1 = f64x2.add(a1, f64x2.mul(l0, x1));
        a2 = f64x2.add(a2, f64x2.mul(l0, x2));
        a3 = f64x2.add(a3, f64x2.mul(l0, x3));
        b0 = f64x2.add(b0, f64x2.mul(l1, x0));
        b1 = f64x2.add(b1, f64x2.mul(l1, x1));
        b2 = f64x2.add(b2, f64x2.mul(l1, x2));
        b3 = f64x2.add(b3, f64x2.mul(l1, x3));
      }
      const xi = panel + <usize>i * rowBytes;
      subtractScale(xi, a0, a1, a2, a3, load<f64>(r0 + (<usize>i << 3)));
      // row i + 1 also needs the p = i term, known only now
      const li = f64x2.splat(load<f64>(r1 + (<usize>i << 3)));
      b0 = f64x2.add(b0, f64x2.mul(li, v128.load(xi)));
      b1 = f64x2.add(b1, f64x2.mul(li, v128.load(xi, 16)));
      b2 = f64x2.add(b2, f64x2.mul(li, v128.load(xi, 32)));
      b3 = f64x2.add(b3, f64x2.mul(li, v128.load(xi, 48)));
      subtractScale(xi + rowBytes, b0, b1, b2, b3, load<f64>(r1 + (<usize>(i + 1) << 3)));
    }
    if (i < n) {
      const r0 = row(l, n, i);
      let a0 = f64x2.splat(0.0), a1 = f64x2.splat(0.0), a2 = f64x2.splat(0.0), a3 = f64x2.splat(0.0);
      for (let p = 0; p < i; p++) {
        const xp = panel + <usize>p * rowBytes;
        const l0 = f64x2.splat(load<f64>(r0 + (<usize>p << 3)));
        a0 = f64x2.add(a0, f64x2.mul(l0, v128.load(xp)));
        a1 = f64x2.add(a1, f64x2.mul(l0, v128.load(xp, 16)));
        a2 = f64x2.add(a2, f64x2.mul(l0, v128.load(xp, 32)));
        a3 = f64x2.add(a3, f64x2.mul(l0, v128.load(xp, 48)));
      }
      subtractScale(panel + <usize>i * rowBytes, a0, a1, a2, a3, load<f64>(r0 + (<usize>i << 3)));
    }
  }
  if (m8 < m) {
    for (let i = 0; i < n; i++) {
      const r = row(l, n, i);
      const bi = b + <usize>i * rowBytes;
      for (let p = 0; p < i; p++) {
        const lip = load<f64>(r + (<usize>p << 3));
        if (lip != 0.0) axpyTail(-lip, b + <usize>p * rowBytes, bi, m8, m);
      }
      for (let t = m8; t < m; t++) {
        const q = bi + (<usize>t << 3);
        store<f64>(q, load<f64>(q) / load<f64>(r + (<usize>i << 3)));
      }
    }
  }
}

/** x ← (x − acc) / lii on the 8 doubles at `x`. */
@inline function subtractScale(x: usize, a0: v128, a1: v128, a2: v128, a3: v128, lii: f64): void {
  const s = f64x2.splat(1.0 / lii);
  v128.store(x, f64x2.mul(f64x2.sub(v128.load(x), a0), s));
  v128.store(x, f64x2.mul(f64x2.sub(v128.load(x, 16), a1), s), 16);
  v128.store(x, f64x2.mul(f64x2.sub(v128.load(x, 32), a2), s), 32);
  v128.store(x, f64x2.mul(f64x2.sub(v128.load(x, 48), a3), s), 48);
}

/** y[t] += alpha·x[t] for t in [from, to). */
@inline function axpyTail(alpha: f64, x: usize, y: usize, from: i32, to: i32): void {
  for (let t = from; t < to; t++) {
    const o = <usize>t << 3;
    store<f64>(y + o, load<f64>(y + o) + alpha * load<f64>(x + o));
  }
}

/** B ← L⁻ᵀ B for B row-major n×m. */
export function solveLowerTMany(l: usize, n: i32, b: usize, m: i32): void {
  if (!ASC_NO_ASSERT) {
    expect(n >= 0 && m >= 0, "solveLowerTMany: n and m must be >= 0");
    doubles(l, <i64>n * <i64>n, "solveLowerTMany: l must hold n·n doubles inside the arena");
    doubles(b, <i64>n * <i64>m, "solveLowerTMany: b must hold n·m doubles inside the arena");
  }
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

/** Row i of the 8-column block: x_i = (e_i − acc) / L_ii, stored at `xi`; c = i − c0. */
@inline function finishRow(xi: usize, a0: v128, a1: v128, a2: v128, a3: v128, lii: f64, c: i32): void {
  const inv = 1.0 / lii;
  const s = f64x2.splat(-inv);
  v128.store(xi, f64x2.mul(a0, s));
  v128.store(xi, f64x2.mul(a1, s), 16);
  v128.store(xi, f64x2.mul(a2, s), 32);
  v128.store(xi, f64x2.mul(a3, s), 48);
  if (c < 8) store<f64>(xi + (<usize>c << 3), load<f64>(xi + (<usize>c << 3)) + inv);
}

/**
 * out ← (L·Lᵀ)⁻¹, the full symmetric n×n inverse; `work` holds n·n + 16·n doubles.
 * 1. U = L⁻ᵀ (upper, row-major): row j of U is column j of L⁻¹, found 8 columns at a time by
 *    forward substitution, two rows per step: 2 × 8 accumulators in f64x2 registers share each
 *    load of x_p (a 1 × 16 tile with one row was load-bound: 10 GFLOP/s against 15 for this).
 * 2. (L Lᵀ)⁻¹ = U Uᵀ (lower triangle; mirrored when `full` is set): a rank-k update over 64-wide column blocks of U with the SYRK kernel;
 *    block [pb, pb + 64) only touches rows < pb + 64, since U is zero below its diagonal.
 * see: LAPACK dtrtri / dlauum for the same split into a triangular inverse and a product.
 */
export function inverseFromCholesky(l: usize, n: i32, out: usize, work: usize, full: i32): void {
  if (!ASC_NO_ASSERT) {
    expect(n >= 0, "inverseFromCholesky: n must be >= 0");
    doubles(l, <i64>n * <i64>n, "inverseFromCholesky: l must hold n·n doubles inside the arena");
    doubles(out, <i64>n * <i64>n, "inverseFromCholesky: out must hold n·n doubles inside the arena");
    doubles(work, <i64>n * <i64>n + 16 * <i64>n, "inverseFromCholesky: work must hold n·n + 16·n doubles inside the arena");
  }
  const u = work;
  const x = work + ((<usize>n * <usize>n) << 3);
  memory.fill(u, 0, (<usize>n * <usize>n) << 3);
  for (let c0 = 0; c0 < n; c0 += 8) {
    const cb = min(8, n - c0);
    let i = c0;
    // two rows at a time: each x_p row (8 columns) loaded once feeds both accumulations
    for (; i + 1 < n; i += 2) {
      const r0 = row(l, n, i), r1 = row(l, n, i + 1);
      let a0 = f64x2.splat(0.0), a1 = f64x2.splat(0.0), a2 = f64x2.splat(0.0), a3 = f64x2.splat(0.0);
      let b0 = f64x2.splat(0.0), b1 = f64x2.splat(0.0), b2 = f64x2.splat(0.0), b3 = f64x2.splat(0.0);
      for (let p = c0; p < i; p++) {
        const xp = x + (<usize>p << 6);
        const x0 = v128.load(xp), x1 = v128.load(xp, 16), x2 = v128.load(xp, 32), x3 = v128.load(xp, 48);
        const l0 = f64x2.splat(load<f64>(r0 + (<usize>p << 3)));
        const l1 = f64x2.splat(load<f64>(r1 + (<usize>p << 3)));
        a0 = f64x2.add(a0, f64x2.mul(l0, x0));
        a1 = f64x2.add(a1, f64x2.mul(l0, x1));
        a2 = f64x2.add(a2, f64x2.mul(l0, x2));
        a3 = f64x2.add(a3, f64x2.mul(l0, x3));
        b0 = f64x2.add(b0, f64x2.mul(l1, x0));
        b1 = f64x2.add(b1, f64x2.mul(l1, x1));
        b2 = f64x2.add(b2, f64x2.mul(l1, x2));
        b3 = f64x2.add(b3, f64x2.mul(l1, x3));
      }
      const xi = x + (<usize>i << 6);
      const c = i - c0;
      finishRow(xi, a0, a1, a2, a3, load<f64>(r0 + (<usize>i << 3)), c);
      // row i + 1 also needs the p = i term, known only now
      const li = f64x2.splat(load<f64>(r1 + (<usize>i << 3)));
      b0 = f64x2.add(b0, f64x2.mul(li, v128.load(xi)));
      b1 = f64x2.add(b1, f64x2.mul(li, v128.load(xi, 16)));
      b2 = f64x2.add(b2, f64x2.mul(li, v128.load(xi, 32)));
      b3 = f64x2.add(b3, f64x2.mul(li, v128.load(xi, 48)));
      finishRow(xi + 64, b0, b1, b2, b3, load<f64>(r1 + (<usize>(i + 1) << 3)), c + 1);
    }
    if (i < n) {
      const r0 = row(l, n, i);
      let a0 = f64x2.splat(0.0), a1 = f64x2.splat(0.0), a2 = f64x2.splat(0.0), a3 = f64x2.splat(0.0);
      for (let p = c0; p < i; p++) {
        const xp = x + (<usize>p << 6);
        const l0 = f64x2.splat(load<f64>(r0 + (<usize>p << 3)));
        a0 = f64x2.add(a0, f64x2.mul(l0, v128.load(xp)));
        a1 = f64x2.add(a1, f64x2.mul(l0, v128.load(xp, 16)));
        a2 = f64x2.add(a2, f64x2.mul(l0, v128.load(xp, 32)));
        a3 = f64x2.add(a3, f64x2.mul(l0, v128.load(xp, 48)));
      }
      finishRow(x + (<usize>i << 6), a0, a1, a2, a3, load<f64>(r0 + (<usize>i << 3)), i - c0);
    }
    for (let c = 0; c < cb; c++) {
      const ur = row(u, n, c0 + c);
      for (let k = c0 + c; k < n; k++) store<f64>(ur + (<usize>k << 3), load<f64>(x + (<usize>k << 6) + (<usize>c << 3)));
    }
  }
  memory.fill(out, 0, (<usize>n * <usize>n) << 3);
  for (let pb = 0; pb < n; pb += 64) syrkLower(u, n, pb, min(64, n - pb), out, n, 0, min(pb + 64, n), 1.0);
  // The GP gradient reads only the lower triangle; callers that want the full matrix ask for it.
  if (full) mirrorLower(out, n);
}
