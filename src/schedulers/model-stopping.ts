// Model-informed stopping (algorithms §5.8), hyperwasm's answer to crossing learning curves: the
// stopping rule ranks arrivals at a rung by their value there, so a config that learns slowly but
// ends best is stopped early. When the rung rule says stop and the searcher has a joint model of
// (config, resource), the config is ranked once more among the rung's configs by the model's
// predicted value at maxT; if that puts it in the rung's keep fraction, it continues. The rule
// only ever keeps trials the rung rule would stop, so it never stops more than ASHA does.
import type { Searcher } from "../searchers/searcher.js";

/** Fewer distinct configs at a rung than this: too little to rank against, the rung rule stands. */
export const MIN_RANKED = 4;

export interface Verdict {
  keep: boolean;
  /** 0-based: how many of the rung's configs the model predicts better at maxT. */
  better: number;
  of: number;
}

/**
 * `rungKeys`: keys of the configs recorded at the rung (this one among them); `keep`: the
 * fraction the rung keeps (r_j / r_{j+1}). Null when the searcher has no model (yet).
 */
export function modelVerdict(
  searcher: Searcher,
  rungKeys: readonly string[],
  key: string,
  keep: number,
): Verdict | null {
  if (!searcher.predictAtMaxT) return null;
  const keys = [...new Set(rungKeys)];
  if (keys.length < MIN_RANKED || !keys.includes(key)) return null;
  const predicted = searcher.predictAtMaxT(keys);
  if (!predicted) return null;
  const mine = predicted[keys.indexOf(key)];
  if (!Number.isFinite(mine)) return null;
  const better = predicted.filter((v) => v < mine).length;
  return { keep: better < Math.ceil(keys.length * keep), better, of: keys.length };
}
