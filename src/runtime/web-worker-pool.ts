// Web Workers as workers of the pool (browsers). The worker script loads hyperwasm and its
// trainers, then calls `hyperwasm.serveWebWorker(trainers)`; the pool picks a trainer by name.
import type { ExecutorFactory } from "../schedulers/protocol.js";
import type { Trainer } from "../space/args.js";
import type { FromWorker, ToWorker, WorkerHandle } from "./worker-messages.js";
import { WorkerPoolExecutor, type WorkerPoolOptions, checkPoolOptions } from "./worker-pool.js";
import { serveTrials } from "./worker-serve.js";

interface WebWorkerLike {
  postMessage(m: unknown): void;
  addEventListener(type: "message", f: (e: { data: unknown }) => void): void;
  addEventListener(type: "error", f: (e: { message?: string }) => void): void;
  terminate(): void;
}

export interface WebWorkerPoolOptions extends WorkerPoolOptions {
  /** The worker script's URL. */
  script: URL | string;
  /** 'classic' (importScripts) or 'module'. Default 'classic'. */
  type?: "classic" | "module";
}

function webWorker(script: URL | string, type: "classic" | "module"): WorkerHandle {
  const Ctor = (globalThis as unknown as { Worker: new (u: string | URL, o?: object) => WebWorkerLike }).Worker;
  const w = new Ctor(script, { type });
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
  const scope = globalThis as unknown as {
    postMessage(m: unknown): void;
    addEventListener(t: "message", f: (e: { data: unknown }) => void): void;
  };
  serveTrials(
    {
      post: (m) => scope.postMessage(m),
      onMessage: (f) => scope.addEventListener("message", (e) => f(e.data as ToWorker)),
    },
    async (_module, name) => trainers[name],
  );
}
