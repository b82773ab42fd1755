// Web Workers as workers of the pool (browsers). The worker script loads hyperwasm and its
// trainers, then calls `hyperwasm.serveWebWorker(trainers)`; the pool picks a trainer by name.
import type { ExecutorFactory } from "../schedulers/protocol.js";
import type { Trainer } from "../space/args.js";
import type { FromWorker, ToWorker, WorkerHandle } from "./worker-messages.js";
import { WorkerPoolExecutor, type WorkerPoolOptions, checkPoolOptions } from "./worker-pool.js";
import { startWebWorker, workerScope } from "./web-worker.js";
import { serveTrials } from "./worker-serve.js";

export interface WebWorkerPoolOptions extends WorkerPoolOptions {
  /** The worker script's URL. */
  script: URL | string;
  /** 'classic' (importScripts) or 'module'. Default 'classic'. */
  type?: "classic" | "module";
}

function webWorker(script: URL | string, type: "classic" | "module"): WorkerHandle {
  const w = startWebWorker(script, type);
  return {
    post: (m: ToWorker) => w.postMessage(m),
    onMessage: (f) => w.addEventListener("message", (e) => f(e.data as FromWorker)),
    onFailure: (f) => w.addEventListener("error", (e) => f(`the Web Worker threw: ${e.message ?? "an error"}`)),
    terminate: async () => w.terminate(),
  };
}

/** `executor: webWorkerPool({ script: "trial-worker.js", exportName: "train", size: 2 })` */
export function webWorkerPool(options: WebWorkerPoolOptions): ExecutorFactory {
  checkPoolOptions(options);
  return (_trainer, concurrency) =>
    new WorkerPoolExecutor(() => webWorker(options.script, options.type ?? "classic"), {
      ...options,
      module: String(options.script),
      size: options.size ?? concurrency,
    });
}

/** Call inside a Web Worker script: serves trials with the trainers it defines, by name. */
export function serveWebWorker(trainers: Record<string, Trainer>): void {
  serveTrials(workerScope<ToWorker, FromWorker>(), async (_module, name) => trainers[name]);
}
