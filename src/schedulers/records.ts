// What a run records, apart from how it decides: each trial's config and fate, the report rows
// in arrival order, and the views of them (the results table, CSV, curves, JSON). FIFOScheduler
// and HyperbandScheduler extend it; its part of a checkpoint is saved and restored here.
import type { Trainer } from "../space/args.js";
import type { Config } from "../space/space.js";
import { type ResultRow, type TrialRecord, resultsTable, toCSV, trainingCurves } from "./history.js";
import type { TrialSuggestion } from "./protocol.js";

export type Row = Record<string, unknown>;

export abstract class RunRecords {
  /** Report rows per trial id (as strings, like AutoGluon), in arrival order. */
  trainingHistory: Record<string, Row[]> = {};
  configHistory: Record<string, Config> = {};
  trials = new Map<number, TrialRecord>();
  /** Epoch seconds when run() started. */
  startTime?: number;
  protected lastResult = new Map<number, Row>();
  abstract readonly seed: number;

  constructor(
    readonly trainer: Trainer,
    readonly rewardAttr: string,
    readonly timeAttr: string,
  ) {}

  abstract getBestConfig(): Config | undefined;
  abstract getBestReward(): number;

  /** The first trial that ran the best config. */
  getBestTaskId(): number | undefined {
    const best = this.getBestConfig();
    if (!best) return undefined;
    const key = this.trainer.space.key(best);
    for (const [id, c] of Object.entries(this.configHistory)) if (this.trainer.space.key(c) === key) return Number(id);
    return undefined;
  }

  /** One curve per trial: x = timeAttr, y = rewardAttr. */
  trainingCurves(): Record<string, { x: number[]; y: number[] }> {
    return trainingCurves(this.trainingHistory, this.rewardAttr, this.timeAttr);
  }

  resultsTable(): ResultRow[] {
    return resultsTable(this.trainingHistory, this.rewardAttr, this.timeAttr);
  }

  toCSV(): string {
    return toCSV(this.resultsTable());
  }

  toJSON(): object {
    return {
      seed: this.seed,
      startTime: this.startTime,
      bestConfig: this.getBestConfig(),
      bestReward: this.getBestReward(),
      bestTaskId: this.getBestTaskId(),
      trials: [...this.trials.values()],
      trainingHistory: this.trainingHistory,
      configHistory: this.configHistory,
    };
  }

  protected appendRow(trialId: number, row: Row): void {
    (this.trainingHistory[String(trialId)] ??= []).push(row);
    this.lastResult.set(trialId, row);
  }

  /**
   * The records' part of a snapshot. For a checkpoint (not `live`) trials running at save time
   * are left out of the records and listed in `running`, to be started again on resume with the
   * same id and config; a `live` snapshot keeps them running, for drivers that keep the
   * scheduler between requests while trials run elsewhere (an edge function).
   */
  protected recordsState(live: boolean): Record<string, unknown> {
    const all = [...this.trials.values()];
    const kept = all.filter((t) => live || t.status !== "running");
    const keptIds = new Set(kept.map((t) => String(t.trialId)));
    const pick = <T>(o: Record<string, T>) => Object.fromEntries(Object.entries(o).filter(([k]) => keptIds.has(k)));
    const running: TrialSuggestion[] = live
      ? []
      : all
          .filter((t) => t.status === "running")
          .map((t) => ({ trialId: t.trialId, config: t.config, resumeFrom: t.resumeFrom }));
    return {
      trials: kept,
      running,
      trainingHistory: pick(this.trainingHistory),
      configHistory: pick(this.configHistory),
    };
  }

  /** Restores the records; returns the trials to start again, by id. */
  protected restoreRecords(state: Record<string, unknown>): TrialSuggestion[] {
    this.trials = new Map((state.trials as TrialRecord[]).map((t) => [t.trialId, t]));
    this.trainingHistory = state.trainingHistory as Record<string, Row[]>;
    this.configHistory = state.configHistory as Record<string, Config>;
    this.lastResult.clear();
    for (const [id, rows] of Object.entries(this.trainingHistory)) {
      if (rows.length) this.lastResult.set(Number(id), rows[rows.length - 1]);
    }
    return [...(state.running as TrialSuggestion[])].sort((a, b) => a.trialId - b.trialId);
  }
}
