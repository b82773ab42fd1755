// Rung arithmetic of asynchronous Hyperband (algorithms §5.2–§5.5), as pure functions over plain
// arrays. These are the rules; RungSystem keeps the records they are applied to.
import { invalid } from "../errors.js";
import { roundHalfEven } from "../numeric.js";

/** gracePeriod · rf^k for every k with the level <= maxT, in exact integers (algorithms §10.1). */
export function rungLevels(gracePeriod: number, maxT: number, reductionFactor: number): number[] {
  const levels: number[] = [];
  for (let r = gracePeriod; r <= maxT; r *= reductionFactor) levels.push(r);
  if (levels.length < 2) {
    throw invalid(
      "maxT",
      maxT,
      `>= gracePeriod · reductionFactor (${gracePeriod * reductionFactor}), so that there are at least 2 rung levels`,
    );
  }
  return levels;
}

/** q_j = r_j / r_{j+1}, with maxT after the last level (algorithms §5.2). */
export function promotionQuantiles(levels: readonly number[], maxT: number): number[] {
  return levels.map((r, j) => r / (j + 1 < levels.length ? levels[j + 1] : maxT));
}

/** p_s ∝ S / ((S − s) · r_s) over s < min(brackets, S) (algorithms §5.3). */
export function bracketProbabilities(levels: readonly number[], brackets: number): number[] {
  const S = levels.length;
  const n = Math.min(brackets, S);
  const w = Array.from({ length: n }, (_, s) => S / ((S - s) * levels[s]));
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / total);
}

/** numpy's default percentile (linear interpolation) at 100·(1 − q) (algorithms §5.4). */
export function stoppingCutoff(values: readonly number[], q: number): number {
  const v = [...values].sort((a, b) => a - b);
  const p = (1 - q) * (v.length - 1);
  const lo = Math.floor(p),
    hi = Math.ceil(p);
  return v[lo] + (p - lo) * (v[hi] - v[lo]);
}

export interface RungRecord {
  key: string;
  reward: number;
  promoted: boolean;
}

/**
 * algorithms §5.5: with n records and quantile q, nothing before n >= round(1/q); then the first
 * not-yet-promoted record among the top floor(n·q) by reward (ties keep insertion order),
 * optionally only if it is `onlyKey`.
 */
export function findPromotable(records: readonly RungRecord[], q: number, onlyKey?: string): RungRecord | undefined {
  const n = records.length;
  if (n < roundHalfEven(1 / q)) return undefined;
  const top = records
    .map((r, i) => ({ r, i }))
    .sort((a, b) => b.r.reward - a.r.reward || a.i - b.i)
    .slice(0, Math.floor(n * q));
  for (const { r } of top) {
    if (r.promoted) continue;
    if (onlyKey === undefined || r.key === onlyKey) return r;
  }
  return undefined;
}
