// What the two GP searchers (bayesopt under FIFO, MOBSTER under Hyperband) share: the choice
// between the random and the BO path (algorithms §6.3 get_config), the fallback to a random config
// when a BO step fails, the model's subsample, and target normalization.
import { invalid } from "../errors.js";
import type { ParamSpec } from "../gp/params.js";
import { gpDecision } from "../gp/wasm.js";
import { checkInt, checkAtLeast, checkOneOf } from "../validate.js";
import type { Config } from "../space/space.js";
import type { Acquisition } from "./bo-step.js";
import { BaseSearcher, type SearcherContext } from "./searcher.js";

/** The searchOptions both GP searchers take (algorithms §6.3 table), validated. */
export interface GPCommonOptions {
  numInitRandom: number;
  numInitCandidates: number;
  initialScoring: "thompson_indep" | "acq_func";
  numFantasySamples: number;
  optNStarts: number;
  optMaxiter: number;
  optWarmstart: boolean;
  optSkipInitLength: number;
  optSkipPeriod: number;
  /** Past optSkipInitLength, a refit also waits until the labeled data grew by this factor (algorithms §6.5). */
  refitGrowth: number;
  mapReward: "1_minus_x" | "minus_x";
  firstIsDefault: boolean;
  maxSizeDataForModel: number;
  /** The hyperparameter fit sees at most this many of the model's points (algorithms §6.5). */
  maxSizeDataForFit: number;
}

/**
 * The default refitGrowth: a refit costs O(n³) per L-BFGS-B step (about 1 s at 500 points), so
 * refitting at every decision made MOBSTER spend most of a run deciding (issue 15). Refitting when
 * the data grew by a quarter costs about 11 fits from 150 to 1,500 points; 1 is AutoGluon's schedule.
 */
export const REFIT_GROWTH = 1.25;

/**
 * The default maxSizeDataForFit. Each of a fit's 100-odd likelihood evaluations costs O(n³); at
 * the model's 500 points a fit took 1.2–2.2 s and was 45 % of the searcher's time in bench:overhead
 * (issue 15). Hyperparameters estimated on 256 of those points cost an eighth; the posterior still
 * conditions on all of them.
 */
export const MAX_SIZE_DATA_FOR_FIT = 256;

const COMMON = [
  "numInitRandom",
  "numInitCandidates",
  "initialScoring",
  "numFantasySamples",
  "optNStarts",
  "optMaxiter",
  "optWarmstart",
  "optSkipInitLength",
  "optSkipPeriod",
  "refitGrowth",
  "mapReward",
  "firstIsDefault",
  "maxSizeDataForModel",
  "maxSizeDataForFit",
];

/**
 * Validates searchOptions: the common ones (with `numInitRandom` defaulting to `initRandom`:
 * 3 under FIFO, 10 under Hyperband) plus the names in `extra`, which the caller reads itself.
 */
export function parseGPOptions(
  options: Record<string, unknown>,
  initRandom: number,
  extra: readonly string[] = [],
): GPCommonOptions {
  const known = [...COMMON, ...extra];
  for (const k of Object.keys(options))
    if (!known.includes(k))
      throw invalid(`searchOptions.${k}`, options[k], `one of the known options (${known.join(", ")})`);
  const g = (k: string) => options[k] as never;
  return {
    numInitRandom: checkInt("searchOptions.numInitRandom", g("numInitRandom") ?? initRandom, 0),
    numInitCandidates: checkInt("searchOptions.numInitCandidates", g("numInitCandidates") ?? 250, 5),
    initialScoring: checkOneOf("searchOptions.initialScoring", g("initialScoring") ?? "thompson_indep", [
      "thompson_indep",
      "acq_func",
    ] as const),
    numFantasySamples: checkInt("searchOptions.numFantasySamples", g("numFantasySamples") ?? 20, 1),
    optNStarts: checkInt("searchOptions.optNStarts", g("optNStarts") ?? 2, 1),
    optMaxiter: checkInt("searchOptions.optMaxiter", g("optMaxiter") ?? 50, 1),
    optWarmstart: Boolean(g("optWarmstart") ?? false),
    optSkipInitLength: checkInt("searchOptions.optSkipInitLength", g("optSkipInitLength") ?? 150, 0),
    optSkipPeriod: checkInt("searchOptions.optSkipPeriod", g("optSkipPeriod") ?? 1, 1),
    refitGrowth: checkAtLeast("searchOptions.refitGrowth", g("refitGrowth") ?? REFIT_GROWTH, 1),
    mapReward: checkOneOf("searchOptions.mapReward", g("mapReward") ?? "1_minus_x", ["1_minus_x", "minus_x"] as const),
    firstIsDefault: Boolean(g("firstIsDefault") ?? true),
    maxSizeDataForModel: checkInt("searchOptions.maxSizeDataForModel", g("maxSizeDataForModel") ?? 500, 2),
    maxSizeDataForFit: checkInt("searchOptions.maxSizeDataForFit", g("maxSizeDataForFit") ?? MAX_SIZE_DATA_FOR_FIT, 2),
  };
}

