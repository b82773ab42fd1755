// Trials in worker_threads, one trial per worker at a time (tfjs-wasm is single-threaded in
// Node, so this is how several cores get used). Functions cannot cross to a worker, so the
// trainer is named by module URL and export. A worker that throws, exits or is killed fails
// its trial and is replaced.
import { Worker } from "node:worker_threads";
import { WorkerError } from "../../errors.js";
import type { ExecutorFactory } from "../../schedulers/fifo.js";
import type { Executor, SerializedError, StartRequest, TrialCallbacks } from "../../schedulers/protocol.js";
import type { FromWorker, ToWorker } from "./messages.js";

export interface WorkerPoolOptions {
  /** URL (or file URL string) of the module that exports the trainer. */
  module: URL | string;
  /** Name of the export holding the args() trainer. Default 'default'. */
  exportName?: string;
  /** Worker threads; default: the scheduler's concurrency. */
  size?: number;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  trialId: number | null;
  cb: TrialCallbacks | null;
  initError: SerializedError | null;
}

// Built: dist/worker-main.js beside this bundle. From source (tests run TypeScript through tsx),
// the worker first registers tsx's loader, since a worker's entry is loaded before --import hooks.
const fromSource = import.meta.url.endsWith(".ts");
const workerFile = new URL(fromSource ? "./worker-main.ts" : "./worker-main.js", import.meta.url);

function newWorker(): Worker {
  if (!fromSource) return new Worker(workerFile);
  const boot = `import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(workerFile.href)}); })`;
  return new Worker(boot, { eval: true });
}

export class WorkerPoolExecutor implements Executor {
  readonly capacity: number;
  private readonly slots: Slot[] = [];
  private readonly checkpoints = new Map<string, unknown>();
  private readonly t0 = performance.now();
  private waiters: (() => void)[] = [];
  private stopping = false;
  private readonly module: string;
  private readonly exportName: string;

  constructor(options: WorkerPoolOptions & { size: number }) {
    this.capacity = options.size;
    this.module = String(options.module);
    this.exportName = options.exportName ?? "default";
  }

  get running(): number {
    return this.slots.filter((s) => s.trialId !== null).length;
  }

  now(): number {
    return (performance.now() - this.t0) / 1000;
  }

  private spawn(): Slot {
    const worker = newWorker();
    let markReady!: () => void;
    const slot: Slot = { worker, ready: new Promise((r) => (markReady = r)), trialId: null, cb: null, initError: null };
    worker.on("message", (m: FromWorker) => this.onMessage(slot, m, markReady));
    worker.on("error", (e) => this.onDeath(slot, `the worker thread threw: ${e.message}`));
    worker.on("exit", (code) => this.onDeath(slot, `the worker thread exited with code ${code}`));
    worker.postMessage({ type: "init", module: this.module, exportName: this.exportName } satisfies ToWorker);
    this.slots.push(slot);
    return slot;
  }

  private onMessage(slot: Slot, m: FromWorker, markReady: () => void): void {
    switch (m.type) {
      case "ready":
        return markReady();
      case "init-error":
        slot.initError = m.error;
        return markReady();
      case "checkpoint":
        this.checkpoints.set(m.key, m.state);
        return;
      case "report": {
        const decision = this.stopping ? "stop" : slot.cb!.report(m.trialId, m.result);
        slot.worker.postMessage({ type: "decision", trialId: m.trialId, decision } satisfies ToWorker);
        return;
      }
      case "done": {
        const cb = slot.cb!;
        const id = m.trialId;
        slot.trialId = null;
        slot.cb = null;
        const o = m.outcome;
        if (o.kind === "complete") cb.complete(id);
        else if (o.kind === "ended") cb.ended(id);
        else if (!o.reported) cb.fail(id, o.error);
        this.wake();
      }
    }
  }

  private onDeath(slot: Slot, why: string): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    if (slot.trialId !== null && slot.cb) {
      const err = new WorkerError(`trial ${slot.trialId} failed: ${why}`);
      slot.cb.fail(slot.trialId, { name: err.name, message: err.message, stack: err.stack });
      slot.trialId = null;
    }
    void slot.worker.terminate();
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  start(request: StartRequest, cb: TrialCallbacks): void {
    const slot = this.slots.find((s) => s.trialId === null) ?? this.spawn();
    slot.trialId = request.trialId;
    slot.cb = cb;
    void slot.ready.then(() => {
      if (slot.trialId !== request.trialId) return; // died meanwhile
      if (slot.initError) {
        slot.trialId = null;
        slot.cb = null;
        cb.fail(request.trialId, slot.initError);
        this.wake();
        return;
      }
      const checkpoint = this.checkpoints.get(request.checkpointKey ?? String(request.trialId));
      slot.worker.postMessage({ type: "start", request, checkpoint } satisfies ToWorker);
    });
  }

  waitForAny(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((r) => this.waiters.push(r));
  }

  stopAll(): void {
    this.stopping = true;
  }

  /** Waits for running trials, then terminates the threads. */
  async close(): Promise<void> {
    while (this.running > 0) await this.waitForAny();
    const all = this.slots.splice(0);
    await Promise.all(all.map((s) => s.worker.terminate()));
  }

  /** Escape hatch: the thread running a trial (to kill it, say). Typed minimally so that the
   * package's declarations do not require @types/node. */
  workerOf(trialId: number): { terminate(): Promise<number>; threadId: number } | undefined {
    return this.slots.find((s) => s.trialId === trialId)?.worker;
  }
}

/** `executor: workerPool({ module: new URL('./train.mjs', import.meta.url), exportName: 'train' })` */
export function workerPool(options: WorkerPoolOptions): ExecutorFactory {
  return (_trainer, concurrency) => new WorkerPoolExecutor({ ...options, size: options.size ?? concurrency });
}
