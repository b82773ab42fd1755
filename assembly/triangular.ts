// Triangular solves with a row-major lower factor L (n×n) and its transpose, plus the
// inverse of A = L·Lᵀ. see: Golub & Van Loan 4th ed. §3.1 (row- and column-oriented
// substitution); the Lᵀ solves use the column-oriented (axpy) form so that they, too, read
// only rows of L, which are contiguous here.
import { axpy, dot } from "./simd";

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
 * out ← (L·Lᵀ)⁻¹, the full symmetric n×n inverse; `work` holds n×n doubles.
 * M = L⁻¹ is built row by row (row i only has entries in [0, i]); then U = Mᵀ is stored
 * row-major so that (MᵀM)_ij = Σ_{p >= j} U_ip U_jp is a dot product of two contiguous rows.
 */
export function inverseFromCholesky(l: usize, n: i32, out: usize, work: usize): void {
  memory.fill(out, 0, (<usize>n * <usize>n) << 3);
  for (let i = 0; i < n; i++) {
    const r = row(l, n, i);
    const oi = row(out, n, i);
    store<f64>(oi + (<usize>i << 3), 1.0);
    for (let p = 0; p < i; p++) axpy(-load<f64>(r + (<usize>p << 3)), row(out, n, p), oi, p + 1);
    scaleRow(oi, i + 1, 1.0 / load<f64>(r + (<usize>i << 3)));
  }
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < n; p++) {
      store<f64>(row(work, n, i) + (<usize>p << 3), load<f64>(row(out, n, p) + (<usize>i << 3)));
    }
  }
  for (let i = 0; i < n; i++) {
    const ui = row(work, n, i);
    for (let j = i; j < n; j++) {
      const o = <usize>j << 3;
      const v = dot(ui + o, row(work, n, j) + o, n - j);
      store<f64>(row(out, n, i) + o, v);
      store<f64>(row(out, n, j) + (<usize>i << 3), v);
    }
  }
}
