// Small dense products the GP posterior needs, row-major.
import { axpy, dot } from "./simd";

/** c (m×n) ← aᵀ b with a (k×m) and b (k×n). */
export function gemmTN(a: usize, b: usize, c: usize, k: i32, m: i32, n: i32): void {
  memory.fill(c, 0, (<usize>m * <usize>n) << 3);
  for (let p = 0; p < k; p++) {
    const ap = a + ((<usize>p * <usize>m) << 3);
    const bp = b + ((<usize>p * <usize>n) << 3);
    for (let i = 0; i < m; i++) {
      const v = load<f64>(ap + (<usize>i << 3));
      if (v != 0.0) axpy(v, bp, c + ((<usize>i * <usize>n) << 3), n);
    }
  }
}

/** out[j] = Σ_i a_ij² for a (k×m): squared column norms. */
export function colSumSquares(a: usize, k: i32, m: i32, out: usize): void {
  memory.fill(out, 0, <usize>m << 3);
  for (let i = 0; i < k; i++) {
    const ai = a + ((<usize>i * <usize>m) << 3);
    for (let j = 0; j < m; j++) {
      const v = load<f64>(ai + (<usize>j << 3));
      store<f64>(out + (<usize>j << 3), load<f64>(out + (<usize>j << 3)) + v * v);
    }
  }
}

/** Σ_i a_i b_i */
export function dotProduct(a: usize, b: usize, n: i32): f64 {
  return dot(a, b, n);
}
