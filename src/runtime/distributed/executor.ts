// The scheduler's side of a distributed run: each trial becomes a BullMQ job that any worker
// process (`hyperwasm worker`, ./worker.ts) may take; reports and decisions cross Redis lists
// (see ./messages.ts for why), so stop and pause reach trainers on other machines.
//
// Failure policy:
// - A worker killed mid-trial: its job's lock expires, another worker's stalled-job check fails
//   the job (maxStalledCount 0) and reports that trial as failed ("its worker stopped
//   responding"). The scheduler checks too (`stalledCheck`), so a trial is not waited for forever
//   when the lost worker was the only one. It is never re-run behind the scheduler's back, so
//   nothing is counted twice; whatever the lost worker might still send is answered 'stop' and
//   not recorded, and whichever check comes second finds the trial already ended.
// - The scheduler killed and resumed from its checkpoint: the new process has a new token; it
//   removes the old process's queued jobs, tells the old running ones to stop, and restarts the
//   trials that were running from their checkpoints (the checkpoint's own rule, algorithms §4.5).
//   Reports still arriving under the old token are answered 'stop' and never recorded.
// - Redis lost mid-run: once the connection has been down for `redisTimeout` seconds the run
//   stops with a WorkerError; the scheduler's checkpoint keeps its last state.
import { randomBytes } from "node:crypto";
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { ConfigError, WorkerError, invalid } from "../../errors.js";
import type { ExecutorFactory } from "../../schedulers/protocol.js";
import type { Executor, SerializedError, StartRequest, TrialCallbacks } from "../../schedulers/protocol.js";
import type { Trainer } from "../../space/args.js";
import {
  type ExperimentKeys,
  type ToScheduler,
  type ToTrial,
  type TrialJob,
  experimentKeys,
  spaceFingerprint,
  stalledError,
} from "./messages.js";
import { connectOrExplain, createClient } from "./redis.js";
import { type RedisTarget, describeTarget } from "./target.js";

export interface DistributedOptions {
  /** `redis://host:6379`, `rediss://user:password@host:6380` (TLS), or ioredis options. */
  redis: RedisTarget;
  /** Names the queue and every Redis key of this run (letters, digits, '.', '_', '-'). */
  experiment: string;
  /** Key prefix; default 'hyperwasm'. Workers must use the same. */
  prefix?: string;
  /** Trials in flight; default the scheduler's concurrency. Set it to the workers' total slots. */
  capacity?: number;
  /** Seconds to connect at start before giving up; default 5. */
  connectTimeout?: number;
  /** Seconds a lost connection may stay lost before the run stops; default 10. */
  redisTimeout?: number;
  /**
   * Seconds between the scheduler's own checks for running trials whose job lock has expired
   * (their worker is gone); a trial found so at two checks in a row fails. Default 15.
   */
  stalledCheck?: number;
}

const checkPositive = (name: string, v: unknown, integer: boolean): void => {
  if (v === undefined) return;
  if (typeof v !== "number" || !(v > 0) || (integer && !Number.isInteger(v)) || !Number.isFinite(v)) {
    throw invalid(`options.${name}`, v, integer ? "an integer >= 1" : "a number > 0", ConfigError);
  }
};

/** Executor factory: `new HyperbandScheduler(trainer, { executor: distributed({ redis, experiment }) })`. */
export function distributed(options: DistributedOptions): ExecutorFactory {
  if (
    !options ||
    (typeof options.redis !== "string" && (typeof options.redis !== "object" || options.redis === null))
  ) {
    throw invalid(
      "options.redis",
      options?.redis,
      "a redis:// or rediss:// URL or an ioredis options object",
      ConfigError,
    );
  }
  experimentKeys(options.prefix ?? "hyperwasm", options.experiment);
  checkPositive("capacity", options.capacity, true);
  checkPositive("connectTimeout", options.connectTimeout, false);
  checkPositive("redisTimeout", options.redisTimeout, false);
  checkPositive("stalledCheck", options.stalledCheck, false);
  return (trainer, concurrency) =>
    new DistributedExecutor(trainer, { ...options, capacity: options.capacity ?? concurrency });
}

interface Live {
  jobId: string;
  cb: TrialCallbacks;
}

export class DistributedExecutor implements Executor {
  readonly capacity: number;
  /** This scheduler process; jobs and messages of other processes carry other tokens. */
  readonly token = randomBytes(6).toString("hex");
  private readonly keys: ExperimentKeys;
  private readonly where: string;
  private readonly space: string;
  private readonly live = new Map<number, Live>();
  private readonly byJob = new Map<string, number>();
  private waiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  private fatal: Error | null = null;
  private stopping = false;
  private closed = false;
  private cmd?: Redis;
  private block?: Redis;
  private queue?: Queue;
  private pumping?: Promise<void>;
  private watchdog?: ReturnType<typeof setInterval>;
  /** Jobs seen active without a lock at the last check. */
  private suspects = new Set<string>();
  private checking = false;
  private dropping?: Promise<void>;
  private readonly t0 = performance.now();

