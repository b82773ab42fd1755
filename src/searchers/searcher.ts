// The searcher side of the protocol (DESIGN "The central abstraction"): schedulers ask for
// configs and feed results back as a loss (lower is better): the scheduler turns the user's
// reward into a loss in one place, so no searcher converts a sign.
import type { Logger } from "../logger.js";
import type { Rng, RngState } from "../random.js";
import { RNG_SHAPE, type Shape, checkShape } from "../validate.js";
import type { Config, SearchSpace } from "../space/space.js";

export interface SearcherContext {
  /** Seconds since the run started. */
  elapsedTime?: number;
  /** Hyperband: the bracket and the first milestone of the new config. */
  bracket?: number;
  milestone?: number;
}

export interface SearcherSetup {
  space: SearchSpace;
  rng: Rng;
  logger: Logger;
  debugLog: boolean;
  /** 'fifo' | 'hyperband_stopping' | 'hyperband_promotion' */
  scheduler: string;
  minResource?: number;
  maxResource?: number;
}

export interface Searcher {
  readonly name: string;
  /** A new config, or null when the space is exhausted. */
  getConfig(ctx?: SearcherContext): Config | null;
  /** A result: `loss` is lower-is-better (the scheduler's toLoss of the reward). */
  update(config: Config, loss: number, resource?: number, terminated?: boolean): void;
  registerPending(config: Config, resource?: number): void;
  evaluationFailed(config: Config): void;
  /** The scheduler ended the config's trial: drop its remaining pending entries (algorithms §5.6). */
  dropPending?(config: Config): void;
  /** Drops the labeled result of (config, resource) ('rungs_and_last', algorithms §5.6). */
  removeCase?(config: Config, resource: number): void;
  bestConfig(): Config | undefined;
  /** The lowest loss passed to update() (+∞ before any). */
  bestLoss(): number;
  /** Model hyperparameters by name (GP searchers), added to history rows as searcher_params_*. */
  hyperparameters?(): Record<string, number>;
  /**
   * Multi-fidelity model searchers: each config's predicted loss at the maximum resource, on any
   * monotone scale (only the order is used), or null without a model (algorithms §5.8). Configs
   * come as their keys (SearchSpace.key): the rungs hold keys, and a report must not re-key them.
   */
  predictAtMaxT?(keys: readonly string[]): Float64Array | null;
  /**
   * Searchers that weight Hyperband's brackets (Hyper-Tune, algorithms §6.13): the distribution to
   * draw the next bracket from, given the scheduler's default; null keeps the default.
   */
  bracketDistribution?(defaults: readonly number[]): number[] | null;
  /** Number of labeled points the model has (added as searcher_data_size when > 0). */
  dataSize?(): number;
  /**
   * Searchers whose decisions can run in a thread (src/searchers/threaded.ts, algorithms §6.12)
   * have these five: whether the next getConfig is a model decision (else a cheap random one);
   * whether a config may still be proposed;
   * recording a config that another copy of the searcher proposed; and the fitted part of the
   * state (hyperparameters, the kept mean model) out of that copy and into this one.
   */
  usesModel?(): boolean;
  adopt?(config: Config): void;
  /** Not yet labeled, pending or failed: a prepared config may still be proposed. */
  isFree?(config: Config): boolean;
  /** A searcher thread's wrapper: resolves when getConfig can answer without deciding inline. */
  whenReady?(): Promise<void> | null;
  fitted?(): Record<string, unknown>;
  adoptFitted?(fitted: Record<string, unknown>): void;
  /** Set when the last getConfig had to deviate (e.g. fell back to random); kept in the trial record. */
  lastNote?: string;
  state(): unknown;
  restore(state: unknown): void;
}

/**
 * algorithms §6.1: `results` maps a config to the lowest loss passed to
 * update(); proposed configs enter with +∞ so they count as seen.
 */
export abstract class BaseSearcher implements Searcher {
  abstract readonly name: string;
  protected results = new Map<string, { config: Config; loss: number }>();
  protected ids = new Map<string, number>();

  constructor(protected readonly setup: SearcherSetup) {}

  abstract getConfig(ctx?: SearcherContext): Config | null;

  protected key(config: Config): string {
    return this.setup.space.key(config);
  }

  /** Config ids in the order configs were first proposed (debug log, algorithms §7). */
  protected idOf(config: Config): number {
    const k = this.key(config);
    let id = this.ids.get(k);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(k, id);
    }
    return id;
  }

  protected propose(config: Config): void {
    const k = this.key(config);
    if (!this.results.has(k)) this.results.set(k, { config, loss: Infinity });
    this.idOf(config);
  }

  update(config: Config, loss: number, resource?: number): void {
    const k = this.key(config);
    const old = this.results.get(k);
    this.results.set(k, { config, loss: Math.min(old?.loss ?? Infinity, loss) });
    if (this.setup.debugLog) {
      const r = resource === undefined ? "" : `:${resource}`;
      this.setup.logger.info(`Update for config_id ${this.idOf(config)}${r}: loss = ${loss}`);
    }
  }

  registerPending(_config: Config, _resource?: number): void {}

  evaluationFailed(_config: Config): void {}

  bestConfig(): Config | undefined {
    // a config without a result (loss +∞) is never the best
    let best: { config: Config; loss: number } | undefined;
    for (const r of this.results.values()) if (r.loss < (best?.loss ?? Number.POSITIVE_INFINITY)) best = r;
    return best?.config;
  }

  bestLoss(): number {
    let b = Infinity;
    for (const r of this.results.values()) b = Math.min(b, r.loss);
    return b;
  }

  state(): unknown {
    return { results: [...this.results.values()], ids: [...this.ids.entries()], rng: this.setup.rng.state() };
  }

  /** The shape of state(): subclasses add their fields. */
  protected stateShape(): Record<string, Shape> {
    const config = this.setup.space.configShape();
    return {
      results: { list: { fields: { config, loss: "number|null" } } },
      ids: { list: { tuple: ["string", "int"] } },
      rng: RNG_SHAPE,
    };
  }

  restore(state: unknown): void {
    checkShape(state, { fields: this.stateShape() }, "state.searcher");
    const s = state as { results: { config: Config; loss: number | null }[]; ids: [string, number][]; rng: RngState };
    this.setup.rng.load(s.rng);
    // JSON turns +∞ (proposed, no result yet) into null
    this.results = new Map(s.results.map((r) => [this.key(r.config), { config: r.config, loss: r.loss ?? Infinity }]));
    this.ids = new Map(s.ids);
  }

  protected logConfig(header: string, config: Config): void {
    if (!this.setup.debugLog) return;
    const lines = Object.entries(config).map(([k, v]) => `${k}: ${v}`);
    this.setup.logger.info([header, ...lines].join("\n"));
  }
}
