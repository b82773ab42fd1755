// A pool of workers, one trial per worker at a time, for any runtime: the runtime supplies how a
// worker is spawned (Node worker_threads in ./node/worker-pool.ts, Web Workers in
// ./web-worker-pool.ts). Functions cannot cross to a worker, so the trainer is named (module URL
// and export). A worker that throws outside its trial, or exits, fails its trial and is replaced.
import { WorkerError } from "../errors.js";
import { checkInt } from "../validate.js";
import type { Executor, SerializedError, StartRequest, TrialCallbacks } from "../schedulers/protocol.js";
import type { FromWorker, WorkerHandle } from "./worker-messages.js";

export interface WorkerPoolOptions {
  /** URL of the module that exports the trainer (Node); informational for Web Worker scripts. */
  module?: URL | string;
  /** Name of the export holding the args() trainer. Default 'default'. */
  exportName?: string;
  /** Workers; default: the scheduler's concurrency. */
  size?: number;
}

interface Slot {
  worker: WorkerHandle;
  ready: Promise<void>;
  trialId: number | null;
  cb: TrialCallbacks | null;
  initError: SerializedError | null;
}

/** Checks a pool's options when the factory is called, before any run. */
export function checkPoolOptions(options: WorkerPoolOptions): void {
  if (options.size !== undefined) checkInt("size", options.size, 1);
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

  constructor(
    private readonly spawnWorker: () => WorkerHandle,
    options: WorkerPoolOptions & { size: number },
  ) {
    this.capacity = options.size;
    this.module = String(options.module ?? "");
    this.exportName = options.exportName ?? "default";
  }

  get running(): number {
    return this.slots.filter((s) => s.trialId !== null).length;
  }

  now(): number {
    return (performance.now() - this.t0) / 1000;
  }

  private spawn(): Slot {
    const worker = this.spawnWorker();
    let markReady!: () => void;
    const slot: Slot = { worker, ready: new Promise((r) => (markReady = r)), trialId: null, cb: null, initError: null };
    worker.onMessage((m) => this.onMessage(slot, m, markReady));
    worker.onFailure((why) => this.onDeath(slot, why));
    worker.post({ type: "init", module: this.module, exportName: this.exportName });
    this.slots.push(slot);
    return slot;
  }

  private onMessage(slot: Slot, m: FromWorker, markReady: () => void): void {
    switch (m.type) {
      case "ready":
        markReady();
        return;
      case "init-error":
        slot.initError = m.error;
        markReady();
        return;
      case "checkpoint":
        this.checkpoints.set(m.key, m.state);
        return;
      case "report": {
        const decision = this.stopping ? "stop" : slot.cb!.report(m.trialId, m.result);
        slot.worker.post({ type: "decision", trialId: m.trialId, decision });
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
      slot.worker.post({ type: "start", request, checkpoint });
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

  /** The trial's worker is terminated and replaced by a fresh one on the next start. */
  abandon(trialId: number): void {
    const slot = this.slots.find((s) => s.trialId === trialId);
    if (!slot) return;
    this.slots.splice(this.slots.indexOf(slot), 1);
    slot.trialId = null;
    slot.cb = null;
    void slot.worker.terminate();
    this.wake();
  }

  /** Escape hatch: the worker running a trial (to terminate it, say). */
  workerOf(trialId: number): WorkerHandle | undefined {
    return this.slots.find((s) => s.trialId === trialId)?.worker;
  }
}
