// Cholesky factorization A = L·Lᵀ of a row-major n×n symmetric matrix, in place (lower).
// see: Golub & Van Loan, "Matrix Computations" 4th ed., Alg. 4.2.2 (gaxpy Cholesky) for the
// diagonal blocks and §4.2.9 (block Cholesky, right-looking) for the blocking.
//
// Row-major storage makes every operand a row segment: the panel solve and the trailing
// update are dot products of contiguous vectors, so no packing is needed. The trailing update
// (a SYRK, ~all of the n³/3 flops) runs a 4×2 register tile of f64x2 accumulators and walks
// the trailing matrix in column blocks of JB rows, so the JB×NB slice of the panel it reuses
// stays in L1/L2 however large n gets.
import { doubles, expect } from "./check";
import { dot, hsum } from "./simd";
import { syrkLower } from "./syrk";

const NB: i32 = 64; // panel width

@inline function at(a: usize, n: i32, i: i32, j: i32): usize {
  return a + ((<usize>i * <usize>n + <usize>j) << 3);
}

/**
 * Factors A in place. Returns 0, or k + 1 where k is the first pivot that is not positive
 * (or NaN). On failure the matrix is left partly factored. The upper triangle is zeroed.
 */
export function cholesky(a: usize, n: i32): i32 {
  if (!ASC_NO_ASSERT) {
    expect(n >= 0, "cholesky: n must be >= 0");
    doubles(a, <i64>n * <i64>n, "cholesky: a must hold n·n doubles inside the arena");
  }
  for (let k = 0; k < n; k += NB) {
    const kb = min(NB, n - k);
    const st = factorDiagonalBlock(a, n, k, kb);
    if (st != 0) return k + st;
    solvePanel(a, n, k, kb);
    updateTrailing(a, n, k, kb);
  }
  for (let i = 0; i < n; i++) memory.fill(at(a, n, i, i + 1), 0, <usize>(n - i - 1) << 3);
  return 0;
}

function factorDiagonalBlock(a: usize, n: i32, k: i32, kb: i32): i32 {
  for (let j = 0; j < kb; j++) {
    const r = k + j;
    const rowR = at(a, n, r, k);
    const d = load<f64>(at(a, n, r, r)) - dot(rowR, rowR, j);
    if (!(d > 0.0)) return j + 1; // also catches NaN
    const ljj = Math.sqrt(d);
    store<f64>(at(a, n, r, r), ljj);
    const inv = 1.0 / ljj;
    for (let i = j + 1; i < kb; i++) {
      const p = at(a, n, k + i, r);
      store<f64>(p, (load<f64>(p) - dot(at(a, n, k + i, k), rowR, j)) * inv);
    }
  }
  return 0;
}

// Rows below the diagonal block: L21 = A21 · L11⁻ᵀ, one forward substitution per row. Each
// entry waits on the one before it in its row, so one row at a time is bound by latency (a dot
// product, then a divide); four independent rows share each load of L11's row and keep the
// multiply and add ports busy, and the divide becomes a multiply by one reciprocal per column.
function solvePanel(a: usize, n: i32, k: i32, kb: i32): void {
  let i = k + kb;
  for (; i + 4 <= n; i += 4) solveFourRows(a, n, k, kb, i);
  for (; i < n; i++) {
    const rowI = at(a, n, i, k);
    for (let j = 0; j < kb; j++) {
      const rowJ = at(a, n, k + j, k);
      const p = rowI + (<usize>j << 3);
      store<f64>(p, (load<f64>(p) - dot(rowI, rowJ, j)) / load<f64>(rowJ + (<usize>j << 3)));
    }
  }
}

@inline function solveFourRows(a: usize, n: i32, k: i32, kb: i32, i: i32): void {
  const stride = <usize>n << 3;
  const r0 = at(a, n, i, k), r1 = r0 + stride, r2 = r1 + stride, r3 = r2 + stride;
  for (let j = 0; j < kb; j++) {
    const rowJ = at(a, n, k + j, k);
    let s0 = f64x2.splat(0.0), s1 = f64x2.splat(0.0), s2 = f64x2.splat(0.0), s3 = f64x2.splat(0.0);
    let t = 0;
    for (; t + 2 <= j; t += 2) {
      const o = <usize>t << 3;
      const b = v128.load(rowJ + o);
      s0 = f64x2.add(s0, f64x2.mul(v128.load(r0 + o), b));
      s1 = f64x2.add(s1, f64x2.mul(v128.load(r1 + o), b));
      s2 = f64x2.add(s2, f64x2.mul(v128.load(r2 + o), b));
      s3 = f64x2.add(s3, f64x2.mul(v128.load(r3 + o), b));
    }
    let e0 = hsum(s0), e1 = hsum(s1), e2 = hsum(s2), e3 = hsum(s3);
    if (t < j) {
      const o = <usize>t << 3;
      const b = load<f64>(rowJ + o);
      e0 += load<f64>(r0 + o) * b;
      e1 += load<f64>(r1 + o) * b;
      e2 += load<f64>(r2 + o) * b;
      e3 += load<f64>(r3 + o) * b;
    }
    const o = <usize>j << 3;
    const inv = 1.0 / load<f64>(rowJ + o);
    store<f64>(r0 + o, (load<f64>(r0 + o) - e0) * inv);
    store<f64>(r1 + o, (load<f64>(r1 + o) - e1) * inv);
    store<f64>(r2 + o, (load<f64>(r2 + o) - e2) * inv);
    store<f64>(r3 + o, (load<f64>(r3 + o) - e3) * inv);
  }
}

// A22 −= L21 · L21ᵀ on the lower triangle (see syrk.ts).
@inline function updateTrailing(a: usize, n: i32, k: i32, kb: i32): void {
  syrkLower(a, n, k, kb, a, n, k + kb, n, -1.0);
}

/** log det(A) = 2 Σ ln L_ii from a factor. */
export function logDetFromCholesky(l: usize, n: i32): f64 {
  if (!ASC_NO_ASSERT) {
    expect(n >= 0, "logDetFromCholesky: n must be >= 0");
    doubles(l, <i64>n * <i64>n, "logDetFromCholesky: l must hold n·n doubles inside the arena");
  }
  let s = 0.0;
  for (let i = 0; i < n; i++) s += Math.log(load<f64>(at(l, n, i, i)));
  return 2.0 * s;
}
