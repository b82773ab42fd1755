// Runs one trainer call with the reporter handshake (algorithms §2.1), wherever the trainer lives:
// the decision may come back synchronously (inline), after simulated time, or over a message
// channel (workers). On 'stop' or 'pause' the awaiting reporter throws TrialStopped, which ends
// the trainer at its await; the outcome says how the trial ended.
import { TrialError } from "../errors.js";
import type { Decision } from "../schedulers/protocol.js";
import type { CheckpointHandle, Reporter, TrainFn } from "../space/args.js";
import { type SerializedError, type StartRequest, TrialStopped, serializeError } from "../schedulers/protocol.js";

export type Outcome =
  | { kind: "complete" }
  | { kind: "ended"; decision: Decision }
  | { kind: "failed"; error: SerializedError; reported: boolean };

export type Decide = (
  result: Record<string, unknown>,
) => Decision | SerializedError | Promise<Decision | SerializedError>;

function isError(d: Decision | SerializedError): d is SerializedError {
  return typeof d === "object";
}

export async function runTrial(
  fn: TrainFn<never>,
  request: StartRequest,
  decide: Decide,
  checkpoint: CheckpointHandle,
  signal: AbortSignal,
  now: () => number,
): Promise<Outcome> {
  let ended: Decision | null = null;
  let failure: SerializedError | null = null;
  let last = now();

  const reporter: Reporter = async (result) => {
    if (ended !== null || failure !== null) {
      throw new TrialError(`trial ${request.trialId} reported after it ended; further reports are not accepted`);
    }
    if (typeof result !== "object" || result === null || Array.isArray(result)) {
      throw new TrialError(
        `trial ${request.trialId} reported ${JSON.stringify(result)}, but a report must be an object`,
      );
    }
    const t = now();
    const r: Record<string, unknown> = { ...result };
    if (Object.keys(r).length > 0 && !("time_this_iter" in r)) r.time_this_iter = t - last;
    last = t;
    const d = await decide(r);
    if (isError(d)) {
      failure = d;
      throw new TrialStopped("stop");
    }
    if (d !== "continue") {
      ended = d;
      throw new TrialStopped(d);
    }
    return "continue";
  };

  try {
    await fn(request.args as never, reporter, {
      trialId: request.trialId,
      resumeFrom: request.resumeFrom,
      checkpoint,
      signal,
    });
  } catch (e) {
    if (failure) return { kind: "failed", error: failure, reported: true };
    if (e instanceof TrialStopped && ended !== null) return { kind: "ended", decision: ended };
    return { kind: "failed", error: serializeError(e), reported: false };
  }
  if (failure) return { kind: "failed", error: failure, reported: true };
  if (ended !== null) return { kind: "ended", decision: ended };
  return { kind: "complete" };
}

/** An in-memory checkpoint slot per key (a config's lineage of trials). */
export class MemoryCheckpoints {
  private readonly slots = new Map<string, unknown>();
  handle(key: string): CheckpointHandle {
    return {
      save: async (state) => void this.slots.set(key, structuredClone(state)),
      load: async <T>() => this.slots.get(key) as T | undefined,
    };
  }
}
