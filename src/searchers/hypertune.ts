// Hyper-Tune (algorithms §6.13; Li et al., VLDB 2022; syne-tune's HyperTune with its joint-GP
// model): MOBSTER's GP over (config, resource), but the acquisition scores a config by the
// θ-weighted mix of the posterior at every supported rung level instead of at one level, and
// brackets are drawn with weights θ_r / r. θ_r is how often, over posterior samples, level r's
// model ranks the configs of the highest supported level best; the highest level itself is
// judged by K-fold cross-validation on its own data. `searcher: "hypertune"` under Hyperband.
import { invalid } from "../errors.js";
import { sampleFantasies } from "../gp/fantasy.js";
import { Posterior } from "../gp/posterior.js";
import { Rng } from "../random.js";
import type { Shape } from "../validate.js";
import { bracketWeights, folds, rankingLoss, supportedLevels, thetaFromLosses } from "./hypertune-weights.js";
import type { AcquisitionInput, AcquisitionTarget } from "./mobster-options.js";
import { MultiFidelitySearcher } from "./mobster.js";
import type { SearcherSetup } from "./searcher.js";

/** Posterior samples per level for the ranking losses (the reference's default). */
export const RANKING_SAMPLES = 50;
/** The ranking losses use the last this many points of the highest supported level in the model's data. */
export const MAX_RANKED_POINTS = 200;
/** Levels with θ below this leave the mix (the reference's sparsification). */
const MIN_THETA = 0.01;

export interface HyperTuneWeights {
  /** The supported levels, ascending, and their θ (summing to 1). */
  levels: number[];
  theta: number[];
  /** (supported levels, points at the highest of them) when θ was computed. */
  signature: string;
}

export class HyperTuneSearcher extends MultiFidelitySearcher {
  override readonly name = "hypertune";
  private weights: HyperTuneWeights | null = null;

  constructor(setup: SearcherSetup, options: Record<string, unknown> = {}) {
    super(setup, options);
    const kernel = options.gpResourceKernel ?? "matern52";
    if (kernel !== "matern52" && kernel !== "matern52-res-warp")
      throw invalid(
        "searchOptions.gpResourceKernel",
        kernel,
        `"matern52" or "matern52-res-warp" with searcher "hypertune"`,
      );
  }

  /** θ over the supported levels, or null while fewer than two levels hold enough points. */
  ensembleWeights(): HyperTuneWeights | null {
    return this.weights;
  }

  /**
   * The scheduler's bracket distribution with Hyper-Tune's head (algorithms §6.13): bracket k,
   * which starts at levels[k], weighted by θ_k / r_k over the brackets θ covers.
   */
  bracketDistribution(defaults: readonly number[]): number[] | null {
    const w = this.weights;
    return w && defaults.length > 1 ? bracketWeights(w.theta, w.levels, defaults) : null;
  }

  protected override acquisitionTarget(a: AcquisitionInput): AcquisitionTarget {
    this.updateWeights(a);
    const w = this.weights;
    if (!w) return super.acquisitionTarget(a);
    const kept = w.levels.map((r, k) => [r, w.theta[k]]).filter(([, t]) => t > MIN_THETA);
    const total = kept.reduce((s, [, t]) => s + t, 0);
    return {
      ensemble: { tails: kept.map(([r]) => a.tailOf(r)), weights: kept.map(([, t]) => t / total) },
      // the ensemble's incumbent: the best mixed prediction over every config with data
      incumbentRows: undefined,
      scoredAt: `with Hyper-Tune's mix: ${kept.map(([r, t]) => `r = ${r}: θ = ${(t / total).toFixed(3)}`).join(", ")}`,
    };
  }

