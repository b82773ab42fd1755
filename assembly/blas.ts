// Small dense products the GP posterior needs, row-major.
import { doubles, expect } from "./check";
import { axpy, dot } from "./simd";

/** c (m×n) ← aᵀ b with a (k×m) and b (k×n). */
export function gemmTN(a: usize, b: usize, c: usize, k: i32, m: i32, n: i32): void {
  if (!ASC_NO_ASSERT) {
    expect(k >= 0 && m >= 0 && n >= 0, "gemmTN: k, m and n must be >= 0");
    doubles(a, <i64>k * <i64>m, "gemmTN: a must hold k·m doubles inside the arena");
    doubles(b, <i64>k * <i64>n, "gemmTN: b must hold k·n doubles inside the arena");
    doubles(c, <i64>m * <i64>n, "gemmTN: c must hold m·n doubles inside the arena");
  }
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
  if (!ASC_NO_ASSERT) {
    expect(k >= 0 && m >= 0, "colSumSquares: k and m must be >= 0");
    doubles(a, <i64>k * <i64>m, "colSumSquares: a must hold k·m doubles inside the arena");
    doubles(out, m, "colSumSquares: out must hold m doubles inside the arena");
  }
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
  if (!ASC_NO_ASSERT) {
    expect(n >= 0, "dotProduct: n must be >= 0");
    doubles(a, n, "dotProduct: a must hold n doubles inside the arena");
    doubles(b, n, "dotProduct: b must hold n doubles inside the arena");
  }
  return dot(a, b, n);
}
