// Trials as async functions in the calling thread: several interleave at their awaits.
import type { Trainer } from "../space/args.js";
import type { Executor, StartRequest, TrialCallbacks } from "../schedulers/protocol.js";
import { MemoryCheckpoints, runTrial } from "./trial.js";

export interface InlineExecutorOptions {
  /** Trials that run at once (default 1). */
  concurrency?: number;
}

export class InlineExecutor implements Executor {
  readonly capacity: number;
  private readonly live = new Map<number, { promise: Promise<void>; abort: AbortController }>();
  /** Wakes waitForAny() when a trial is abandoned (its own promise may never settle). */
  private readonly waiters = new Set<() => void>();
  private readonly checkpoints = new MemoryCheckpoints();
  private readonly t0 = performance.now();
  private stopping = false;

  constructor(
    private readonly trainer: Trainer,
    options: InlineExecutorOptions = {},
  ) {
    this.capacity = options.concurrency ?? 1;
  }

  get running(): number {
    return this.live.size;
  }

  now(): number {
    return (performance.now() - this.t0) / 1000;
  }

  start(request: StartRequest, cb: TrialCallbacks): void {
    const abort = new AbortController();
    const id = request.trialId;
    const decide = (r: Record<string, unknown>) => (this.stopping ? "stop" : cb.report(id, r));
    const checkpoint = this.checkpoints.handle(request.checkpointKey ?? String(id));
    const entry = { promise: Promise.resolve(), abort };
    entry.promise = runTrial(this.trainer.fn as never, request, decide, checkpoint, abort.signal, () =>
      this.now(),
    ).then((o) => {
      if (this.live.get(id) !== entry) return; // abandoned: its end is no longer news
      this.live.delete(id);
      abort.abort();
      if (o.kind === "complete") cb.complete(id);
      else if (o.kind === "ended") cb.ended(id);
      else if (!o.reported) cb.fail(id, o.error);
    });
    this.live.set(id, entry);
  }

  abandon(trialId: number): void {
    const t = this.live.get(trialId);
    if (!t) return;
    this.live.delete(trialId);
    t.abort.abort(); // a trainer that watches context.signal can still end itself
    for (const w of this.waiters) w();
  }

  async waitForAny(): Promise<void> {
    if (this.live.size === 0) return;
    let wake!: () => void;
    const woken = new Promise<void>((r) => (wake = r));
    this.waiters.add(wake);
    try {
      await Promise.race([woken, ...[...this.live.values()].map((t) => t.promise)]);
    } finally {
      this.waiters.delete(wake);
    }
  }

  stopAll(): void {
    this.stopping = true;
    for (const t of this.live.values()) t.abort.abort();
  }

  async close(): Promise<void> {
    while (this.live.size > 0) await this.waitForAny();
  }
}
