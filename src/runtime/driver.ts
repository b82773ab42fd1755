// The driver of the ask/tell protocol: resumes from a checkpoint, starts trials on an executor
// while the scheduler allows, routes reports and ends back, and saves the checkpoint after each
// trial. It drives any scheduler through its ask/tell methods; `scheduler.run()` and
// `joinJobs()` delegate here. Other drivers (the edge example) call the same methods themselves.
import { ConfigError, TrialError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { CheckpointStore } from "../schedulers/checkpoint.js";
import {
  type AskTell,
  type Decision,
  type Executor,
  type ExecutorFactory,
  type SerializedError,
  type SchedulerDriver,
  serializeError,
} from "../schedulers/protocol.js";
import type { Trainer } from "../space/args.js";
import { hardwareConcurrency } from "./cpus.js";
import { inline } from "./executors.js";

/** What the driver needs of a scheduler besides ask/tell (FIFOScheduler and subclasses have it). */
export interface Drivable extends AskTell {
  readonly trainer: Trainer;
  readonly concurrency: number;
  readonly runOptions: {
    executor?: ExecutorFactory;
    checkpoint?: CheckpointStore;
    resume?: boolean;
    overwrite?: boolean;
    signal?: AbortSignal;
  };
  readonly trials: Map<number, unknown>;
  startTime?: number;
  state(): Record<string, unknown>;
  restore(state: unknown): void;
  /** The clock the scheduler reads elapsed time from; the executor's (virtual for the simulator). */
  useClock(now: () => number): void;
  queuedToRestart(): number;
  readonly logger: Logger;
}

interface Run {
  executor: Executor;
  saving: Promise<void>;
}

const runs = new WeakMap<object, Run>();
const defaultExecutor = inline();

/** Starts trials until the scheduler says stop; returns when the last one has started. */
export async function runScheduler(s: Drivable): Promise<void> {
  const o = s.runOptions;
  if (o.resume) await resume(s);
  else if (o.checkpoint && !o.overwrite) await refuseOverwrite(o.checkpoint);
  let run = runs.get(s);
  if (!run) {
    const executor = (o.executor ?? defaultExecutor)(s.trainer, s.concurrency);
    await executor.open?.();
    run = { executor, saving: Promise.resolve() };
    runs.set(s, run);
  }
  const executor = run.executor;
  const origin = executor.now();
  s.useClock(() => executor.now() - origin);
  s.startTime = Date.now() / 1000;
  await drive(s, executor, o.signal, () => save(s, run));
}

async function resume(s: Drivable): Promise<void> {
  const store = s.runOptions.checkpoint;
  if (!store)
    throw new ConfigError("The value of resume is true, but it must be false when no checkpoint store is given");
  const data = await store.load();
  if (data === null)
    throw new ConfigError("The value of resume is true, but it must be false when the checkpoint holds no state yet");
  const where = store.name ?? "the checkpoint";
  let state: unknown;
  try {
    state = JSON.parse(data);
  } catch (e) {
    throw new ConfigError(`The checkpoint ${where} holds no saved state: it is not JSON (${(e as Error).message})`);
  }
  try {
    s.restore(state);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    throw new ConfigError(`The checkpoint ${where} cannot be resumed here: ${e.message}`);
  }
  s.logger.info(`Resumed from checkpoint: ${s.trials.size} finished trials, ${s.queuedToRestart()} to start again`);
}

/** A run without `resume` never replaces a saved run silently. */
async function refuseOverwrite(store: CheckpointStore): Promise<void> {
  const data = await store.load();
  if (data === null) return;
  let held = "a saved run";
  try {
    const trials = (JSON.parse(data) as { trials?: unknown[] }).trials;
    if (Array.isArray(trials)) held = `a saved run with ${trials.length} finished trials`;
  } catch {
    held = "data that is not a saved run";
  }
  throw new ConfigError(
    `The value of checkpoint is ${store.name ?? "a store"}, which holds ${held}, but it must be empty for a new run: ` +
      "pass resume: true to continue that run, or overwrite: true (or another checkpoint) to start a new one",
  );
}

/** Waits until every started trial has ended and the last checkpoint is written. */
export async function joinScheduler(s: Drivable): Promise<void> {
  const run = runs.get(s);
  if (!run) return;
  await run.executor.close();
  await run.saving;
}

function save(s: Drivable, run: Run): void {
  const store = s.runOptions.checkpoint;
  if (!store) return;
  const data = JSON.stringify(s.state());
  run.saving = run.saving
    .then(() => store.save(data))
    .catch((e) => s.logger.warn(`Saving the checkpoint failed: ${e}`));
}

/** Fills free executor slots with suggestions and waits; `ended` runs after each trial ends. */
export async function drive(
  host: AskTell,
  executor: Executor,
  signal: AbortSignal | undefined,
  ended: () => void,
): Promise<void> {
  const callbacks = {
    report(trialId: number, result: Record<string, unknown>): Decision | SerializedError {
      try {
        return host.onReport(trialId, result);
      } catch (e) {
        if (!(e instanceof TrialError)) throw e;
        const err = serializeError(e);
        host.onError(trialId, err);
        ended();
        return err;
      }
    },
    complete: (id: number) => (host.onComplete(id), ended()),
    ended: (id: number) => (host.onEnded(id), ended()),
    fail: (id: number, e: SerializedError) => (host.onError(id, e), ended()),
  };
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
    const s = host.suggest();
    if (!s) {
      if (executor.running === 0) return;
      await waitForAny();
      continue;
    }
    executor.start(host.startRequest(s), callbacks);
  }
}

/** Installed by the entry points (src/index.ts), explicitly: the package declares no side effects. */
export const runtimeDriver: SchedulerDriver = {
  run: (s) => runScheduler(s as Drivable),
  join: (s) => joinScheduler(s as Drivable),
  cpus: hardwareConcurrency,
};