export abstract class GPSearcherBase extends BaseSearcher {
  /** Why the last getConfig fell back to random, if it did. */
  lastNote: string | undefined;
  protected abstract readonly common: GPCommonOptions;
  /** The GP's hyperparameters: their specs and current external values. */
  protected abstract specs: ParamSpec[];
  protected abstract params: Float64Array;

  /** Keys of configs labeled, pending or failed (at any resource). */
  protected abstract blacklist(): Set<string>;
  /** Number of labeled points (or (config, resource) pairs). */
  abstract dataSize(): number;
  protected abstract boStep(black: Set<string>, id: number, ctx?: SearcherContext): Config | null;

  /** algorithms §6.3 get_config: a BO step once numInitRandom configs were tried and a result is in. */
  usesModel(black = this.blacklist()): boolean {
    return black.size >= this.common.numInitRandom && this.dataSize() > 0;
  }

  /** A config that a thread's copy of this searcher proposed counts as proposed here. */
  adopt(config: Config): void {
    this.propose(config);
  }

  isFree(config: Config): boolean {
    return !this.blacklist().has(this.key(config));
  }

  abstract fitted(): Record<string, unknown>;
  abstract adoptFitted(fitted: Record<string, unknown>): void;

  getConfig(ctx?: SearcherContext): Config | null {
    const { logger, debugLog } = this.setup;
    this.lastNote = undefined;
    const black = this.blacklist();
    const id = this.ids.size;
    let config: Config | null = null;
    if (!this.usesModel(black)) {
      if (debugLog) logger.info(`Starting get_config[random] for config_id ${id}`);
      config = this.randomConfig(black, true);
      if (config) this.logConfig(`[${this.idOf(config)}: random]`, config);
    } else {
      if (debugLog) logger.info(`Starting get_config[BO] for config_id ${id}`);
      try {
        config = gpDecision(() => this.boStep(black, id, ctx));
      } catch (e) {
        this.lastNote = `BO step failed (${(e as Error).message}); a random configuration was used instead`;
        logger.warn(this.lastNote);
        config = this.randomConfig(black, false);
        if (config) this.logConfig(`[${this.idOf(config)}: random (fallback)]`, config);
      }
    }
    if (config) this.propose(config);
    return config;
  }

  /**
   * The criterion the GP models: the loss, shifted by 1 under mapReward "1_minus_x" (1 − reward
   * for a reward in [0, 1]). The shift is invisible after normalization except where a kernel
   * reads absolute criterion values (the exp-decay kernels' bound on γ).
   */
  protected criterion(loss: number): number {
    return this.common.mapReward === "1_minus_x" ? 1 + loss : loss;
  }

  /** Current GP hyperparameters by name (for `searcher_params_*` in the history, algorithms §2.2). */
  hyperparameters(): Record<string, number> {
    return Object.fromEntries(this.specs.map((s, i) => [s.name, this.params[i]]));
  }

  /** The default config first (if allowed and nothing was tried), else up to 50 unseen draws. */
  protected randomConfig(black: Set<string>, allowDefault: boolean): Config | null {
    const { space, rng, logger, debugLog } = this.setup;
    if (allowDefault && this.common.firstIsDefault && black.size === 0) {
      const c = space.defaultConfig();
      if (debugLog) logger.info(`Start with default config:\n${JSON.stringify(c)}`);
      return c;
    }
    for (let t = 0; t < 50; t++) {
      const c = space.sample(rng);
      if (!black.has(this.key(c))) return c;
    }
    return null;
  }

