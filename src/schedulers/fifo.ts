// FIFOScheduler (algorithms §4): the ask/tell protocol of DESIGN.md (suggest /
// onReport / onComplete / onError / state / restore) and the history every scheduler shares.
// Driving it (executors, checkpoints, the run loop) is src/runtime/driver.ts's job: run() and
// joinJobs() delegate there.
import { type HpoError, TrialError, invalid } from "../errors.js";
import { type Logger, resolveLogger } from "../logger.js";
import { Rng, drawSeed } from "../random.js";
import { createSearcher } from "../searchers/factory.js";
import type { Searcher, SearcherContext } from "../searchers/searcher.js";
import type { SearcherThreadFactory } from "../searchers/thread-messages.js";
import type { Trainer } from "../space/args.js";
import type { Config } from "../space/space.js";
import { checkInt, checkKnown } from "../validate.js";
import type { TrialRecord } from "./history.js";
import { FIFO_OPTIONS, type FIFOOptions, checkStopRules, concurrencyFor } from "./options.js";
import { type Decision, type SerializedError, type TrialSuggestion, schedulerDriver } from "./protocol.js";
import { type Row, RunRecords } from "./records.js";
import { SearcherThreading } from "./searcher-thread.js";
import type { Fingerprint } from "./state-check.js";
import { FailureStreak, checkResourceOrder, checkReward, failureLine, isEmptyReport } from "./trial-checks.js";

export type { FIFOOptions } from "./options.js";

export class FIFOScheduler extends RunRecords {
  /** The run's searcher; during run() on a runtime with threads, its thread wrapper (algorithms §6.12). */
  searcher: Searcher;
  readonly seed: number;
  readonly numTrials?: number;
  readonly timeOut?: number;
  readonly maxReward?: number;
  readonly mode!: "max" | "min";
  /** Trials at once: floor(cpus / numCpus) until a run starts, then what its executor runs. */
  concurrency: number;
  readonly logger: Logger;
  protected readonly debugLog: boolean;
  protected readonly rng: Rng;
  protected nextTrialId = 0;
  protected requeue: TrialSuggestion[] = [];
  protected exhausted = false;
  private readonly kind: string;
  private readonly streak: FailureStreak;
  private warnedUnreported = false;
  readonly trialTimeout?: number;
  protected readonly options: FIFOOptions;

  constructor(
    trainer: Trainer,
    options: FIFOOptions = {},
    known: readonly string[] = FIFO_OPTIONS,
    schedulerKind = "fifo",
  ) {
    if (!trainer || typeof trainer.fn !== "function" || !trainer.space) {
      throw invalid("trainer", trainer, "the result of args(spec, fn)");
    }
    checkKnown(options, known, "options");
    const rules = checkStopRules(options);
    super(trainer, rules.rewardAttr, rules.timeAttr);
    this.options = options;
    const { numTrials, timeOut, maxReward, trialTimeout, mode } = rules;
    Object.assign(this, { numTrials, timeOut, maxReward, trialTimeout, mode });
    this.userClock = options.clock;
    this.seed = options.seed === undefined ? drawSeed() : checkInt("seed", options.seed, 0);
    this.rng = new Rng(this.seed);
    this.logger = resolveLogger(options.logger);
    const so = { ...(options.searchOptions ?? {}) };
    this.debugLog = Boolean(so.debugLog);
    delete so.debugLog;
    this.concurrency = concurrencyFor(options, schedulerDriver().cpus());
    this.kind = schedulerKind;
    this.streak = new FailureStreak(rules.maxFailures);
    const s = options.searcher ?? "random";
    this.searcher = typeof s === "string" ? createSearcher(s, this.searcherSetup(schedulerKind), so) : s;
    this.threading = new SearcherThreading(s, {
      options: so,
      enabled: options.searcherThread !== false && !this.debugLog,
      domains: this.trainer.space.domains,
      scheduler: schedulerKind,
      seed: this.seed,
      extras: this.searcherSetupExtras(),
    });
  }

  private readonly threading: SearcherThreading;

  /** Moves a GP searcher's decisions to a thread (run() does this); returns how to end it. */
  threadSearcher(spawn: SearcherThreadFactory): (() => void) | null {
    const local = this.searcher;
    const t = this.threading.start(local, spawn, this.logger);
    if (!t) return null;
    this.searcher = t;
    return () => {
      this.threading.end();
      this.searcher = local;
    };
  }

  /** Null when suggest() can answer now; else resolves when the searcher thread has a config. */
  whenReady(): Promise<void> | null {
    return this.requeue.length > 0 ? null : (this.searcher.whenReady?.() ?? null);
  }

