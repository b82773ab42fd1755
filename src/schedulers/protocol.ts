// The protocol between a scheduler's run loop and an executor (executors live in src/runtime and
// implement this; the interface sits here so that imports point down).
// Executors differ in where trainers run (this thread, worker threads, a simulated clock), not
// in the protocol: the report callback is synchronous and returns the scheduler's decision.
import type { Decision } from "../space/args.js";
import type { Config } from "../space/space.js";

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