  constructor(
    trainer: Trainer,
    private readonly options: DistributedOptions & { capacity: number },
  ) {
    this.capacity = options.capacity;
    this.keys = experimentKeys(options.prefix ?? "hyperwasm", options.experiment);
    this.where = describeTarget(options.redis);
    this.space = spaceFingerprint(trainer.space);
  }

  get running(): number {
    return this.live.size;
  }

  now(): number {
    return (performance.now() - this.t0) / 1000;
  }

  private client(): Redis {
    const limit = (this.options.redisTimeout ?? 10) * 1000;
    let downSince = 0;
    return createClient(this.options.redis, {
      lazyConnect: true,
      connectTimeout: (this.options.connectTimeout ?? 5) * 1000,
      maxRetriesPerRequest: null,
      retryStrategy: (times) => {
        if (times === 1) downSince = Date.now();
        return Date.now() - downSince > limit ? null : Math.min(50 * times, 500);
      },
    });
  }

  /** Connects, detaches what an earlier scheduler process left, and starts listening. */
  async open(): Promise<void> {
    const timeout = (this.options.connectTimeout ?? 5) * 1000;
    this.cmd = this.client();
    this.block = this.client();
    await connectOrExplain(this.cmd, this.options.redis, timeout);
    await connectOrExplain(this.block, this.options.redis, timeout);
    for (const c of [this.cmd, this.block]) c.on("error", () => {}); // reconnects are handled by retryStrategy; the loss is reported once, below
    this.queue = new Queue(this.keys.queue, { connection: this.cmd, prefix: this.keys.prefix });
    this.queue.on("error", () => {}); // the same loss surfaces once, through die()
    await this.detachEarlierRuns();
    this.pumping = this.pump();
    this.watchdog = setInterval(() => void this.checkStalled(), (this.options.stalledCheck ?? 15) * 1000);
  }

  /**
   * Fails running trials whose worker is gone: BullMQ holds a lock on an active job while its
   * worker lives and renews it, so an active job without a lock at two checks in a row has lost
   * its worker (killed, or its event loop blocked longer than the lock lives).
   */
  private async checkStalled(): Promise<void> {
    if (this.checking || this.closed || this.fatal) return;
    this.checking = true;
    try {
      const q = this.queue!;
      const jobs = [...this.live].map(([trialId, t]) => ({ trialId, jobId: t.jobId }));
      const pipe = this.cmd!.pipeline();
      for (const j of jobs) pipe.exists(`${q.toKey(j.jobId)}:lock`);
      const locks = (await pipe.exec()) ?? [];
      const suspects = new Set<string>();
      for (const [i, j] of jobs.entries()) {
        if (locks[i]?.[1] !== 0 || (await q.getJobState(j.jobId)) !== "active") continue;
        if (!this.suspects.has(j.jobId)) {
          suspects.add(j.jobId);
          continue;
        }
        if (!this.failLive(j.trialId, stalledError(j.trialId))) continue; // it ended meanwhile
        await q.remove(j.jobId).catch(() => 0); // a worker's own check may have failed it already
      }
      this.suspects = suspects;
    } catch {
      // Redis trouble: the pump notices it and stops the run
    } finally {
      this.checking = false;
    }
  }

  private async detachEarlierRuns(): Promise<void> {
    const q = this.queue!;
    for (const job of await q.getJobs(["waiting", "delayed", "prioritized", "paused"]))
      await job.remove().catch(() => {});
    for (const job of await q.getJobs(["active"])) if (job.id) await this.reply(job.id, "stop", true);
  }

  private async pump(): Promise<void> {
    while (!this.closed) {
      const first = await this.fromRedis(() => this.block!.brpop(this.keys.reports, 0));
      if (first === undefined) return;
      if (!first) continue;
      // Answer the first message before asking for more: at low load there is no more, and the
      // extra round trip would delay every decision. Under load many messages wait, and one
      // RPOP takes them.
      this.handle(JSON.parse(first[1]) as ToScheduler);
      const more = await this.fromRedis(() => this.block!.rpop(this.keys.reports, 256));
      if (more === undefined) return;
      for (const m of more ?? []) this.handle(JSON.parse(m) as ToScheduler);
    }
  }

  /** The command's result, or undefined once the connection is lost (the run then stops). */
  private async fromRedis<T>(command: () => Promise<T>): Promise<T | undefined> {
    try {
      return await command();
    } catch (e) {
      if (!this.closed) this.die(e as Error);
      return undefined;
    }
  }