  private searcherSetup(scheduler: string) {
    const { space } = this.trainer;
    const rng = new Rng(this.rng.seed());
    return { space, rng, logger: this.logger, debugLog: this.debugLog, scheduler, ...this.searcherSetupExtras() };
  }

  protected searcherSetupExtras(): { minResource?: number; maxResource?: number } {
    return {};
  }

  // ---------------------------------------------------------------- ask / tell

  /** The reward as the searcher sees it: a loss, lower is better. The one place the sign turns. */
  protected toLoss(reward: number): number {
    return this.mode === "min" ? reward : -reward;
  }

  /** May another trial start now? (numTrials, timeOut, maxReward, exhausted searcher) */
  mayStart(): boolean {
    this.startClock();
    if (this.exhausted && this.requeue.length === 0) return false;
    if (this.streak.reached) return false;
    if (this.numTrials !== undefined && this.nextTrialId >= this.numTrials && this.requeue.length === 0) return false;
    if (this.timeOut !== undefined && this.elapsed() >= this.timeOut) return false;
    const best = this.searcher.bestLoss();
    if (this.maxReward !== undefined && best <= this.toLoss(this.maxReward)) return false;
    return true;
  }

  /** The next trial to start, or null when there is nothing to start now. algorithms §4.3. */
  suggest(): TrialSuggestion | null {
    const again = this.requeue.shift();
    if (again) return this.begin(again);
    if (!this.mayStart()) return null;
    return this.newConfigTrial({});
  }

  /** Asks the searcher for a new config and starts a trial with it (pending at `milestone`). */
  protected newConfigTrial(ctx: SearcherContext): TrialSuggestion | null {
    const t0 = performance.now();
    const config = this.searcher.getConfig({ elapsedTime: this.elapsed(), ...ctx });
    this.threading.decideMs += performance.now() - t0;
    if (config === null) {
      this.exhausted = true;
      this.logger.warn("The searcher found no configuration that was not tried before; no new trials will start");
      return null;
    }
    const s = { trialId: this.nextTrialId++, config };
    this.searcher.registerPending(config, ctx.milestone);
    const begun = this.begin(s);
    if (this.searcher.lastNote) this.trials.get(s.trialId)!.note = this.searcher.lastNote;
    return begun;
  }

  protected begin(s: TrialSuggestion): TrialSuggestion {
    this.startClock();
    this.trials.set(s.trialId, {
      trialId: s.trialId,
      config: s.config,
      status: "running",
      resumeFrom: s.resumeFrom,
      startedAt: this.elapsed(),
    });
    this.configHistory[String(s.trialId)] = s.config;
    this.emit("trialstart", { trialId: s.trialId, config: s.config, resumeFrom: s.resumeFrom });
    return s;
  }

  /** A report from a running trial; returns the decision. Throws TrialError for an invalid report. */
  onReport(trialId: number, result: Row): Decision {
    const rec = this.trials.get(trialId);
    if (rec?.status !== "running") {
      throw new TrialError(`trial ${trialId} is not running, so its report cannot be accepted`);
    }
    if (isEmptyReport(result)) {
      this.logger.warn(`Skipping empty dict received from reporter (trial ${trialId})`);
      return "continue";
    }
    this.checkReport(trialId, result);
    const row: Row = { ...result, time_since_start: this.elapsed() };
    const size = this.searcher.dataSize?.() ?? 0;
    if (size > 0) row.searcher_data_size = size;
    for (const [k, v] of Object.entries(this.searcher.hyperparameters?.() ?? {})) row[`searcher_params_${k}`] = v;
    let decision = this.decide(rec, row);
    const limit = this.trialTimeout ?? Infinity;
    if (decision === "continue" && this.elapsed() - rec.startedAt > limit) {
      throw new TrialError(`trial ${trialId} ran for more than trialTimeout (${limit} s)`);
    }
    if (decision === "continue" && this.pastBudget()) decision = "stop";
    this.appendRow(trialId, row);
    this.emitReport(trialId, row, decision, this.toLoss(row[this.rewardAttr] as number));
    // a stop or pause ends the trial here: an ask/tell driver that never calls onEnded must not
    // leave it running (a checkpoint would restart it); onEnded later is a no-op
    if (decision !== "continue") this.onEnded(trialId);
    return decision;
  }

  protected pastBudget(): boolean {
    return this.timeOut !== undefined && !this.options.letTrialsFinish && this.elapsed() >= this.timeOut;
  }

  protected checkReport(trialId: number, result: Row): void {
    checkReward(trialId, result, this.rewardAttr);
    checkResourceOrder(trialId, result, this.timeAttr, this.lastResult.get(trialId));
  }

  /** FIFO never stops a trial early. */
  protected decide(_rec: TrialRecord, _row: Row): Decision {
    return "continue";
  }

