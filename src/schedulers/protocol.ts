// The protocols around a scheduler, as types, so that imports point down: the ask/tell types a
// driver sees, the executor a driver starts trials on, and the driver itself. Executors and the
// driver live in src/runtime and implement these. Executors differ in where trainers run (this
// thread, worker threads, a simulated clock, a queue), not in the protocol: the report callback is
// synchronous and returns the scheduler's decision.
import { HpoError } from "../errors.js";
import type { Trainer } from "../space/args.js";
import type { Config } from "../space/space.js";

/** What a scheduler answers to a report. */
export type Decision = "continue" | "stop" | "pause";

/** A trial to start: a new config, or (promotion-type Hyperband) a paused one resumed. */
export interface TrialSuggestion {
  trialId: number;
  config: Config;
  /** Promotion-type Hyperband: the resource level the config had reached. */
  resumeFrom?: number;
  /** Promotion-type Hyperband: the id of the paused trial this one continues (a new id runs it). */
  resumes?: number;
}

/** The `executor` option: builds the executor a run starts its trials on. */
export type ExecutorFactory = (trainer: Trainer, concurrency: number) => Executor;

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

export interface StartRequest {
  trialId: number;
  /** Full trainer arguments: fixed values plus the config. */
  args: Config;
  resumeFrom?: number;
  /** Trials with the same key share a checkpoint slot (a paused config and its resumption). */
  checkpointKey?: string;
}

export interface TrialCallbacks {
  /** A report arrived; returns the decision (or an error that fails the trial). */
  report(trialId: number, result: Record<string, unknown>): Decision | SerializedError;
  /** The trainer returned (after 'continue' decisions only). */
  complete(trialId: number): void;
  /** The trainer failed, or its worker died. */
  fail(trialId: number, error: SerializedError): void;
  /** The trainer ended after being told to stop or pause. */
  ended(trialId: number): void;
}

export interface Executor {
  /** Trials that can run at once. */
  readonly capacity: number;
  /** Number of trials running now. */
  readonly running: number;
  /** Connects to what the executor needs (a queue); run() awaits it before the first trial. */
  open?(): Promise<void>;
  /** Seconds on this executor's clock (virtual for the simulator). */
  now(): number;
  start(request: StartRequest, callbacks: TrialCallbacks): void;
  /** Resolves when some running trial has ended (immediately if none runs). */
  waitForAny(): Promise<void>;
  /** Tells every running trial to stop at its next report. */
  stopAll(): void;
  /**
   * Stops waiting for a trial that timed out or outlived an aborted run: a worker running it is
   * terminated and replaced; an inline trainer cannot be killed and is only no longer waited for.
   * The executor calls none of the trial's callbacks afterwards.
   */
  abandon?(trialId: number): void;
  /** True when now() is a simulated clock: wall-clock timers do not apply. */
  readonly virtualClock?: boolean;
  /** Frees resources (worker threads). */
  close(): Promise<void>;
}

export function serializeError(e: unknown): SerializedError {
  if (e instanceof Error) return { name: e.name, message: e.message, stack: e.stack };
  return { name: "Error", message: String(e) };
}

/** Thrown inside a trainer by `await reporter(...)` when the scheduler ends the trial. */
export class TrialStopped extends Error {
  override name = "TrialStopped";
  constructor(readonly decision: Decision) {
    super(`the scheduler decided to ${decision} this trial`);
  }
}

/** The ask/tell side of a scheduler, as a driver calls it. */
export interface AskTell {
  mayStart(): boolean;
  /** Null when suggest() can answer now; else resolves when it can (a searcher thread is deciding). */
  whenReady?(): Promise<void> | null;
  suggest(): TrialSuggestion | null;
  onReport(trialId: number, result: Record<string, unknown>): Decision;
  onComplete(trialId: number): void;
  /** The scheduler's stop or pause decision ended the trainer. */
  onEnded(trialId: number): void;
  onError(trialId: number, error: SerializedError): void;
}

/** Runs a scheduler to its end (src/runtime/driver.ts); `scheduler.run()` delegates to it. */
export interface SchedulerDriver {
  run(scheduler: object): Promise<void>;
  join(scheduler: object): Promise<void>;
  /** CPUs of this machine, for the default concurrency floor(cpus / numCpus). */
  cpus(): number;
}

let installed: SchedulerDriver | null = null;

/**
 * Called by the entry points with src/runtime/driver.ts's driver: the runtime layer sits above
 * this one, so a scheduler reaches its driver through this slot instead of an import.
 */
export function installDriver(d: SchedulerDriver): void {
  installed = d;
}

export function schedulerDriver(): SchedulerDriver {
  if (!installed)
    throw new HpoError("No driver: import from 'hyperwasm' (which installs the run loop), not from an internal module");
  return installed;
}
