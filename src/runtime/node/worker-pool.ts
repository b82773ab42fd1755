// Node's worker_threads as workers of the pool: the trainer module is imported in each thread.
import { Worker } from "node:worker_threads";
import type { ExecutorFactory } from "../../schedulers/protocol.js";
import type { ToWorker, WorkerHandle } from "../worker-messages.js";
import { WorkerPoolExecutor, type WorkerPoolOptions, checkPoolOptions } from "../worker-pool.js";

// Built: dist/worker-main.js beside this bundle. From source (tests run TypeScript through tsx),
// the worker first registers tsx's loader, since a worker's entry is loaded before --import hooks.
const fromSource = import.meta.url.endsWith(".ts");
const workerFile = new URL(fromSource ? "./worker-main.ts" : "./worker-main.js", import.meta.url);

function nodeWorker(): WorkerHandle {
  const boot = `import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(workerFile.href)}); })`;
  const w = fromSource ? new Worker(boot, { eval: true }) : new Worker(workerFile);
  return {
    post: (m: ToWorker) => w.postMessage(m),
    onMessage: (f) => w.on("message", f),
    onFailure: (f) => {
      w.on("error", (e) => f(`the worker thread threw: ${e.message}`));
      w.on("exit", (code) => f(`the worker thread exited with code ${code}`));
    },
    terminate: () => w.terminate(),
  };
}

export type { WorkerPoolOptions };

/** `executor: workerPool({ module: new URL('./train.mjs', import.meta.url), exportName: 'train' })` */
export function workerPool(options: WorkerPoolOptions & { module: URL | string }): ExecutorFactory {
  checkPoolOptions(options);
  return (_trainer, concurrency) =>
    new WorkerPoolExecutor(nodeWorker, { ...options, size: options.size ?? concurrency });
}

/** A Node worker-thread pool, for direct use. */
export function nodeWorkerPool(
  options: WorkerPoolOptions & { module: URL | string; size: number },
): WorkerPoolExecutor {
  return new WorkerPoolExecutor(nodeWorker, options);
}
