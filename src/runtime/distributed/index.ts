// `hyperwasm/distributed` (Node only): trials as BullMQ jobs on Redis, so worker processes on
// any number of machines run them. The scheduler side is an executor; the worker side is
// `serveQueue` (or the `hyperwasm worker` command).
export { distributed, DistributedExecutor, type DistributedOptions } from "./executor.js";
export { serveQueue, type QueueWorker, type QueueWorkerOptions } from "./worker.js";
export { experimentKeys, type ExperimentKeys, type TrialJob } from "./messages.js";
export type { RedisTarget } from "./target.js";
