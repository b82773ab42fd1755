// Plain-JS reference implementations, the baseline the Wasm core is measured against.
// Straightforward textbook loops over row-major Float64Arrays, no tricks.

export function choleskyJs(a: Float64Array, n: number): number {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= a[j * n + k] * a[j * n + k];
    if (!(d > 0)) return j + 1;
    const ljj = Math.sqrt(d);
    a[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = s / ljj;
    }
  }
  return 0;
}

export function solveJs(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * b[k];
    b[i] = s / l[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    const x = b[i] / l[i * n + i];
    b[i] = x;
    for (let k = 0; k < i; k++) b[k] -= x * l[i * n + k];
  }
}

export function maternJs(
  x: Float64Array,
  n: number,
  d: number,
  theta: Float64Array,
  c: number,
  out: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let D = 0;
      for (let k = 0; k < d; k++) {
        const t = theta[k] * (x[i * d + k] - x[j * d + k]);
        D += t * t;
      }
      const B = Math.sqrt(5 * D + 1e-9);
      out[i * n + j] = out[j * n + i] = c * (1 + B + (5 / 3) * D) * Math.exp(-B);
    }
  }
}
