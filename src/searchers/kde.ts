// BOHB's searcher (Falkner et al., ICML 2018; algorithms §6.9): a TPE-style pair of kernel density
// estimates on the largest resource level with enough results. The best fraction of that level's
// configs defines l(x), the rest g(x); candidates drawn around good configs (bandwidths widened
// by `bandwidthFactor`) are scored by l(x)/g(x), and a third of the proposals stay random. No GP
// and no Wasm: a decision costs O(candidates · n · d), the cheap choice where decisions must be
// fast (edge functions). Works under FIFO (one level) and Hyperband (results per rung).
import type { Config } from "../space/space.js";
import { checkInt, checkKnown, checkPositive, type Shape } from "../validate.js";
import { invalid } from "../errors.js";
import { BaseSearcher, type SearcherSetup } from "./searcher.js";

const OPTIONS = ["topNPercent", "minPoints", "numCandidates", "bandwidthFactor", "minBandwidth", "randomFraction"];

interface Obs {
  config: Config;
  key: string;
  r: number;
  loss: number;
}

export class KDESearcher extends BaseSearcher {
  readonly name = "kde";
  private readonly o: {
    topNPercent: number;
    minPoints: number;
    numCandidates: number;
    bandwidthFactor: number;
    minBandwidth: number;
    randomFraction: number;
  };
  private data: Obs[] = [];
  private failed: string[] = [];
  /** Encoded inputs by config key: a config is encoded once, not at every decision. */
  private readonly encoded = new Map<string, Float64Array>();

  constructor(setup: SearcherSetup, options: Record<string, unknown> = {}) {
    super(setup);
    checkKnown(options, OPTIONS, "searchOptions");
    const g = (k: string) => options[k] as never;
    const fraction = (name: string, v: number, lo: number, hi: number) => {
      if (!(typeof v === "number" && v >= lo && v <= hi))
        throw invalid(`searchOptions.${name}`, v, `in [${lo}, ${hi}]`);
      return v;
    };
    this.o = {
      topNPercent: fraction("topNPercent", g("topNPercent") ?? 15, 1, 99),
      // BOHB's default: one more point than dimensions before a level is modelled
      minPoints: checkInt("searchOptions.minPoints", g("minPoints") ?? setup.space.dim + 1, 2),
      numCandidates: checkInt("searchOptions.numCandidates", g("numCandidates") ?? 64, 1),
      bandwidthFactor: checkPositive("searchOptions.bandwidthFactor", g("bandwidthFactor") ?? 3),
      minBandwidth: checkPositive("searchOptions.minBandwidth", g("minBandwidth") ?? 1e-3),
      randomFraction: fraction("randomFraction", g("randomFraction") ?? 1 / 3, 0, 1),
    };
  }

  getConfig(): Config | null {
    const { space, rng, logger, debugLog } = this.setup;
    const seen = new Set(this.results.keys());
    const level = this.modelLevel();
    let config: Config | null = null;
    let how = "random";
    // the draw happens on every call, so a seed replays the same sequence of random/model steps
    const explore = rng.next() < this.o.randomFraction;
    if (level !== null && !explore) {
      config = this.fromModel(level, seen);
      how = `KDE at resource ${level}`;
    }
    if (!config) {
      if (this.results.size === 0) config = space.defaultConfig();
      else
        for (let t = 0; t < 100 && !config; t++) {
          const c = space.sample(rng);
          if (!seen.has(this.key(c))) config = c;
        }
    }
    if (!config) return null;
    if (debugLog) logger.info(`[${this.idOf(config)}: ${how}] ${JSON.stringify(config)}`);
    this.propose(config);
    return config;
  }

  /** The largest level with at least minPoints + 2 results (so good and bad sets both exist). */
  modelLevel(): number | null {
    const counts = new Map<number, number>();
    for (const d of this.data) counts.set(d.r, (counts.get(d.r) ?? 0) + 1);
    const ok = [...counts].filter(([, n]) => n >= this.o.minPoints + 2).map(([r]) => r);
    return ok.length ? Math.max(...ok) : null;
  }

