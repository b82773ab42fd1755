// args(): the `@ag.args` decorator (algorithms §1.3). Declares the search space next to the trainer
// and infers the config type the trainer receives.
import { SearchSpaceError, invalid } from "../errors.js";
import type { Domain, DomainValue } from "./domains.js";
import { SearchSpace } from "./space.js";

export type Resolved<S> = { -readonly [K in keyof S]: S[K] extends Domain ? DomainValue<S[K]> : S[K] };

/** What a trainer passes to `reporter`: the metric(s) and the resource (e.g. `epoch`). */
export type ReportInput = Record<string, unknown>;

/** Saves and loads one trial lineage's state, so a promoted trial can resume (algorithms §10.6). */
export interface CheckpointHandle {
  save(state: unknown): Promise<void>;
  load<T = unknown>(): Promise<T | undefined>;
}

export interface TrialContext {
  trialId: number;
  /** Set when the scheduler resumes a paused config: the resource level it had reached. */
  resumeFrom?: number;
  checkpoint: CheckpointHandle;
  /** Aborted when the trial is stopped or the run ends; long steps may watch it. */
  signal: AbortSignal;
}

export type Reporter = (result: ReportInput) => Promise<"continue">;

export type TrainFn<C> = (config: C, reporter: Reporter, context: TrialContext) => unknown;

export interface Trainer<S extends Record<string, unknown> = Record<string, unknown>> {
  readonly space: SearchSpace;
  readonly spec: S;
  // Method syntax on purpose: parameters are then bivariant, so any Trainer<S> is a Trainer.
  fn(config: Resolved<S>, reporter: Reporter, context: TrialContext): unknown;
}

/**
 * Wraps a training function with its search space. Fixed values (`epochs: 9`) are passed
 * through; domains (`int`, `real`, `categorical`, `bool`) are searched.
 */
export function args<const S extends Record<string, unknown>>(spec: S, fn: TrainFn<Resolved<S>>): Trainer<S> {
  if (typeof fn !== "function")
    throw invalid("fn", fn, "a function (config, reporter, context) => …", SearchSpaceError);
  return Object.freeze({ space: new SearchSpace(spec), spec, fn });
}
