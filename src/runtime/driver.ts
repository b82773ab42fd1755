// The driver of the ask/tell protocol: resumes from a checkpoint (refusing to replace a saved
// run), runs the loop of ./drive-loop.ts on an executor, saves the checkpoint after each trial,
// and on join does not wait past an abort for trainers that never report again. It drives any scheduler through its ask/tell methods; `scheduler.run()` and
// `joinJobs()` delegate here. Other drivers (the edge example) call the same methods themselves.
import { ConfigError, TrialError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { CheckpointStore } from "../schedulers/checkpoint.js";
import {
  type AskTell,
  type Executor,
  type ExecutorFactory,
  type SchedulerDriver,
  serializeError,
} from "../schedulers/protocol.js";
import type { SearcherThreadFactory } from "../searchers/thread-messages.js";
import type { Trainer } from "../space/args.js";
import { hardwareConcurrency } from "./cpus.js";
import { drive } from "./drive-loop.js";
import { inline } from "./executors.js";

/** What the driver needs of a scheduler besides ask/tell (FIFOScheduler and subclasses have it). */
export interface Drivable extends AskTell {
  readonly trainer: Trainer;
  concurrency: number;
  readonly runOptions: {
    executor?: ExecutorFactory;
    checkpoint?: CheckpointStore;
    resume?: boolean;
    overwrite?: boolean;
    signal?: AbortSignal;
  };
  readonly trials: Map<number, { status: string }>;
  readonly trialTimeout?: number;
  /** Set when maxFailures trials failed in a row; run() rejects with it. */
  stopError(): Error | null;
  startTime?: number;
  state(): Record<string, unknown>;
  restore(state: unknown): void;
  /** The clock the scheduler reads elapsed time from; the executor's (virtual for the simulator). */
  useClock(now: () => number): void;
  queuedToRestart(): number;
  readonly logger: Logger;
  /** Moves the searcher's decisions to a thread; returns how to end it (null: not threaded). */
  threadSearcher?(spawn: SearcherThreadFactory): (() => void) | null;
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
  s.concurrency = executor.capacity; // what runs: inline({ concurrency: 1 }) runs one at a time
  const origin = executor.now();
  s.useClock(() => executor.now() - origin);
  s.startTime = Date.now() / 1000;
  // algorithms §6.12: GP decisions in a thread, except on a simulated clock (whose runs replay)
  const unthread = threads && !executor.virtualClock ? (s.threadSearcher?.(threads) ?? null) : null;
  try {
    await driveRun(s, executor, run);
  } finally {
    unthread?.();
  }
  const stop = s.stopError();
  if (stop) throw stop;
}

let threads: SearcherThreadFactory | null = null;

/** Called by the entries of runtimes with threads (Node) with the way to start a searcher thread. */
export function installSearcherThreads(f: SearcherThreadFactory | null): void {
  threads = f;
}

function driveRun(s: Drivable, executor: Executor, run: Run): Promise<void> {
  const o = s.runOptions;
  return drive(s, executor, {
    signal: o.signal,
    trialTimeout: s.trialTimeout,
    ended: () => save(s, run),
    isRunning: (id) => s.trials.get(id)?.status === "running",
    // trials with the same config share a checkpoint slot (a paused config and its resumption)
    request: ({ trialId, config, resumeFrom }) => {
      const { space } = s.trainer;
      return { trialId, args: space.withFixed(config), resumeFrom, checkpointKey: space.key(config) };
    },
  });
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
  const closing = run.executor.close();
  const signal = s.runOptions.signal;
  if (signal && !(await closedWithin(closing, signal, ABORT_GRACE))) {
    // an aborted run does not wait for trainers that never report again (algorithms §4.2)
    for (const [id, t] of s.trials) {
      if (t.status !== "running") continue;
      run.executor.abandon?.(id);
      const e = new TrialError(
        `trial ${id} was still running ${ABORT_GRACE / 1000} s after the run was aborted; it was abandoned`,
      );
      s.onError(id, serializeError(e));
    }
    save(s, run);
    await run.executor.close();
  } else await closing;
  await run.saving;
}

const ABORT_GRACE = 1000;

/** True if `closing` resolves; false once `grace` ms passed after the signal aborted. */
function closedWithin(closing: Promise<void>, signal: AbortSignal, grace: number): Promise<boolean> {
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const giveUp = () => (timer = setTimeout(() => resolve(false), grace));
    if (signal.aborted) giveUp();
    else signal.addEventListener("abort", giveUp, { once: true });
    void closing.then(() => {
      clearTimeout(timer);
      signal.removeEventListener("abort", giveUp);
      resolve(true);
    });
  });
}

function save(s: Drivable, run: Run): void {
  const store = s.runOptions.checkpoint;
  if (!store) return;
  const data = JSON.stringify(s.state());
  run.saving = run.saving
    .then(() => store.save(data))
    .catch((e) => s.logger.warn(`Saving the checkpoint failed: ${e}`));
}

/** Installed by the entry points (src/index.ts), explicitly: the package declares no side effects. */
export const runtimeDriver: SchedulerDriver = {
  run: (s) => runScheduler(s as Drivable),
  join: (s) => joinScheduler(s as Drivable),
  cpus: hardwareConcurrency,
};
