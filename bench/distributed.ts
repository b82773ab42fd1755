// npm run bench:distributed — the distributed executor on this machine: 1, 2 and 4 worker
// processes (`hyperwasm worker`, 4 trials each at a time; and 4 processes with 1 each, to tell
// the number of processes from the number of trials in flight) on a private redis-server, FIFO +
// random search and a no-op trainer with three reports per trial. Reports trials dispatched per
// second (start of run() to the last trial's end) and the report → decision round trip timed
// inside the trainer (p50, p99), against the inline executor in the same run.
// Usage: npm run bench:distributed -- [trials=3000]
import { FIFOScheduler, inline } from "../src/node.js";
import { distributed } from "../src/runtime/distributed/index.js";
import { noop } from "../tests/helpers/dist-trainers.js";
import { startRedis, startWorker, stopWorkers } from "../tests/helpers/redis.js";

const N = Number(process.argv[2] ?? 3000);
const trainerPath = new URL("../tests/helpers/dist-trainers.ts", import.meta.url).pathname;

const quantile = (v: number[], p: number) => {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};

async function measure(make: () => FIFOScheduler): Promise<{ rate: number; p50: number; p99: number }> {
  const s = make();
  const t0 = performance.now();
  await s.run();
  await s.joinJobs();
  const secs = (performance.now() - t0) / 1000;
  const rtts = Object.values(s.trainingHistory).flat().map((r) => r.rtt_ms as number).filter((v) => v >= 0);
  const done = [...s.trials.values()].filter((t) => t.status === "completed").length;
  if (done !== N) throw new Error(`only ${done} of ${N} trials completed`);
  return { rate: N / secs, p50: quantile(rtts, 0.5), p99: quantile(rtts, 0.99) };
}

const redis = await startRedis();
console.log(`${N} trials, no-op trainer (3 reports each), FIFO + random; redis-server on 127.0.0.1 (loopback)\n`);
console.log("| executor | trials in flight | trials/s | round trip p50 | p99 |");
console.log("|---|---|---|---|---|");
const row = (name: string, slots: number, r: { rate: number; p50: number; p99: number }) =>
  console.log(`| ${name} | ${slots} | ${r.rate.toFixed(0)} | ${r.p50 < 0.1 ? `${(r.p50 * 1000).toFixed(1)} µs` : `${r.p50.toFixed(2)} ms`} | ${r.p99 < 0.1 ? `${(r.p99 * 1000).toFixed(1)} µs` : `${r.p99.toFixed(2)} ms`} |`);
for (const [workers, perWorker] of [[1, 4], [2, 4], [4, 4], [4, 1]]) {
  const slots = workers * perWorker;
  const ws = Array.from({ length: workers }, () =>
    startWorker(["--redis", redis.url, "--queue", `bench${workers}x${perWorker}`, "--trainer", `${trainerPath}#noop`, "--concurrency", String(perWorker), "--quiet"]));
  await Promise.all(ws.map((w) => w.ready));
  const inl = await measure(() => new FIFOScheduler(noop, { numTrials: N, seed: 1, executor: inline({ concurrency: slots }), logger: null }));
  const dist = await measure(() => new FIFOScheduler(noop, { numTrials: N, seed: 1, logger: null, executor: distributed({ redis: redis.url, experiment: `bench${workers}x${perWorker}`, capacity: slots }) }));
  row("inline (same process)", slots, inl);
  row(`distributed, ${workers} worker process${workers > 1 ? "es" : ""} × ${perWorker}`, slots, dist);
  console.log(`| ratio inline / distributed | | ${(inl.rate / dist.rate).toFixed(1)}× | | |`);
  await stopWorkers(ws);
}
await redis.stop();