  /**
   * Failed configs enter the model with the worst criterion seen (algorithms §6.10): the
   * reference only blacklists the exact config, so the model keeps proposing its neighbours,
   * and a region where every trial fails at once could take a whole run.
   */
  protected imputeFailures<T extends { criterion: number }>(labeled: T[], failed: T[]): T[] {
    if (labeled.length === 0 || failed.length === 0) return labeled;
    const worst = Math.max(...labeled.map((l) => l.criterion));
    return labeled.concat(failed.map((f) => ({ ...f, criterion: worst })));
  }

  /** All items, or past `max` (maxSizeDataForModel) the best half plus a random rest (syne-tune's rule). */
  protected subsample<T extends { criterion: number }>(items: T[], max = this.common.maxSizeDataForModel): T[] {
    if (items.length <= max) return items;
    const sorted = [...items].sort((a, b) => a.criterion - b.criterion);
    const keep = sorted.slice(0, Math.floor(max / 2));
    const rest = sorted.slice(keep.length);
    for (let i = rest.length - 1; i > 0; i--) {
      const j = this.setup.rng.int(i + 1);
      [rest[i], rest[j]] = [rest[j], rest[i]];
    }
    return keep.concat(rest.slice(0, max - keep.length));
  }

  /** algorithms §7: the debug log of one BO step; `labeled` / `pending` are ids (with ":r" under Hyperband). */
  protected logBOStep(
    id: number,
    acq: Acquisition,
    labeled: string[],
    pending: string[],
    y: Float64Array,
    extra: string[] = [],
  ): void {
    const lines = [
      `[${id}: BO] (${acq.evaluations} evaluations)`,
      ...Object.entries(acq.config ?? {}).map(([k, v]) => `${k}: ${v}`),
      "Started BO from (top scorer):",
      ...Object.entries(acq.start).map(([k, v]) => `${k}: ${v}`),
      `Top score values: [${acq.topScores.map((s) => s.toPrecision(6)).join(", ")}]`,
      `Labeled: ${labeled.join(",")}. Pending: ${pending.join(",")}`,
      `Targets: [${Array.from(y, (v) => v.toPrecision(6)).join(", ")}]`,
      `GP params:${JSON.stringify(this.hyperparameters())}`,
      ...(acq.fantasies
        ? ["Fantasized targets:", ...acq.fantasies.map((r) => `[${r.map((v) => v.toPrecision(5)).join(", ")}]`)]
        : []),
      ...extra,
    ];
    this.setup.logger.info(lines.join("\n"));
  }

  /**
   * The rows (n of them, D columns in X) a hyperparameter fit sees: all of them, or past
   * maxSizeDataForFit the same rule as the model's subsample (best half, random rest) applied again.
   */
  protected fitData(
    X: Float64Array,
    y: Float64Array,
    n: number,
    D: number,
  ): { X: Float64Array; y: Float64Array; n: number } {
    if (n <= this.common.maxSizeDataForFit) return { X, y, n };
    const rows = this.subsample(
      Array.from(y, (criterion, i) => ({ criterion, i })),
      this.common.maxSizeDataForFit,
    ).map((r) => r.i);
    const Xf = new Float64Array(rows.length * D);
    rows.forEach((i, k) => Xf.set(X.subarray(i * D, (i + 1) * D), k * D));
    return { X: Xf, y: Float64Array.from(rows, (i) => y[i]), n: rows.length };
  }

  /**
   * algorithms §6.5: may the hyperparameters be refit now? `N` labeled points, `fittedN` at the last
   * fit; `skipRule` is the searcher's optSkip* rule past optSkipInitLength.
   */
  protected refitDue(N: number, fittedN: number, skipRule: boolean): boolean {
    if (N < this.common.optSkipInitLength) return true;
    return skipRule && N >= fittedN * this.common.refitGrowth;
  }

  /** algorithms §6.3 step 1: ỹ = (y − mean) / max(population std, 1e-15). */
  protected normalize(criteria: number[]): { y: Float64Array; meanY: number; stdY: number } {
    const n = criteria.length;
    const meanY = criteria.reduce((a, b) => a + b, 0) / n;
    const stdY = Math.max(Math.sqrt(criteria.reduce((a, b) => a + (b - meanY) ** 2, 0) / n), 1e-15);
    return { y: Float64Array.from(criteria, (c) => (c - meanY) / stdY), meanY, stdY };
  }
}
