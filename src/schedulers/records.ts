// What a run records, apart from how it decides: its clock, each trial's config and fate, the
// report rows in arrival order, and the views of them (the results table, CSV, curves, JSON).
// FIFOScheduler and HyperbandScheduler extend it. Restoring a state happens here: checked
// first, then applied whole or not at all, and the clock continues (algorithms §4.5).
import { ConfigError, HpoError, TrialError } from "../errors.js";
import type { Trainer } from "../space/args.js";
import type { Config } from "../space/space.js";
import { type Shape, checkShape } from "../validate.js";
import { type ResultRow, type TrialRecord, type TrialStatus, resultsTable, toCSV, trainingCurves } from "./history.js";
import type { SerializedError, TrialSuggestion } from "./protocol.js";
import { type Fingerprint, checkState } from "./state-check.js";

export type Row = Record<string, unknown>;

/** The events a scheduler dispatches (an EventTarget: every runtime has one). */
export interface RunEvents {
  /** A trial started (a new config, or a paused one resumed). */
  trialstart: { trialId: number; config: Config; resumeFrom?: number };
  /** A report was recorded, with the decision it got. */
  report: { trialId: number; row: Row; decision: string };
  /** A trial ended: completed, stopped, paused, failed or unreported. */
  trialend: { trialId: number; status: string; error?: { message: string } };
  /** A report beat every earlier one (the incumbent of resultsTable()). */
  best: { trialId: number; reward: number; config: Config };
}

export abstract class RunRecords extends EventTarget {
  /** Report rows per trial id (as strings, like AutoGluon), in arrival order. */
  trainingHistory: Record<string, Row[]> = {};
  configHistory: Record<string, Config> = {};
  trials = new Map<number, TrialRecord>();
  /** Epoch seconds when run() started. */
  startTime?: number;
  protected lastResult = new Map<number, Row>();
  abstract readonly seed: number;
  abstract readonly mode: "max" | "min";
  /** Unset until the first ask (or run()): a scheduler made long before it is used has spent no time. */
  private clock: (() => number) | null = null;
  /** An ask/tell driver's own clock in seconds (the `clock` option); else the wall clock. */
  protected userClock?: () => number;
  /** Seconds a restored run had already used: its clock continues from there. */
  private timeUsed = 0;

  /** The best reward in any report so far, as a loss (for the "best" event). */
  private bestSeen = Number.POSITIVE_INFINITY;

  constructor(
    readonly trainer: Trainer,
    readonly rewardAttr: string,
    readonly timeAttr: string,
  ) {
    super();
  }

  /** The record of a trial this scheduler started; an unknown id is the caller's error. */
  protected known(trialId: number): TrialRecord {
    const rec = this.trials.get(trialId);
    if (!rec) throw new TrialError(`trial ${trialId} is unknown to this scheduler (it never started it)`);
    return rec;
  }

  /** Records how a trial ended, and says so ("trialend"). */
  protected end(rec: TrialRecord, status: TrialStatus, error?: SerializedError): void {
    rec.status = status;
    rec.endedAt = this.elapsed();
    if (error) rec.error = error;
    this.emit("trialend", { trialId: rec.trialId, status, ...(error ? { error } : {}) });
  }

  /** Dispatches `type` with `detail` (a CustomEvent): `scheduler.addEventListener("best", …)`. */
  protected emit<K extends keyof RunEvents>(type: K, detail: RunEvents[K]): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  /** Emits "report", and "best" when the report's reward beats every earlier one. */
  protected emitReport(trialId: number, row: Row, decision: string, loss: number): void {
    this.emit("report", { trialId, row, decision });
    if (!(loss < this.bestSeen)) return;
    this.bestSeen = loss;
    this.emit("best", { trialId, reward: row[this.rewardAttr] as number, config: this.configHistory[String(trialId)] });
  }