  private updateWeights(a: AcquisitionInput): void {
    const levels = [...new Set(a.resources)].sort((p, q) => p - q);
    const counts = new Map<number, number>();
    for (const r of a.resources) counts.set(r, (counts.get(r) ?? 0) + 1);
    const k = supportedLevels(levels, (r) => counts.get(r) ?? 0);
    if (k < 2) {
      this.weights = null;
      return;
    }
    const top = levels[k - 1];
    const rows = a.resources.flatMap((r, i) => (r === top ? [i] : [])).slice(-MAX_RANKED_POINTS);
    const signature = `${levels.slice(0, k).join(",")}:${rows.length}`;
    if (this.weights?.signature === signature) return;
    // the samples draw from their own generator, seeded by the data's signature: θ is a function
    // of the data, so a restored or threaded copy computes the same θ without touching the run's rng
    const rng = new Rng(hashString(signature));
    // one factorization of the joint posterior serves every lower level
    const post = new Posterior(a.X, a.y, a.n, this.setup.space.dim + 1, 1, a.params);
    const losses = levels.slice(0, k - 1).map((r) => this.levelLosses(post, a, rows, r, rng));
    losses.push(this.topLosses(a, rows, rng));
    this.weights = { levels: levels.slice(0, k), theta: thetaFromLosses(losses), signature };
  }

  /** Ranking losses of level r's joint posterior samples at the top level's configs. */
  private levelLosses(post: Posterior, a: AcquisitionInput, rows: number[], r: number, rng: Rng): number[] {
    const Q = this.atLevel(a, rows, a.tailOf(r));
    const samples = sampleFantasies(post, Q, rows.length, RANKING_SAMPLES, rng);
    const targets = rows.map((i) => a.y[i]);
    return Array.from({ length: RANKING_SAMPLES }, (_, s) => rankingLoss(targets, samples, s, RANKING_SAMPLES));
  }

  /** The top level judged by K-fold cross-validation on its own points (same hyperparameters). */
  private topLosses(a: AcquisitionInput, rows: number[], rng: Rng): number[] {
    const D = this.setup.space.dim + 1;
    const out = new Array<number>(RANKING_SAMPLES).fill(0);
    const parts = folds(rows.length);
    for (const [start, end] of parts) {
      const train = [...rows.slice(0, start), ...rows.slice(end)];
      const test = rows.slice(start, end);
      const Xt = this.atLevel(a, train, null);
      const post = new Posterior(
        Xt,
        Float64Array.from(train, (i) => a.y[i]),
        train.length,
        D,
        1,
        a.params,
      );
      const samples = sampleFantasies(post, this.atLevel(a, test, null), test.length, RANKING_SAMPLES, rng);
      const targets = test.map((i) => a.y[i]);
      for (let s = 0; s < RANKING_SAMPLES; s++)
        out[s] += rankingLoss(targets, samples, s, RANKING_SAMPLES) / parts.length;
    }
    return out;
  }

  /** The inputs of `rows`, with the resource input set to `tail` (null: kept). */
  private atLevel(a: AcquisitionInput, rows: number[], tail: number | null): Float64Array {
    const D = this.setup.space.dim + 1;
    const Q = new Float64Array(rows.length * D);
    rows.forEach((i, j) => {
      Q.set(a.X.subarray(i * D, (i + 1) * D), j * D);
      if (tail !== null) Q[j * D + D - 1] = tail;
    });
    return Q;
  }

  override fitted(): Record<string, unknown> {
    return { ...super.fitted(), hypertune: this.weights };
  }

  override adoptFitted(f: Record<string, unknown>): void {
    super.adoptFitted(f);
    this.weights = (f.hypertune as HyperTuneWeights | null) ?? null;
  }

  override state(): unknown {
    return { ...(super.state() as object), hypertune: this.weights };
  }

  protected override stateShape(): Record<string, Shape> {
    return {
      ...super.stateShape(),
      hypertune: {
        either: [
          { check: (v) => v === null, rule: "null" },
          { fields: { levels: { list: "int" }, theta: { list: "number" }, signature: "string" } },
        ],
      },
    };
  }

  override restore(state: unknown): void {
    super.restore(state);
    this.weights = (state as { hypertune: HyperTuneWeights | null }).hypertune;
  }
}

/** FNV-1a of a string, as a seed. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
