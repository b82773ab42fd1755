// Hyper-Tune's weights (algorithms §6.13; Li et al., VLDB 2022, as syne-tune adapts it): how well
// does each rung level's model rank the configs of the highest well-supported level? Levels are
// compared by a ranking loss on posterior samples; θ_r is the share of samples in which level r
// has the smallest loss. θ mixes the levels' posteriors for the acquisition and weights brackets.
// These are the model-free parts, tested on hand-made numbers.

/** A level takes part once it holds at least this many labeled points (the reference's 6). */
export const MIN_POINTS_PER_LEVEL = 6;

/**
 * How many of the (ascending) levels are supported: the largest k such that levels[k − 1] holds at
 * least MIN_POINTS_PER_LEVEL points (k = 1 means none above the lowest: no weights yet).
 */
export function supportedLevels(levels: readonly number[], count: (r: number) => number): number {
  for (let k = levels.length; k > 1; k--) if (count(levels[k - 1]) >= MIN_POINTS_PER_LEVEL) return k;
  return 1;
}

/**
 * The fraction of pairs (i, j) that `sample` orders differently from `targets` (the reference's
 * rule: a pair is discordant when "targets[i] < targets[j]" and "sample[i] < sample[j]" differ).
 * `sample` is read with a stride, so column s of an n×S matrix is (samples, s, S).
 */
export function rankingLoss(targets: ArrayLike<number>, sample: ArrayLike<number>, offset = 0, stride = 1): number {
  const n = targets.length;
  if (n < 2) return 0;
  let bad = 0;
  for (let i = 0; i < n - 1; i++) {
    const fi = sample[offset + i * stride];
    for (let j = i + 1; j < n; j++) {
      if (targets[i] < targets[j] !== fi < sample[offset + j * stride]) bad++;
    }
  }
  return (2 * bad) / (n * (n - 1));
}

/**
 * θ from a levels × samples matrix of losses: each sample votes for every level whose loss is
 * the smallest in that sample (ties vote for all), normalized.
 */
export function thetaFromLosses(losses: readonly (readonly number[])[]): number[] {
  const S = losses[0]?.length ?? 0;
  const votes = losses.map(() => 0);
  for (let s = 0; s < S; s++) {
    const min = Math.min(...losses.map((l) => l[s]));
    losses.forEach((l, k) => {
      if (l[s] === min) votes[k]++;
    });
  }
  const total = votes.reduce((a, b) => a + b, 0);
  return votes.map((v) => (total > 0 ? v / total : 1 / votes.length));
}

/**
 * The bracket distribution: bracket k starts at levels[k]; over the head of brackets that θ
 * covers, w_k ∝ θ_k / r_k, scaled to the mass the default distribution gives that head, whose
 * tail is kept. Without any θ mass on the head, the head's mass goes to bracket 0.
 */
export function bracketWeights(
  theta: readonly number[],
  levels: readonly number[],
  defaults: readonly number[],
): number[] {
  const head = Math.min(theta.length, defaults.length);
  const raw = Array.from({ length: head }, (_, k) => theta[k] / levels[k]);
  const total = raw.reduce((a, b) => a + b, 0);
  const mass = defaults.slice(0, head).reduce((a, b) => a + b, 0);
  const out = [...defaults];
  for (let k = 0; k < head; k++) out[k] = total > 1e-14 ? (raw[k] / total) * mass : k === 0 ? mass : 0;
  return out;
}

/**
 * K-fold split of n points as the reference makes it: K = min(⌊n/2⌋, 5) contiguous folds of
 * ⌊n/K⌋ points, the last n mod K folds one point larger. Returns [start, end) per fold.
 */
export function folds(n: number): [number, number][] {
  const K = Math.min(Math.floor(n / 2), 5);
  const low = Math.floor(n / K);
  const larger = n - low * K;
  const out: [number, number][] = [];
  let start = 0;
  for (let k = 0; k < K; k++) {
    const size = low + (k >= K - larger ? 1 : 0);
    out.push([start, start + size]);
    start += size;
  }
  return out;
}
