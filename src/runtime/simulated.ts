// A discrete-event simulation of N workers on a virtual clock (syne-tune's simulator backend
// is the model). Trainers report a `cost` (simulated seconds of the step) instead of spending
// time; reports are delivered in order of their virtual time, and only one trainer runs
// between two events, so a run is deterministic for a seed and takes no real time.
import { TrialError } from "../errors.js";
import type { Decision } from "../schedulers/protocol.js";
import type { Trainer } from "../space/args.js";
import type { Executor, SerializedError, StartRequest, TrialCallbacks } from "../schedulers/protocol.js";
import { MemoryCheckpoints, type Outcome, runTrial } from "./trial.js";

export interface SimulatedExecutorOptions {
  /** Simulated workers (trials at once). Default 1. */
  workers?: number;
  /** Report field holding the step's simulated cost in seconds. Default 'cost'. */
  costAttr?: string;
}

interface SimTrial {
  id: number;
  clock: number;
  cb: TrialCallbacks;
  /** Resolved when the trainer reaches its next report or ends. */
  progress: Deferred<void>;
  pending: {
    time: number;
    seq: number;
    result: Record<string, unknown>;
    reply: (d: Decision | SerializedError) => void;
  } | null;
  outcome: Outcome | null;
}

class Deferred<T> {
  resolve!: (v: T) => void;
  readonly promise = new Promise<T>((r) => (this.resolve = r));
}

export class SimulatedExecutor implements Executor {
  readonly capacity: number;
  readonly virtualClock = true;
  private readonly costAttr: string;
  private readonly trials = new Map<number, SimTrial>();
  private readonly checkpoints = new MemoryCheckpoints();
  private time = 0;
  private seq = 0;
  private stopping = false;

  constructor(
    private readonly trainer: Trainer,
    options: SimulatedExecutorOptions = {},
  ) {
    this.capacity = options.workers ?? 1;
    this.costAttr = options.costAttr ?? "cost";
  }

  get running(): number {
    return this.trials.size;
  }

  now(): number {
    return this.time;
  }

  start(request: StartRequest, cb: TrialCallbacks): void {
    const t: SimTrial = {
      id: request.trialId,
      clock: this.time,
      cb,
      progress: new Deferred(),
      pending: null,
      outcome: null,
    };
    this.trials.set(t.id, t);
    const decide = (result: Record<string, unknown>) => {
      const cost = result[this.costAttr];
      if (typeof cost !== "number" || !Number.isFinite(cost) || cost < 0) {
        return Promise.reject(
          new TrialError(
            `The value of ${this.costAttr} in the report of trial ${t.id} is ${JSON.stringify(cost)}, ` +
              "but it must be a finite number >= 0 (the simulated executor advances its clock by it)",
          ),
        );
      }
      return new Promise<Decision | SerializedError>((reply) => {
        t.pending = { time: t.clock + cost, seq: this.seq++, result, reply };
        t.progress.resolve();
      });
    };
    const checkpoint = this.checkpoints.handle(request.checkpointKey ?? String(t.id));
    const abort = new AbortController();
    void runTrial(this.trainer.fn as never, request, decide, checkpoint, abort.signal, () => t.clock).then((o) => {
      t.outcome = o;
      t.progress.resolve();
    });
  }

  /** Runs the simulation until some trial ends. */
  async waitForAny(): Promise<void> {
    for (;;) {
      // Let every trainer reach its next report or its end, one at a time.
      for (const t of [...this.trials.values()]) {
        await t.progress.promise;
        if (t.outcome) {
          this.finish(t);
          return;
        }
      }
      if (this.trials.size === 0) return;
      let next: SimTrial | null = null;
      for (const t of this.trials.values()) {
        const p = t.pending!;
        if (!next || p.time < next.pending!.time || (p.time === next.pending!.time && p.seq < next.pending!.seq))
          next = t;
      }
      const t = next!;
      const p = t.pending!;
      t.pending = null;
      this.time = Math.max(this.time, p.time);
      t.clock = p.time;
      t.progress = new Deferred();
      p.reply(this.stopping ? "stop" : t.cb.report(t.id, p.result));
    }
  }

  private finish(t: SimTrial): void {
    this.trials.delete(t.id);
    const o = t.outcome!;
    if (o.kind === "complete") t.cb.complete(t.id);
    else if (o.kind === "ended") t.cb.ended(t.id);
    else if (!o.reported) t.cb.fail(t.id, o.error);
  }

  stopAll(): void {
    this.stopping = true;
  }

  async close(): Promise<void> {
    while (this.trials.size > 0) await this.waitForAny();
  }
}
