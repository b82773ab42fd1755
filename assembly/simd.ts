// Small SIMD helpers shared by the numerical routines. Everything here is @inline so the
// exported kernels compile to straight-line f64x2 code.

/** Sum of the two lanes. */
@inline export function hsum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/** Dot product of two contiguous f64 vectors of length len (any alignment). */
@inline export function dot(p: usize, q: usize, len: i32): f64 {
  let a0 = f64x2.splat(0.0);
  let a1 = f64x2.splat(0.0);
  let t = 0;
  // Two accumulators hide the add latency; the tail is scalar.
  for (; t + 4 <= len; t += 4) {
    const o = <usize>t << 3;
    a0 = f64x2.add(a0, f64x2.mul(v128.load(p + o), v128.load(q + o)));
    a1 = f64x2.add(a1, f64x2.mul(v128.load(p + o, 16), v128.load(q + o, 16)));
  }
  let s = hsum(f64x2.add(a0, a1));
  for (; t < len; t++) {
    const o = <usize>t << 3;
    s += load<f64>(p + o) * load<f64>(q + o);
  }
  return s;
}

/** y[0..len) += alpha * x[0..len) */
@inline export function axpy(alpha: f64, x: usize, y: usize, len: i32): void {
  const av = f64x2.splat(alpha);
  let t = 0;
  for (; t + 2 <= len; t += 2) {
    const o = <usize>t << 3;
    v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(av, v128.load(x + o))));
  }
  for (; t < len; t++) {
    const o = <usize>t << 3;
    store<f64>(y + o, load<f64>(y + o) + alpha * load<f64>(x + o));
  }
}

// see: Cody–Waite range reduction x = k·ln2 + r with |r| <= ln2/2, then a degree-13 Taylor
// polynomial for e^r (truncation error < 2e-17 relative), and 2^k built from exponent bits.
// Inputs are clamped to [-708, 708], so 2^k is always a normal number; callers only need
// e^x for x <= 0 (Matérn kernels), where e^-708 ≈ 3e-308 stands in for an underflow to 0.
const LOG2E: f64 = 1.4426950408889634;
const LN2_HI: f64 = 6.93147180369123816490e-01;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const SHIFTER: f64 = 6755399441055744.0; // 2^52 + 2^51: rounds to an integer in the low bits

@inline export function vexp(x: v128): v128 {
  // pmin/pmax are single instructions; min/max carry NaN and ±0 rules that cost several.
  x = f64x2.pmin(f64x2.pmax(x, f64x2.splat(-708.0)), f64x2.splat(708.0));
  const kd = f64x2.add(f64x2.mul(x, f64x2.splat(LOG2E)), f64x2.splat(SHIFTER));
  const k = f64x2.sub(kd, f64x2.splat(SHIFTER));
  let r = f64x2.sub(x, f64x2.mul(k, f64x2.splat(LN2_HI)));
  r = f64x2.sub(r, f64x2.mul(k, f64x2.splat(LN2_LO)));
  // Estrin's scheme: the same polynomial as Horner with a dependency chain of 4 levels, not 13.
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const r8 = f64x2.mul(r4, r4);
  const q0 = f64x2.add(f64x2.splat(1.0), r);
  const q1 = f64x2.add(f64x2.splat(1.0 / 2.0), f64x2.mul(f64x2.splat(1.0 / 6.0), r));
  const q2 = f64x2.add(f64x2.splat(1.0 / 24.0), f64x2.mul(f64x2.splat(1.0 / 120.0), r));
  const q3 = f64x2.add(f64x2.splat(1.0 / 720.0), f64x2.mul(f64x2.splat(1.0 / 5040.0), r));
  const q4 = f64x2.add(f64x2.splat(1.0 / 40320.0), f64x2.mul(f64x2.splat(1.0 / 362880.0), r));
  const q5 = f64x2.add(f64x2.splat(1.0 / 3628800.0), f64x2.mul(f64x2.splat(1.0 / 39916800.0), r));
  const q6 = f64x2.add(f64x2.splat(1.0 / 479001600.0), f64x2.mul(f64x2.splat(1.0 / 6227020800.0), r));
  const s0 = f64x2.add(q0, f64x2.mul(q1, r2));
  const s1 = f64x2.add(q2, f64x2.mul(q3, r2));
  const s2 = f64x2.add(q4, f64x2.mul(q5, r2));
  const t0 = f64x2.add(s0, f64x2.mul(s1, r4));
  const t1 = f64x2.add(s2, f64x2.mul(q6, r4));
  const p = f64x2.add(t0, f64x2.mul(t1, r8));
  // The low bits of kd hold k (two's complement); move them into the exponent field.
  const ki = i64x2.sub(kd, f64x2.splat(SHIFTER));
  const scale = i64x2.shl(i64x2.add(ki, i64x2.splat(1023)), 52);
  return f64x2.mul(p, scale);
}
