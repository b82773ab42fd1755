// A symmetric rank-k update on the lower triangle, the kernel that carries almost all the flops
// of the Cholesky factorization and of the inverse from the factor:
//   dst[i][j] += sign · Σ_{t < width} src[i][col0 + t] · src[j][col0 + t]   for r0 <= j <= i < r1.
// Row-major storage makes both operands contiguous row segments, so no packing is needed. A
// 4×2 register tile of f64x2 accumulators does the work; the columns j are walked in blocks of
// JB rows so that the JB×width slice of src they reuse stays in L1/L2 however large n gets.
// Tiles that straddle the diagonal also write a few entries above it, which callers ignore.
import { dot, hsum } from "./simd";

const JB: i32 = 48; // JB·64·8 = 24 KiB for a 64-wide panel

@inline function at(p: usize, ld: i32, i: i32, j: i32): usize {
  return p + ((<usize>i * <usize>ld + <usize>j) << 3);
}

export function syrkLower(src: usize, lds: i32, col0: i32, width: i32, dst: usize, ldd: i32, r0: i32, r1: i32, sign: f64): void {
  for (let jb = r0; jb < r1; jb += JB) {
    const jEnd = min(jb + JB, r1);
    let i = jb;
    for (; i + 4 <= r1; i += 4) {
      const jLim = min(jEnd, i + 4); // columns j <= i + 3 touch the lower triangle
      let j = jb;
      for (; j + 2 <= jLim; j += 2) tile4x2(src, lds, col0, width, dst, ldd, i, j, sign);
      if (j < jLim) tile4x1(src, lds, col0, width, dst, ldd, i, j, sign);
    }
    for (; i < r1; i++) {
      const jLim = min(jEnd, i + 1);
      const rowI = at(src, lds, i, col0);
      for (let j = jb; j < jLim; j++) {
        const p = at(dst, ldd, i, j);
        store<f64>(p, load<f64>(p) + sign * dot(rowI, at(src, lds, j, col0), width));
      }
    }
  }
}

@inline function tile4x2(src: usize, lds: i32, col0: i32, kb: i32, dst: usize, ldd: i32, i: i32, j: i32, sign: f64): void {
  const stride = <usize>lds << 3;
  const r0 = at(src, lds, i, col0);
  const r1 = r0 + stride;
  const r2 = r1 + stride;
  const r3 = r2 + stride;
  const c0 = at(src, lds, j, col0);
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
  const dstride = <usize>ldd << 3;
  const p = at(dst, ldd, i, j);
  store<f64>(p, load<f64>(p) + sign * e00);
  store<f64>(p, load<f64>(p, 8) + sign * e01, 8);
  const q = p + dstride;
  store<f64>(q, load<f64>(q) + sign * e10);
  store<f64>(q, load<f64>(q, 8) + sign * e11, 8);
  const u = q + dstride;
  store<f64>(u, load<f64>(u) + sign * e20);
  store<f64>(u, load<f64>(u, 8) + sign * e21, 8);
  const w = u + dstride;
  store<f64>(w, load<f64>(w) + sign * e30);
  store<f64>(w, load<f64>(w, 8) + sign * e31, 8);
}

@inline function tile4x1(src: usize, lds: i32, col0: i32, kb: i32, dst: usize, ldd: i32, i: i32, j: i32, sign: f64): void {
  const c0 = at(src, lds, j, col0);
  for (let r = 0; r < 4; r++) {
    const p = at(dst, ldd, i + r, j);
    store<f64>(p, load<f64>(p) + sign * dot(at(src, lds, i + r, col0), c0, kb));
  }
}
