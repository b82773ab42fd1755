// Cholesky factorization A = L·Lᵀ of a row-major n×n symmetric matrix, in place (lower).
// see: Golub & Van Loan, "Matrix Computations" 4th ed., Alg. 4.2.2 (gaxpy Cholesky) for the
// diagonal blocks and §4.2.9 (block Cholesky, right-looking) for the blocking.
//
// Row-major storage makes every operand a row segment: the panel solve and the trailing
// update are dot products of contiguous vectors, so no packing is needed. The trailing update
// (a SYRK, ~all of the n³/3 flops) runs a 4×2 register tile of f64x2 accumulators and walks
// the trailing matrix in column blocks of JB rows, so the JB×NB slice of the panel it reuses
// stays in L1/L2 however large n gets.
import { dot } from "./simd";
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

// A22 −= L21 · L21ᵀ on the lower triangle (see syrk.ts).
@inline function updateTrailing(a: usize, n: i32, k: i32, kb: i32): void {
  syrkLower(a, n, k, kb, a, n, k + kb, n, -1.0);
}

/** log det(A) = 2 Σ ln L_ii from a factor. */
export function logDetFromCholesky(l: usize, n: i32): f64 {
  let s = 0.0;
  for (let i = 0; i < n; i++) s += Math.log(load<f64>(at(l, n, i, i)));
  return 2.0 * s;
}