  abstract getBestConfig(): Config | undefined;
  abstract getBestReward(): number;
  abstract state(options?: { live?: boolean }): Row;
  /** What a state must have been saved by to be restored here. */
  protected abstract fingerprint(): Fingerprint;
  /** The shape of state() (the searcher checks its own part when it restores). */
  protected stateShape(): Record<string, Shape> {
    const config = this.trainer.space.configShape();
    const status = {
      check: (v: unknown) => STATUSES.includes(v as TrialStatus),
      rule: `one of ${STATUSES.join(", ")}`,
    };
    const trial: Shape = {
      fields: {
        trialId: "int",
        config,
        status,
        startedAt: "number",
        resumeFrom: "int",
        endedAt: "number",
        note: "string",
      },
      optional: ["resumeFrom", "endedAt", "note"],
    };
    const rows = {
      check: (v: unknown) => isRecordOf(v, (r) => Array.isArray(r) && r.every(isPlainObject)),
      rule: "an object of report lists",
    };
    return {
      trials: { list: trial },
      running: { list: { fields: { trialId: "int", config, resumeFrom: "int" }, optional: ["resumeFrom"] } },
      trainingHistory: rows,
      configHistory: {
        check: (v: unknown) => isRecordOf(v, (c) => this.trainer.space.isConfig(c)),
        rule: "an object of configs",
      },
    };
  }

  /** Applies a checked state (may throw midway: restore() then rolls back). */
  protected abstract applyState(state: Row): void;

  /** Seconds since the run started, on the executor's clock (a resumed run continues its time). */
  elapsed(): number {
    return this.timeUsed + (this.clock ? this.clock() : 0);
  }

  /** The first ask starts the clock, so timeOut counts from there (algorithms §4.2). */
  protected startClock(): void {
    this.clock ??= relativeClock(this.userClock);
  }

  /** The driver sets the clock when a run starts (the executor's; virtual for the simulator). */
  useClock(now: () => number): void {
    this.clock = now;
  }

  /**
   * Continues from a state: checked first (shape, scheduler kind, search space), and applied as
   * a whole or not at all, so a failed restore leaves the scheduler as it was.
   */
  restore(state: unknown): void {
    const s = checkState(state, this.fingerprint());
    checkShape(s, { fields: this.stateShape() }, "state");
    const before = this.state({ live: true });
    try {
      this.applyState(s);
    } catch (e) {
      this.applyState(before);
      if (e instanceof HpoError) throw e;
      throw new ConfigError(`The value of state is not a state this scheduler can restore (${(e as Error).message})`);
    }
    // a checkpoint's process ended when it was saved; a live state's run went on meanwhile
    const since = s.live && typeof s.savedAt === "number" ? Math.max(0, Date.now() / 1000 - s.savedAt) : 0;
    this.timeUsed = (s.elapsed as number) + since;
    this.clock = relativeClock(this.userClock);
  }

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
    return resultsTable(this.trainingHistory, this.rewardAttr, this.timeAttr, this.mode);
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
   * scheduler between requests while trials run elsewhere (an edge function). `waiting` are
   * trials a restored state listed to start again that have not started yet: still listed.
   */
  protected recordsState(live: boolean, waiting: readonly TrialSuggestion[]): Record<string, unknown> {
    const all = [...this.trials.values()];
    const kept = all.filter((t) => live || t.status !== "running");
    const keptIds = new Set(kept.map((t) => String(t.trialId)));
    const pick = <T>(o: Record<string, T>) => Object.fromEntries(Object.entries(o).filter(([k]) => keptIds.has(k)));
    const running: TrialSuggestion[] = [
      ...waiting,
      ...all
        .filter((t) => !live && t.status === "running")
        .map((t) => ({ trialId: t.trialId, config: t.config, resumeFrom: t.resumeFrom })),
    ];
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
    this.bestSeen = Number.POSITIVE_INFINITY;
    for (const [id, rows] of Object.entries(this.trainingHistory)) {
      if (rows.length) this.lastResult.set(Number(id), rows[rows.length - 1]);
      for (const r of rows) {
        const v = r[this.rewardAttr];
        if (typeof v === "number") this.bestSeen = Math.min(this.bestSeen, this.mode === "min" ? v : -v);
      }
    }
    return [...(state.running as TrialSuggestion[])].sort((a, b) => a.trialId - b.trialId);
  }
}

/** Seconds since now on `now` (default: the wall clock). */
function relativeClock(now: () => number = () => performance.now() / 1000): () => number {
  const origin = now();
  return () => now() - origin;
}

const STATUSES: TrialStatus[] = ["running", "completed", "stopped", "paused", "failed", "unreported"];
const isPlainObject = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);
const isRecordOf = (v: unknown, each: (x: unknown) => boolean) =>
  isPlainObject(v) && Object.values(v as object).every(each);
