// Cholesky factorization A = L·Lᵀ of a row-major n×n symmetric matrix, in place (lower).
// see: Golub & Van Loan, "Matrix Computations" 4th ed., Alg. 4.2.2 (gaxpy Cholesky) for the
// diagonal blocks and §4.2.9 (block Cholesky, right-looking) for the blocking.
//
// Row-major storage makes every operand a row segment: the panel solve and the trailing
// update are dot products of contiguous vectors, so no packing is needed. The trailing update
// (a SYRK, ~all of the n³/3 flops) runs a 4×2 register tile of f64x2 accumulators and walks
// the trailing matrix in column blocks of JB rows, so the JB×NB slice of the panel it reuses
// stays in L1/L2 however large n gets.
import { dot, hsum } from "./simd";

const NB: i32 = 64; // panel width
const JB: i32 = 48; // column block of the trailing update: JB·NB·8 = 24 KiB

@inline function at(a: usize, n: i32, i: i32, j: i32): usize {
  return a + ((<usize>i * <usize>n + <usize>j) << 3);
}

/**
 * Factors A in place. Returns 0, or k + 1 where k is the first pivot that is not positive
 * (or NaN). On failure the matrix is left partly factored. The upper triangle is zeroed.
 */
export function cholesky(a: usize, n: i32): i32 {
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

// Rows below the diagonal block: L21 = A21 · L11⁻ᵀ, one forward substitution per row.
function solvePanel(a: usize, n: i32, k: i32, kb: i32): void {
  for (let i = k + kb; i < n; i++) {
    const rowI = at(a, n, i, k);
    for (let j = 0; j < kb; j++) {
      const rowJ = at(a, n, k + j, k);
      const p = rowI + (<usize>j << 3);
      store<f64>(p, (load<f64>(p) - dot(rowI, rowJ, j)) / load<f64>(rowJ + (<usize>j << 3)));
    }
  }
}

// A22 -= L21 · L21ᵀ on the lower triangle (tiles that straddle the diagonal also write a few
// upper entries, which nothing reads and the caller zeroes at the end).
function updateTrailing(a: usize, n: i32, k: i32, kb: i32): void {
  const s = k + kb;
  for (let jb = s; jb < n; jb += JB) {
    const jEnd = min(jb + JB, n);
    let i = jb;
    for (; i + 4 <= n; i += 4) {
      const jLim = min(jEnd, i + 4); // columns j <= i + 3 touch the lower triangle
      let j = jb;
      for (; j + 2 <= jLim; j += 2) tile4x2(a, n, k, kb, i, j);
      if (j < jLim) tile4x1(a, n, k, kb, i, j);
    }
    for (; i < n; i++) {
      const jLim = min(jEnd, i + 1);
      const rowI = at(a, n, i, k);
      for (let j = jb; j < jLim; j++) {
        const p = at(a, n, i, j);
        store<f64>(p, load<f64>(p) - dot(rowI, at(a, n, j, k), kb));
      }
    }
  }
}

@inline function tile4x2(a: usize, n: i32, k: i32, kb: i32, i: i32, j: i32): void {
  const r0 = at(a, n, i, k);
  const stride = <usize>n << 3;
  const r1 = r0 + stride;
  const r2 = r1 + stride;
  const r3 = r2 + stride;
  const c0 = at(a, n, j, k);
  const c1 = c0 + stride;
  let s00 = f64x2.splat(0.0), s01 = f64x2.splat(0.0);
  let s10 = f64x2.splat(0.0), s11 = f64x2.splat(0.0);
  let s20 = f64x2.splat(0.0), s21 = f64x2.splat(0.0);
  let s30 = f64x2.splat(0.0), s31 = f64x2.splat(0.0);
  let t = 0;
  for (; t + 2 <= kb; t += 2) {
    const o = <usize>t << 3;
    const b0 = v128.load(c0 + o);
    const b1 = v128.load(c1 + o);
    let x = v128.load(r0 + o);
    s00 = f64x2.add(s00, f64x2.mul(x, b0));
    s01 = f64x2.add(s01, f64x2.mul(x, b1));
    x = v128.load(r1 + o);
    s10 = f64x2.add(s10, f64x2.mul(x, b0));
    s11 = f64x2.add(s11, f64x2.mul(x, b1));
    x = v128.load(r2 + o);
    s20 = f64x2.add(s20, f64x2.mul(x, b0));
    s21 = f64x2.add(s21, f64x2.mul(x, b1));
    x = v128.load(r3 + o);
    s30 = f64x2.add(s30, f64x2.mul(x, b0));
    s31 = f64x2.add(s31, f64x2.mul(x, b1));
  }
  let e00 = hsum(s00), e01 = hsum(s01), e10 = hsum(s10), e11 = hsum(s11);
  let e20 = hsum(s20), e21 = hsum(s21), e30 = hsum(s30), e31 = hsum(s31);
  if (t < kb) {
    const o = <usize>t << 3;
    const b0 = load<f64>(c0 + o), b1 = load<f64>(c1 + o);
    const x0 = load<f64>(r0 + o), x1 = load<f64>(r1 + o);
    const x2 = load<f64>(r2 + o), x3 = load<f64>(r3 + o);
    e00 += x0 * b0; e01 += x0 * b1; e10 += x1 * b0; e11 += x1 * b1;
    e20 += x2 * b0; e21 += x2 * b1; e30 += x3 * b0; e31 += x3 * b1;
  }
  const p = at(a, n, i, j);
  store<f64>(p, load<f64>(p) - e00);
  store<f64>(p, load<f64>(p, 8) - e01, 8);
  const q = p + stride;
  store<f64>(q, load<f64>(q) - e10);
  store<f64>(q, load<f64>(q, 8) - e11, 8);
  const u = q + stride;
  store<f64>(u, load<f64>(u) - e20);
  store<f64>(u, load<f64>(u, 8) - e21, 8);
  const w = u + stride;
  store<f64>(w, load<f64>(w) - e30);
  store<f64>(w, load<f64>(w, 8) - e31, 8);
}

@inline function tile4x1(a: usize, n: i32, k: i32, kb: i32, i: i32, j: i32): void {
  const c0 = at(a, n, j, k);
  for (let r = 0; r < 4; r++) {
    const p = at(a, n, i + r, j);
    store<f64>(p, load<f64>(p) - dot(at(a, n, i + r, k), c0, kb));
  }
}

/** log det(A) = 2 Σ ln L_ii from a factor. */
export function logDetFromCholesky(l: usize, n: i32): f64 {
  let s = 0.0;
  for (let i = 0; i < n; i++) s += Math.log(load<f64>(at(l, n, i, i)));
  return 2.0 * s;
}
