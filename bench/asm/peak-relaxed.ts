// AssemblyScript, compiled by bench/relaxed.ts: bench/asm/peak.ts with each multiply + add as one
// relaxed-SIMD fused multiply-add (f64x2.relaxed_madd), to measure what relaxed SIMD would give.
// Twelve independent chains a ← a + a·c keep both the multiply and the add ports busy: fewer
// leave them waiting on latency, more spill registers (14 chains measured at half the rate).
export function mulAddPeak(iters: i32): f64 {
  const c = f64x2.splat(1e-12);
  let a0 = f64x2.splat(1.0),
    a1 = f64x2.splat(2.0),
    a2 = f64x2.splat(3.0),
    a3 = f64x2.splat(4.0);
  let a4 = f64x2.splat(5.0),
    a5 = f64x2.splat(6.0),
    a6 = f64x2.splat(7.0),
    a7 = f64x2.splat(8.0);
  let a8 = f64x2.splat(9.0),
    a9 = f64x2.splat(10.0),
    a10 = f64x2.splat(11.0),
    a11 = f64x2.splat(12.0);
  for (let i = 0; i < iters; i++) {
    a0 = f64x2.relaxed_madd(a0, c, a0);
    a1 = f64x2.relaxed_madd(a1, c, a1);
    a2 = f64x2.relaxed_madd(a2, c, a2);
    a3 = f64x2.relaxed_madd(a3, c, a3);
    a4 = f64x2.relaxed_madd(a4, c, a4);
    a5 = f64x2.relaxed_madd(a5, c, a5);
    a6 = f64x2.relaxed_madd(a6, c, a6);
    a7 = f64x2.relaxed_madd(a7, c, a7);
    a8 = f64x2.relaxed_madd(a8, c, a8);
    a9 = f64x2.relaxed_madd(a9, c, a9);
    a10 = f64x2.relaxed_madd(a10, c, a10);
    a11 = f64x2.relaxed_madd(a11, c, a11);
  }
  const s = f64x2.add(f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3)), f64x2.add(f64x2.add(a4, a5), f64x2.add(a6, a7)));
  return f64x2.extract_lane(f64x2.add(s, f64x2.add(f64x2.add(a8, a9), f64x2.add(a10, a11))), 0);
}

/** Flops done by mulAddPeak(iters): 12 chains × 2 lanes × (1 multiply + 1 add). */
export function mulAddPeakFlops(iters: i32): f64 {
  return <f64>iters * 48.0;
}
