// What travels through Redis between the scheduler process and worker processes.
// Transport (why lists and not BullMQ events or streams): a trial's report needs an answer
// before the trainer goes on, so the reporter handshake is a request/reply. One list carries all
// reports to the scheduler (LPUSH by workers, BRPOP by the scheduler: ordered per worker, a
// single wake-up per message, and messages wait in Redis while the scheduler restarts), and one
// list per job carries its decisions back. BullMQ carries what it is good at: handing trials to
// whichever worker is free, and noticing (stalled-job checks) when a worker disappears.
import type { Decision } from "../../schedulers/protocol.js";
import type { Config, SearchSpace } from "../../space/space.js";
import type { SerializedError } from "../../schedulers/protocol.js";
import type { Outcome } from "../trial.js";
import { ConfigError, invalid } from "../../errors.js";

/** A BullMQ job's data: one trial. */
export interface TrialJob {
  /** Which scheduler process enqueued it; reports under another token are answered 'stop'. */
  token: string;
  trialId: number;
  /** Fixed values plus the config. */
  args: Config;
  resumeFrom?: number;
  checkpointKey: string;
  /** The scheduler's search space, so a worker with another trainer module refuses the job. */
  space: string;
}

export type ToScheduler =
  | { type: "report"; token: string; jobId: string; trialId: number; result: Record<string, unknown> }
  | { type: "done"; token: string; jobId: string; trialId: number; outcome: Outcome };

export type ToTrial = Decision | SerializedError;

/** Why a trial whose worker vanished failed: the same words whether a worker or the scheduler noticed. */
export function stalledError(trialId: number): SerializedError {
  return {
    name: "WorkerError",
    message: `trial ${trialId} failed: its worker stopped responding (its job lock expired and a stalled-job check failed it)`,
  };
}

/** Redis names of one experiment, all under `${prefix}:${experiment}`. */
export interface ExperimentKeys {
  prefix: string;
  /** BullMQ queue name (BullMQ adds its own `${prefix}:` in front). */
  queue: string;
  reports: string;
  decision(jobId: string): string;
  checkpoint(key: string): string;
}

const NAME = /^[A-Za-z0-9_.-]+$/;

export function experimentKeys(prefix: string, experiment: unknown): ExperimentKeys {
  if (typeof experiment !== "string" || !NAME.test(experiment)) {
    throw invalid(
      "experiment",
      experiment,
      "a non-empty string of letters, digits, '.', '_' and '-' (it names the queue)",
      ConfigError,
    );
  }
  if (!NAME.test(prefix))
    throw invalid("prefix", prefix, "a non-empty string of letters, digits, '.', '_' and '-'", ConfigError);
  const base = `${prefix}:${experiment}`;
  return {
    prefix,
    queue: experiment,
    reports: `${base}:reports`,
    decision: (jobId) => `${base}:decision:${jobId}`,
    checkpoint: (key) => `${base}:checkpoint:${key}`,
  };
}

/** The search space as a string both sides can compare. */
export function spaceFingerprint(space: SearchSpace): string {
  return space.fingerprint();
}
