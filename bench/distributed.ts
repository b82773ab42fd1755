// npm run bench:distributed — the distributed executor on this machine: 1, 2 and 4 worker
// processes (`hyperwasm worker`, 4 trials each at a time; and 4 processes with 1 each, to tell
// the number of processes from the number of trials in flight) on a private redis-server, FIFO +
// random search and a no-op trainer with three reports per trial. Reports trials dispatched per
// second (start of run() to the last trial's end) and the report → decision round trip timed
// inside the trainer (p50, p99), against the inline executor in the same run; and how busy the
// machine's cores were during the distributed run (all processes: scheduler, Redis, workers; from
// /proc, so Linux only), because the no-op load can saturate two cores and then messages queue.
// Usage: npm run bench:distributed -- [trials=3000]
import { FIFOScheduler, inline } from "../src/node.js";
import { distributed } from "../src/runtime/distributed/index.js";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { noop } from "../tests/helpers/dist-trainers.js";
import { startRedis, startWorker, stopWorkers } from "../tests/helpers/redis.js";

const N = Number(process.argv[2] ?? 3000);
const trainerPath = new URL("../tests/helpers/dist-trainers.ts", import.meta.url).pathname;

const quantile = (v: number[], p: number) => {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};

/** CPU seconds a process has used (user + system), or NaN where /proc is missing. */
function cpuSeconds(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return Number.NaN;
  }
}

interface Measured {
  rate: number;
  p50: number;
  p99: number;
  /** Share of all cores busy in the measured processes during the run. */
  busy: number;
}

async function measure(make: () => FIFOScheduler, pids: number[]): Promise<Measured> {
  const s = make();
  const cpu0 = pids.map(cpuSeconds);
  const t0 = performance.now();
  await s.run();
  await s.joinJobs();
  const secs = (performance.now() - t0) / 1000;
  // NaN for the inline rows: they last a fraction of a second, below /proc's 10 ms resolution
  const used = pids.length ? pids.reduce((sum, p, i) => sum + cpuSeconds(p) - cpu0[i], 0) : Number.NaN;
  const rtts = Object.values(s.trainingHistory)
    .flat()
    .map((r) => r.rtt_ms as number)
    .filter((v) => v >= 0);
  const done = [...s.trials.values()].filter((t) => t.status === "completed").length;
  if (done !== N) throw new Error(`only ${done} of ${N} trials completed`);
  return {
    rate: N / secs,
    p50: quantile(rtts, 0.5),
    p99: quantile(rtts, 0.99),
    busy: used / secs / availableParallelism(),
  };
}

const redis = await startRedis();
console.log(`${N} trials, no-op trainer (3 reports each), FIFO + random; redis-server on 127.0.0.1 (loopback)\n`);
console.log(
  `| executor | trials in flight | trials/s | round trip p50 | p99 | cores busy (of ${availableParallelism()}) |`,
);
console.log("|---|---|---|---|---|---|");
const ms = (v: number) => (v < 0.1 ? `${(v * 1000).toFixed(1)} µs` : `${v.toFixed(2)} ms`);
const row = (name: string, slots: number, r: Measured) =>
  console.log(
    `| ${name} | ${slots} | ${r.rate.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p99)} | ${Number.isNaN(r.busy) ? "" : `${(r.busy * 100).toFixed(0)} %`} |`,
  );
// × 1 is the worker command's default concurrency; × 4 puts 16 trials in flight on 4 processes
for (const [workers, perWorker] of [
  [1, 1],
  [2, 1],
  [4, 1],
  [1, 4],
  [2, 4],
  [4, 4],
]) {
  const slots = workers * perWorker;
  const ws = Array.from({ length: workers }, () =>
    startWorker([
      "--redis",
      redis.url,
      "--queue",
      `bench${workers}x${perWorker}`,
      "--trainer",
      `${trainerPath}#noop`,
      "--concurrency",
      String(perWorker),
      "--quiet",
    ]),
  );
  await Promise.all(ws.map((w) => w.ready));
  const pids = [process.pid, redis.proc.pid!, ...ws.map((w) => w.proc.pid!)];
  const inl = await measure(
    () => new FIFOScheduler(noop, { numTrials: N, seed: 1, executor: inline({ concurrency: slots }), logger: null }),
    [],
  );
  const dist = await measure(
    () =>
      new FIFOScheduler(noop, {
        numTrials: N,
        seed: 1,
        logger: null,
        executor: distributed({ redis: redis.url, experiment: `bench${workers}x${perWorker}`, capacity: slots }),
      }),
    pids,
  );
  row("inline (same process)", slots, inl);
  row(`distributed, ${workers} worker process${workers > 1 ? "es" : ""} × ${perWorker}`, slots, dist);
  console.log(`| ratio inline / distributed | | ${(inl.rate / dist.rate).toFixed(1)}× | | | |`);
  await stopWorkers(ws);
}
await redis.stop();
