// What the multi-fidelity searcher knows (algorithms §6.4, §6.10, §6.11): labeled (config, level)
// cases, pending (config, level) pairs and failed configs, with their state for checkpoints.
// Kept apart from mobster.ts so that file holds the algorithm and this one the bookkeeping.
import type { Config, SearchSpace } from "../space/space.js";
import type { Shape } from "../validate.js";
import type { Case } from "./mobster-options.js";

export interface PendingCase {
  config: Config;
  key: string;
  r: number;
}

export interface LevelDataState {
  labeled: Case[];
  pending: PendingCase[];
  failed: string[];
}

export class LevelData {
  labeled: Case[] = [];
  pending: PendingCase[] = [];
  failed = new Set<string>();

  /** A result at level r replaces any earlier one there; its pending entry goes (all of them if the trial ended). */
  label(config: Config, key: string, r: number, criterion: number, terminated: boolean): void {
    this.pending = this.pending.filter((p) => !(p.key === key && (p.r === r || terminated)));
    this.labeled = this.labeled.filter((l) => !(l.key === key && l.r === r));
    this.labeled.push({ config, key, r, criterion });
  }

  addPending(config: Config, key: string, r: number): void {
    if (this.labeled.some((l) => l.key === key && l.r === r)) return;
    if (!this.pending.some((p) => p.key === key && p.r === r)) this.pending.push({ config, key, r });
  }

  /** The scheduler ended the trial: its config's remaining pending entries go (algorithms §5.6). */
  dropPending(key: string): void {
    this.pending = this.pending.filter((p) => p.key !== key);
  }

  removeCase(key: string, r: number): void {
    this.labeled = this.labeled.filter((l) => !(l.key === key && l.r === r));
  }

  fail(key: string): void {
    this.dropPending(key);
    this.failed.add(key);
  }

  /** Keys of configs labeled, pending or failed, at any level. */
  blacklist(): Set<string> {
    return new Set([...this.labeled.map((l) => l.key), ...this.pending.map((p) => p.key), ...this.failed]);
  }

  /** Results at or above maxT among all labeled data (not a model's subsample, whose draw varies). */
  countAtLeast(maxT: number): number {
    return this.labeled.filter((l) => l.r >= maxT).length;
  }

  /** Labeled counts per level, ascending by level. */
  levelCounts(): Map<number, number> {
    const counts = new Map<number, number>();
    for (const l of this.labeled) counts.set(l.r, (counts.get(l.r) ?? 0) + 1);
    return new Map([...counts].sort((a, b) => a[0] - b[0]));
  }

  state(): LevelDataState {
    return { labeled: this.labeled, pending: this.pending, failed: [...this.failed] };
  }

  static shape(space: SearchSpace): Record<keyof LevelDataState, Shape> {
    const [config, key] = [space.configShape(), space.keyShape()];
    return {
      labeled: { list: { fields: { config, key, r: "int", criterion: "number" } } },
      pending: { list: { fields: { config, key, r: "int" } } },
      failed: { list: key },
    };
  }

  restore(s: LevelDataState): void {
    this.labeled = s.labeled;
    this.pending = s.pending;
    this.failed = new Set(s.failed);
  }
}
