// The worker's side of a distributed run: a BullMQ Worker that takes trial jobs of one
// experiment and runs them with a trainer from a local module (never code from the queue). The
// reporter handshake crosses Redis: each report is pushed to the scheduler's list, and the
// trainer waits on its job's decision list (one blocking connection per concurrent trial).
import { deserialize, serialize } from "node:v8";
import { Worker } from "bullmq";
import type { Redis } from "ioredis";
import { ConfigError, invalid } from "../../errors.js";
import type { Logger } from "../../logger.js";
import { type Outcome, runTrial } from "../trial.js";
import { type SerializedError, serializeError } from "../../schedulers/protocol.js";
import type { CheckpointHandle, Trainer } from "../../space/args.js";
import type { Config } from "../../space/space.js";
import {
  type ToScheduler,
  type ToTrial,
  type TrialJob,
  experimentKeys,
  spaceFingerprint,
  stalledError,
} from "./messages.js";
import { connectOrExplain, createClient } from "./redis.js";
import { type RedisTarget, describeTarget, redisOptions } from "./target.js";

export interface QueueWorkerOptions {
  redis: RedisTarget;
  experiment: string;
  prefix?: string;
  /** Trials this process runs at once; default 1. */
  concurrency?: number;
  /**
   * Milliseconds a job's lock lives without renewal; default 30,000. A worker that has not
   * renewed it by then (killed, or its event loop blocked longer) loses the trial, which fails.
   */
  lockDuration?: number;
  /** Milliseconds between this worker's checks for other workers' stalled jobs; default lockDuration. */
  stalledInterval?: number;
  /** Seconds to connect at start; default 5. */
  connectTimeout?: number;
  logger?: Logger;
}

export interface QueueWorker {
  /** Trials finished by this process. */
  readonly finished: number;
  /** Stops taking jobs; `force` also ends running trials (their trainers see a failed report). */
  close(force?: boolean): Promise<void>;
}

function checkInt(name: string, v: unknown, min: number): void {
  if (v !== undefined && (typeof v !== "number" || !Number.isInteger(v) || v < min))
    throw invalid(`options.${name}`, v, `an integer >= ${min}`, ConfigError);
}