  /**
   * The model's two sets at `level` (best loss first): the top topNPercent (at least minPoints)
   * are good, the worst n − good (at least minPoints) bad; failed configs count as the level's
   * worst results. Public for inspection and tests.
   */
  split(level: number): { good: string[]; bad: string[] } {
    const atLevel = this.data.filter((o) => o.r === level);
    const worst = Math.max(...atLevel.map((o) => o.loss));
    const rows = [
      ...atLevel.map((o) => ({ key: o.key, loss: o.loss })),
      ...this.failed.filter((k) => !atLevel.some((o) => o.key === k)).map((k) => ({ key: k, loss: worst })),
    ].sort((a, b) => a.loss - b.loss);
    const n = rows.length;
    const nGood = Math.max(this.o.minPoints, Math.round((this.o.topNPercent / 100) * n));
    const nBad = Math.max(this.o.minPoints, n - nGood);
    return { good: rows.slice(0, nGood).map((r) => r.key), bad: rows.slice(n - nBad).map((r) => r.key) };
  }

  private fromModel(level: number, seen: Set<string>): Config | null {
    const { space, rng } = this.setup;
    const d = space.dim;
    const sets = this.split(level);
    const encode = (keys: string[]) =>
      keys.map((k) => {
        let v = this.encoded.get(k);
        if (!v) this.encoded.set(k, (v = space.encode(space.fromKey(k))));
        return v;
      });
    const good = encode(sets.good);
    const bad = encode(sets.bad);
    const bwGood = this.bandwidths(good, d);
    const bwBad = this.bandwidths(bad, d);
    let best: Config | null = null;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < this.o.numCandidates; c++) {
      const center = good[rng.int(good.length)];
      const x = new Float64Array(d);
      for (let j = 0; j < d; j++)
        x[j] = truncatedNormal(center[j], bwGood[j] * this.o.bandwidthFactor, () => rng.normal());
      const cfg = space.decode(x);
      if (seen.has(this.key(cfg))) continue;
      const score = logDensity(x, good, bwGood) - logDensity(x, bad, bwBad);
      if (score > bestScore) [best, bestScore] = [cfg, score];
    }
    return best;
  }

  /** Normal-reference bandwidth per dimension (1.06 σ n^(−1/(d+4))), at least minBandwidth. */
  private bandwidths(points: Float64Array[], d: number): Float64Array {
    const n = points.length;
    const bw = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      const m = points.reduce((a, p) => a + p[j], 0) / n;
      const sd = Math.sqrt(points.reduce((a, p) => a + (p[j] - m) ** 2, 0) / Math.max(1, n - 1));
      bw[j] = Math.max(this.o.minBandwidth, 1.06 * sd * n ** (-1 / (d + 4)));
    }
    return bw;
  }

  override update(config: Config, loss: number, resource?: number): void {
    super.update(config, loss, resource);
    const key = this.key(config);
    const r = resource ?? 0;
    this.data = this.data.filter((o) => !(o.key === key && o.r === r));
    this.data.push({ config, key, r, loss });
  }

  override evaluationFailed(config: Config): void {
    const key = this.key(config);
    if (!this.failed.includes(key)) this.failed.push(key);
  }

  dataSize(): number {
    return this.data.length;
  }

  override state(): unknown {
    return { ...(super.state() as object), data: this.data, failed: this.failed };
  }

  protected override stateShape(): Record<string, Shape> {
    const { space } = this.setup;
    const [config, key] = [space.configShape(), space.keyShape()];
    return {
      ...super.stateShape(),
      data: { list: { fields: { config, key, r: "number", loss: "number" } } },
      failed: { list: key },
    };
  }

  override restore(state: unknown): void {
    super.restore(state);
    const s = state as { data: Obs[]; failed: string[] };
    this.data = s.data;
    this.failed = s.failed;
  }
}

/** log Σ_i Π_j N(x_j; p_ij, bw_j) − log n, computed stably. */
function logDensity(x: Float64Array, points: Float64Array[], bw: Float64Array): number {
  const logs = points.map((p) => {
    let s = 0;
    for (let j = 0; j < x.length; j++) s += -0.5 * ((x[j] - p[j]) / bw[j]) ** 2 - Math.log(bw[j]);
    return s;
  });
  const m = Math.max(...logs);
  return m + Math.log(logs.reduce((a, l) => a + Math.exp(l - m), 0) / points.length);
}

/** A normal draw around `mean` kept in [0, 1]: redrawn up to 20 times, then clipped. */
function truncatedNormal(mean: number, sd: number, normal: () => number): number {
  for (let t = 0; t < 20; t++) {
    const v = mean + sd * normal();
    if (v >= 0 && v <= 1) return v;
  }
  return Math.min(1, Math.max(0, mean));
}
