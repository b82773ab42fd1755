// The statistics both quality benchmarks (bench:mf, bench:yahpo) report with: quantiles over
// seeds, and how far apart two methods' seeds are (the share of pairs one wins, with a seeded
// two-sided permutation p-value, so a printout is reproducible).
import type { Rng } from "../src/random.js";

const PERMUTATIONS = 10_000;

/** The p-quantile of v, interpolated between order statistics. */
export const quantile = (v: readonly number[], p: number): number => {
  const s = [...v].sort((a, b) => a - b);
  const i = p * (s.length - 1),
    lo = Math.floor(i);
  return s[lo] + (i - lo) * ((s[Math.ceil(i)] ?? s[lo]) - s[lo]);
};

/** The share of pairs (a, b) with a < b (ties count half). */
export function pairShare(A: readonly number[], B: readonly number[]): number {
  let u = 0;
  for (const a of A) for (const b of B) u += a < b ? 1 : a === b ? 0.5 : 0;
  return u / (A.length * B.length);
}

/** Two-sided permutation p-value of pairShare(A, B) against exchangeable labels. */
export function permutationP(A: readonly number[], B: readonly number[], rng: Rng): number {
  const observed = Math.abs(pairShare(A, B) - 0.5);
  const pool = [...A, ...B];
  let extreme = 0;
  for (let k = 0; k < PERMUTATIONS; k++) {
    for (let i = pool.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    if (Math.abs(pairShare(pool.slice(0, A.length), pool.slice(A.length)) - 0.5) >= observed - 1e-12) extreme++;
  }
  return extreme / PERMUTATIONS;
}