  /** The trainer returned normally: algorithms §2.4, the searcher gets the last report once. */
  onComplete(trialId: number): void {
    const rec = this.known(trialId);
    if (rec.status === "running" && !this.lastResult.has(trialId)) this.unreported(rec);
    else this.finish(trialId, "completed");
  }

  /** The scheduler's stop/pause decision ended the trainer. */
  onEnded(trialId: number): void {
    if (this.known(trialId).status === "running") this.finish(trialId, "stopped");
  }

  onError(trialId: number, error: SerializedError): void {
    const rec = this.known(trialId);
    if (rec.status !== "running") return;
    this.end(rec, "failed", error);
    this.logger.warn(failureLine(trialId, error.message));
    this.streak.failed(trialId, error.message);
    this.searcher.evaluationFailed(rec.config);
  }

  /** A trainer that returned without a report: no result, never the best (said once per run). */
  private unreported(rec: TrialRecord): void {
    this.end(rec, "unreported");
    if (!this.warnedUnreported) {
      this.logger.warn(
        `Trial ${rec.trialId} returned without reporting ${this.rewardAttr}; such trials are marked "unreported" and never count as best`,
      );
      this.warnedUnreported = true;
    }
    this.searcher.evaluationFailed(rec.config);
  }

  protected finish(trialId: number, status: "completed" | "stopped" | "paused"): void {
    const rec = this.trials.get(trialId);
    if (rec?.status !== "running") return;
    // the searcher takes the result before "trialend" listeners run, so they see the new best
    try {
      this.feedSearcher(rec, this.lastResult.get(trialId));
    } finally {
      this.end(rec, status);
    }
    this.streak.succeeded();
  }

  /** Set when maxFailures trials failed in a row: the driver rejects run() with it. */
  stopError(): HpoError | null {
    return this.streak.reached ? this.streak.error() : null;
  }

  /** algorithms §2.4: FIFO gives the searcher the last report of a trial, once. */
  protected feedSearcher(rec: TrialRecord, last: Row | undefined): void {
    if (last) this.searcher.update(rec.config, this.toLoss(last[this.rewardAttr] as number));
  }

  // ---------------------------------------------------------------- accessors (algorithms §4.4)

  getBestConfig(): Config | undefined {
    return this.searcher.bestConfig();
  }

  /** The best reward (over all rungs under Hyperband); −∞ under "max" (+∞ under "min") before any. */
  getBestReward(): number {
    return this.toLoss(this.searcher.bestLoss()); // toLoss is its own inverse
  }

  // ---------------------------------------------------------------- checkpoint (algorithms §4.5)

  /** What a state must have been saved by to be restored here. */
  protected override fingerprint(): Fingerprint {
    return { scheduler: this.kind, space: this.trainer.space.fingerprint(), mode: this.mode };
  }

  /** A JSON-serializable snapshot; `live` keeps running trials running (see recordsState). */
  state(options: { live?: boolean } = {}): Row {
    const live = options.live ?? false;
    return {
      version: 1,
      live,
      fingerprint: this.fingerprint(),
      elapsed: this.elapsed(),
      savedAt: Date.now() / 1000,
      seed: this.seed,
      nextTrialId: this.nextTrialId,
      rng: this.rng.state(),
      searcher: this.searcher.state(),
      // for readers of the state (the dashboard); restore() ignores it
      run: {
        searcher: this.searcher.name,
        rewardAttr: this.rewardAttr,
        timeAttr: this.timeAttr,
        timeOut: this.timeOut,
        numTrials: this.numTrials,
        searcherSeconds: this.threading.seconds(),
      },
      ...this.recordsState(live, this.requeue),
      exhausted: this.exhausted,
    };
  }

  protected override applyState(state: Row): void {
    this.nextTrialId = state.nextTrialId as number;
    this.rng.load(state.rng as never);
    this.searcher.restore(state.searcher);
    this.requeue = this.restoreRecords(state);
    this.exhausted = Boolean(state.exhausted);
  }

  // ---------------------------------------------------------------- driving (src/runtime/driver.ts)

  /** Starts trials until numTrials / timeOut / maxReward say stop; returns when the last one has started. */
  run(): Promise<void> {
    return schedulerDriver().run(this);
  }

  /** Waits until every started trial has ended and the last checkpoint is written. */
  joinJobs(): Promise<void> {
    return schedulerDriver().join(this);
  }

  /** What the driver reads: where trials run, the checkpoint store, resume, the abort signal. */
  get runOptions(): Pick<FIFOOptions, "executor" | "checkpoint" | "resume" | "overwrite" | "signal"> {
    return this.options;
  }

  /** Trials a restored state lists to start again. */
  queuedToRestart(): number {
    return this.requeue.length;
  }
}