  private handle(m: ToScheduler): void {
    const id = m.token === this.token ? this.byJob.get(m.jobId) : undefined;
    const t = id === undefined ? undefined : this.live.get(id);
    if (!t) {
      // another scheduler process's trial, or one already failed here: end it, record nothing
      if (m.type === "report") void this.reply(m.jobId, "stop", true);
      return;
    }
    if (m.type === "report") {
      void this.reply(m.jobId, this.stopping ? "stop" : t.cb.report(m.trialId, m.result));
      return;
    }
    this.forget(m.trialId);
    const o = m.outcome;
    if (o.kind === "complete") t.cb.complete(m.trialId);
    else if (o.kind === "ended") t.cb.ended(m.trialId);
    else if (!o.reported) t.cb.fail(m.trialId, o.error);
    this.wake();
  }

  private forget(trialId: number): void {
    const t = this.live.get(trialId);
    if (t) this.byJob.delete(t.jobId);
    this.live.delete(trialId);
  }

  /** `stale`: the reader may be dead, so the list expires instead of waiting for its DEL. */
  private async reply(jobId: string, decision: ToTrial, stale = false): Promise<void> {
    const key = this.keys.decision(jobId);
    try {
      if (stale) await this.cmd!.multi().lpush(key, JSON.stringify(decision)).pexpire(key, 3_600_000).exec();
      else await this.cmd!.lpush(key, JSON.stringify(decision));
    } catch (e) {
      if (!this.closed) this.die(e as Error);
    }
  }

  private die(e: Error): void {
    if (this.fatal) return;
    this.fatal = new WorkerError(
      `Lost the connection to Redis at ${this.where} (${e.message}); the run stops here. ` +
        "Its checkpoint (if one is configured) keeps the last saved state: run again with resume: true.",
    );
    const w = this.waiters;
    this.waiters = [];
    for (const x of w) x.reject(this.fatal);
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const x of w) x.resolve();
  }

  start(request: StartRequest, cb: TrialCallbacks): void {
    if (!this.queue) throw new WorkerError("The distributed executor is not open: the scheduler's run() opens it");
    const jobId = `${this.token}-${request.trialId}`;
    this.live.set(request.trialId, { jobId, cb });
    this.byJob.set(jobId, request.trialId);
    const data: TrialJob = {
      token: this.token,
      trialId: request.trialId,
      args: request.args,
      resumeFrom: request.resumeFrom,
      checkpointKey: request.checkpointKey ?? String(request.trialId),
      space: this.space,
    };
    this.queue
      .add("trial", data, { jobId, removeOnComplete: true, removeOnFail: { count: 1000 } })
      .catch((e) => this.die(e));
  }

  waitForAny(): Promise<void> {
    if (this.fatal) return Promise.reject(this.fatal);
    if (this.live.size === 0) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /**
   * Running trials are told 'stop' at their next report. Trials whose job no worker has taken
   * yet are taken off the queue and fail ("did not run"): otherwise, with every worker busy or
   * gone, stopping would wait for workers that may never come.
   */
  stopAll(): void {
    this.stopping = true;
    this.dropping ??= this.dropWaiting();
  }

  private async dropWaiting(): Promise<void> {
    const q = this.queue!;
    for (const [trialId, t] of [...this.live]) {
      try {
        // remove() also takes finished jobs, so ask first; it refuses a job a worker has locked
        if (!["waiting", "prioritized", "delayed"].includes(await q.getJobState(t.jobId))) continue;
        if ((await q.remove(t.jobId)) !== 1) continue;
      } catch {
        continue; // Redis trouble: the pump notices it and stops the run
      }
      this.failLive(trialId, {
        name: "WorkerError",
        message: `trial ${trialId} did not run: the run was stopped before a worker took its job`,
      });
    }
  }

  /** Ends a live trial as failed; false when it had already ended. */
  private failLive(trialId: number, error: SerializedError): boolean {
    const t = this.live.get(trialId);
    if (!t) return false;
    this.forget(trialId);
    t.cb.fail(trialId, error);
    this.wake();
    return true;
  }

  /** Waits for running trials (unless Redis is gone), then closes the connections. */
  async close(): Promise<void> {
    await this.dropping;
    try {
      while (this.live.size > 0 && !this.fatal) await this.waitForAny();
    } catch {
      // the loss was already reported by run()
    }
    this.closed = true;
    clearInterval(this.watchdog);
    const quit = async (f: () => Promise<unknown>) => {
      try {
        await f();
      } catch {
        /* already gone */
      }
    };
    if (this.fatal) {
      // Redis is gone: drop every client now (a graceful close would wait for Redis to return)
      this.block?.disconnect();
      this.cmd?.disconnect();
      return;
    }
    this.block?.disconnect();
    await this.pumping;
    await quit(() => this.queue?.close() ?? Promise.resolve());
    await quit(() => this.cmd?.quit() ?? Promise.resolve());
  }
}
