// The loop that drives the ask/tell protocol on an executor: fill free slots with suggestions,
// route reports and ends back, wait. Trials that outlive `trialTimeout` are failed by a timer
// (not only at their next report) and abandoned: a worker running one is terminated and
// replaced; an inline trainer cannot be killed, so the run only stops waiting for it.
import { TrialError } from "../errors.js";
import {
  type AskTell,
  type Decision,
  type Executor,
  type SerializedError,
  type StartRequest,
  type TrialSuggestion,
  serializeError,
} from "../schedulers/protocol.js";

export interface DriveOptions {
  signal?: AbortSignal;
  /** Seconds of wall clock a trial may run (ignored on a virtual clock, where reports check it). */
  trialTimeout?: number;
  /** Runs after each trial ends (the driver saves the checkpoint). */
  ended(): void;
  isRunning(trialId: number): boolean;
  /** The arguments and checkpoint slot a suggested trial starts with. */
  request(s: TrialSuggestion): StartRequest;
}

export async function drive(host: AskTell, executor: Executor, o: DriveOptions): Promise<void> {
  const timers = new Map<number, ReturnType<typeof setTimeout>>();
  const over = (id: number) => {
    clearTimeout(timers.get(id));
    timers.delete(id);
    o.ended();
  };
  const callbacks = {
    report(trialId: number, result: Record<string, unknown>): Decision | SerializedError {
      try {
        return host.onReport(trialId, result);
      } catch (e) {
        if (!(e instanceof TrialError)) throw e;
        const err = serializeError(e);
        host.onError(trialId, err);
        over(trialId);
        return err;
      }
    },
    complete: (id: number) => (host.onComplete(id), over(id)),
    ended: (id: number) => (host.onEnded(id), over(id)),
    fail: (id: number, e: SerializedError) => (host.onError(id, e), over(id)),
  };
  const timeOut = (id: number, seconds: number) => {
    if (!o.isRunning(id)) return;
    executor.abandon?.(id);
    const e = new TrialError(`trial ${id} ran for more than trialTimeout (${seconds} s) and was abandoned`);
    host.onError(id, serializeError(e));
    over(id);
  };
  const watch = o.trialTimeout !== undefined && !executor.virtualClock && executor.abandon !== undefined;
  const signal = o.signal;
  const aborted = signal ? new Promise<void>((r) => signal.addEventListener("abort", () => r(), { once: true })) : null;
  const waitForAny = () => (aborted ? Promise.race([executor.waitForAny(), aborted]) : executor.waitForAny());
  for (;;) {
    if (signal?.aborted) {
      executor.stopAll();
      return;
    }
    if (!host.mayStart()) return;
    if (executor.running >= executor.capacity) {
      await waitForAny();
      continue;
    }
    // a searcher thread still deciding: trials keep reporting meanwhile (the loop is not blocked)
    const ready = host.whenReady?.();
    if (ready) {
      await Promise.race([ready, ...(executor.running > 0 ? [waitForAny()] : []), ...(aborted ? [aborted] : [])]);
      continue;
    }
    const s = host.suggest();
    if (!s) {
      if (executor.running === 0) return;
      await waitForAny();
      continue;
    }
    executor.start(o.request(s), callbacks);
    if (watch) {
      const seconds = o.trialTimeout!;
      timers.set(
        s.trialId,
        setTimeout(() => timeOut(s.trialId, seconds), seconds * 1000),
      );
    }
  }
}