/** Serves trials of `options.experiment` with `trainer` until closed. */
export async function serveQueue(trainer: Trainer, options: QueueWorkerOptions): Promise<QueueWorker> {
  if (!trainer || typeof trainer.fn !== "function" || !trainer.space) {
    throw invalid("trainer", trainer, "a trainer made with args(spec, fn)", ConfigError);
  }
  const keys = experimentKeys(options.prefix ?? "hyperwasm", options.experiment);
  checkInt("concurrency", options.concurrency, 1);
  checkInt("lockDuration", options.lockDuration, 100);
  checkInt("stalledInterval", options.stalledInterval, 100);
  const lockDuration = options.lockDuration ?? 30_000;
  const cmd = createClient(options.redis, {
    lazyConnect: true,
    maxRetriesPerRequest: null,
    connectTimeout: (options.connectTimeout ?? 5) * 1000,
  });
  await connectOrExplain(cmd, options.redis, (options.connectTimeout ?? 5) * 1000);
  // ioredis reconnects and a worker outlives short outages: one line when Redis goes, one when
  // it is back, whatever the number of connections and retries in between
  let down = false;
  const lost = (e: Error) => {
    if (down) return;
    down = true;
    options.logger?.warn(`lost the connection to Redis at ${describeTarget(options.redis)} (${e.message}); retrying`);
  };
  const back = () => {
    if (!down) return;
    down = false;
    options.logger?.warn(`the connection to Redis at ${describeTarget(options.redis)} is back`);
  };
  cmd.on("error", lost);
  cmd.on("ready", back);
  const duplicate = () => cmd.duplicate().on("error", lost);
  let closing = false;

  const fingerprint = spaceFingerprint(trainer.space);
  const blockers: Redis[] = [];
  const busy = new Set<Redis>();
  const t0 = performance.now();
  const abort = new AbortController();
  let finished = 0;

  const push = (m: ToScheduler) => cmd.lpush(keys.reports, JSON.stringify(m));

  /** The job's config, checked against this process's trainer; or why it is refused. */
  const admit = (job: TrialJob): { args: Config } | { error: SerializedError } => {
    try {
      if (job.space !== fingerprint) {
        throw new ConfigError(
          `The scheduler's search space ${job.space} differs from this worker's trainer's ${fingerprint}: start the worker with the scheduler's trainer module`,
        );
      }
      const config: Config = {};
      for (const n of trainer.space.names) config[n] = job.args[n];
      trainer.space.validate(config);
      return { args: trainer.space.withFixed(config) };
    } catch (e) {
      return { error: serializeError(e) };
    }
  };

  const processJob = async (job: { id?: string; data: TrialJob }): Promise<string> => {
    const d = job.data;
    const jobId = job.id!;
    const base = { token: d.token, jobId, trialId: d.trialId };
    const admitted = admit(d);
    let outcome: Outcome;
    if ("error" in admitted) {
      outcome = { kind: "failed", error: admitted.error, reported: false };
    } else {
      const blocker = blockers.pop() ?? duplicate();
      busy.add(blocker);
      const checkpoint: CheckpointHandle = {
        save: async (state) => void (await cmd.set(keys.checkpoint(d.checkpointKey), serialize(state))),
        load: async <T>() => {
          const b = await cmd.getBuffer(keys.checkpoint(d.checkpointKey));
          return b ? (deserialize(b) as T) : undefined;
        },
      };
      const decide = async (result: Record<string, unknown>): Promise<ToTrial> => {
        await push({ type: "report", ...base, result });
        // wait in rounds of a second: a closing worker whose scheduler is gone tells its trial
        // to stop instead of waiting for a decision that will never come
        for (;;) {
          const reply = await blocker.brpop(keys.decision(jobId), 1);
          if (reply) return JSON.parse(reply[1]) as ToTrial;
          if (closing) return "stop";
        }
      };
      try {
        outcome = await runTrial(
          trainer.fn as never,
          { trialId: d.trialId, args: admitted.args, resumeFrom: d.resumeFrom, checkpointKey: d.checkpointKey },
          decide,
          checkpoint,
          abort.signal,
          () => (performance.now() - t0) / 1000,
        );
      } finally {
        busy.delete(blocker);
        if (blocker.status === "ready") blockers.push(blocker);
        else blocker.disconnect();
      }
    }
    await cmd
      .multi()
      .lpush(keys.reports, JSON.stringify({ type: "done", ...base, outcome } satisfies ToScheduler))
      .del(keys.decision(jobId))
      .exec();
    finished++;
    options.logger?.info(
      `trial ${d.trialId} (${jobId}): ${outcome.kind === "failed" ? `failed: ${outcome.error.message}` : outcome.kind === "ended" ? outcome.decision : "complete"}`,
    );
    return outcome.kind;
  };

  const worker = new Worker<TrialJob>(keys.queue, processJob, {
    connection: redisOptions(options.redis, { maxRetriesPerRequest: null }),
    prefix: keys.prefix,
    concurrency: options.concurrency ?? 1,
    lockDuration,
    stalledInterval: options.stalledInterval ?? lockDuration,
    maxStalledCount: 0,
  });
  worker.on("error", (e) => {
    if (/ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection is closed|connect/i.test(e.message)) lost(e);
    else options.logger?.warn(`queue worker: ${e.message}`);
  });
  // This process's stalled-job check found a job whose worker let its lock expire (killed, or
  // blocked longer than lockDuration); with maxStalledCount 0 BullMQ has failed it. Tell that
  // trial's scheduler, whose process the job id names.
  worker.on("stalled", (jobId) => {
    const cut = jobId.lastIndexOf("-");
    const token = jobId.slice(0, cut),
      trialId = Number(jobId.slice(cut + 1));
    const error = stalledError(trialId);
    void push({ type: "done", token, jobId, trialId, outcome: { kind: "failed", error, reported: false } }).catch(
      () => {},
    );
    options.logger?.warn(`trial ${trialId} (${jobId}): ${error.message}`);
  });
  await worker.waitUntilReady();

  return {
    get finished() {
      return finished;
    },
    async close(force = false) {
      closing = true;
      if (force) {
        abort.abort();
        for (const b of busy) b.disconnect();
      }
      // running trials stop at their next report; one that does not report within the lock
      // duration is cut off, so a worker always exits within it
      const cutOff = setTimeout(() => {
        abort.abort();
        for (const b of busy) b.disconnect();
        void worker.close(true);
      }, lockDuration);
      await worker.close(force);
      clearTimeout(cutOff);
      for (const b of blockers) b.disconnect();
      await cmd.quit().catch(() => {});
    },
  };
}
