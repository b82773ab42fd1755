// Executor factories for the `executor` option: `executor: simulated({ workers: 4 })`.
import type { ExecutorFactory } from "../schedulers/protocol.js";
import { InlineExecutor } from "./inline.js";
import { SimulatedExecutor, type SimulatedExecutorOptions } from "./simulated.js";

/** Trials as async functions in this thread; `concurrency` defaults to the scheduler's. */
export function inline(options: { concurrency?: number } = {}): ExecutorFactory {
  return (trainer, concurrency) => new InlineExecutor(trainer, { concurrency: options.concurrency ?? concurrency });
}

/** A simulated clock with N workers; trainers report `cost` (seconds) per step. */
export function simulated(options: SimulatedExecutorOptions = {}): ExecutorFactory {
  return (trainer) => new SimulatedExecutor(trainer, options);
}
