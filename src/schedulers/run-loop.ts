// The standard driver of the ask/tell protocol: fill free executor slots with suggestions,
// route reports and ends back, and wait. Other drivers (a distributed queue, an edge function)
// call the same scheduler methods.
import { TrialError } from "../errors.js";
import type { Decision } from "../space/args.js";
import type { TrialSuggestion } from "./fifo.js";
import { type Executor, type SerializedError, type StartRequest, serializeError } from "./protocol.js";

export interface RunHost {
  mayStart(): boolean;
  suggest(): TrialSuggestion | null;
  onReport(trialId: number, result: Record<string, unknown>): Decision;
  onComplete(trialId: number): void;
  onEnded(trialId: number): void;
  onError(trialId: number, error: SerializedError): void;
  startRequest(s: TrialSuggestion): StartRequest;
}

export async function driveRun(host: RunHost, executor: Executor, signal?: AbortSignal): Promise<void> {
  const callbacks = {
    report(trialId: number, result: Record<string, unknown>): Decision | SerializedError {
      try {
        return host.onReport(trialId, result);
      } catch (e) {
        if (!(e instanceof TrialError)) throw e;
        const err = serializeError(e);
        host.onError(trialId, err);
        return err;
      }
    },
    complete: (id: number) => host.onComplete(id),
    ended: (id: number) => host.onEnded(id),
    fail: (id: number, e: SerializedError) => host.onError(id, e),
  };
  const aborted = signal ? new Promise<void>((r) => signal.addEventListener("abort", () => r(), { once: true })) : null;
  for (;;) {
    if (signal?.aborted) {
      executor.stopAll();
      return;
    }
    if (!host.mayStart()) return;
    if (executor.running >= executor.capacity) {
      await (aborted ? Promise.race([executor.waitForAny(), aborted]) : executor.waitForAny());
      continue;
    }
    const s = host.suggest();
    if (!s) {
      if (executor.running === 0) return;
      await (aborted ? Promise.race([executor.waitForAny(), aborted]) : executor.waitForAny());
      continue;
    }
    executor.start(host.startRequest(s), callbacks);
  }
}
