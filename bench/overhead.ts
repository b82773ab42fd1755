// npm run bench:overhead — does deciding hold training back (issue 15)? Real wall clock, trials in
// Node worker threads, each epoch a busy loop of fixed work (about 40 ms on an idle core, so CPU a
// searcher takes slows training down), the same seed, 1 and 2 trial workers. Per method: epochs
// trained; the share of the main thread's wall time spent in suggest() and report handling (where
// trainers wait); the searcher thread's deciding time; suggest / report latency p50 / p99 on the
// main thread by number of labeled observations. "Hyperband + bayesopt, no thread" is the same
// run deciding on the main thread (searcherThread: false), the reference in the same process.
// Then the edge example in real workerd (bench/overhead/edge.ts): suggest / report latency at 100,
// 500 and 1,000 trials of one Hyperband + bayesopt experiment.
// Usage: npm run bench:overhead -- [--seconds 120] [--workers 1,2] [--methods REGEX] [--edge-trials 1000]
import { availableParallelism } from "node:os";
import { FIFOScheduler, HyperbandScheduler, args, workerPool } from "../src/node.js";
import { ThreadedSearcher } from "../src/searchers/threaded.js";
import { edgeLatency } from "./overhead/edge.js";
import { calibrate, space, train } from "./overhead/trainer.js";

const flag = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const SECONDS = Number(flag("seconds", "120"));
const WORKERS = flag("workers", "1,2").split(",").map(Number);
const only = new RegExp(flag("methods", "."));
const EDGE_TRIALS = Number(flag("edge-trials", "1000"));
const work = calibrate(40);
const trainer = args({ ...space, epochs: 27, work }, train);
const module = new URL("./overhead/trainer.ts", import.meta.url);

type Make = (o: Record<string, unknown>) => FIFOScheduler;
const hb = (o: Record<string, unknown>) => new HyperbandScheduler(trainer, { ...o, maxT: 27, gracePeriod: 1 });
const methods: [string, Make][] = [
  ["FIFO + random", (o) => new FIFOScheduler(trainer, o)],
  ["Hyperband + random", (o) => hb(o)],
  ["Hyperband + bayesopt", (o) => hb({ ...o, searcher: "bayesopt" })],
  ["Hyperband + bayesopt, no thread", (o) => hb({ ...o, searcher: "bayesopt", searcherThread: false })],
  ["FIFO + bayesopt", (o) => new FIFOScheduler(trainer, { ...o, searcher: "bayesopt" })],
  ["FIFO + skopt", (o) => new FIFOScheduler(trainer, { ...o, searcher: "skopt" })],
];

const BUCKETS = [100, 300, 1000, Infinity];
const bucketOf = (n: number) => BUCKETS.findIndex((b) => n <= b);
const q = (v: number[], p: number) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : Number.NaN;
};

interface Row {
  method: string;
  workers: number;
  epochs: number;
  trials: number;
  mainShare: number;
  threadShare: number;
  /** The searcher thread's decisions: prepared, served, dropped as stale or taken; made inline. */
  decisions: string;
  suggest: number[][];
  report: number[][];
}

async function measure(method: string, make: Make, workers: number): Promise<Row> {
  const s = make({ timeOut: SECONDS, seed: 1, logger: null, executor: workerPool({ module, size: workers }) });
  const suggest: number[][] = BUCKETS.map(() => []);
  const report: number[][] = BUCKETS.map(() => []);
  let main = 0;
  let thread: ThreadedSearcher | null = null;
  const obs = () => s.searcher.dataSize?.() ?? 0;
  const timed = <A extends unknown[], R>(f: (...a: A) => R, into: number[][]) => {
    return (...a: A): R => {
      const t = performance.now();
      const r = f(...a);
      const dt = performance.now() - t;
      main += dt;
      into[bucketOf(obs())].push(dt);
      if (s.searcher instanceof ThreadedSearcher) thread = s.searcher;
      return r;
    };
  };
  s.suggest = timed(s.suggest.bind(s), suggest);
  s.onReport = timed(s.onReport.bind(s), report);
  const t0 = performance.now();
  await s.run();
  await s.joinJobs();
  const wall = performance.now() - t0;
  const epochs = Object.values(s.trainingHistory).reduce((a, rows) => a + rows.length, 0);
  const stats = (thread as ThreadedSearcher | null)?.stats;
  const threadMs = stats?.threadMs ?? 0;
  return {
    method,
    workers,
    epochs,
    trials: s.trials.size,
    mainShare: main / wall,
    threadShare: threadMs / wall,
    decisions: stats ? `${stats.prepared} / ${stats.served} / ${stats.dropped} / ${stats.inline}` : "–",
    suggest,
    report,
  };
}

const ms = (v: number) => (Number.isNaN(v) ? "–" : v < 1 ? v.toFixed(2) : v.toFixed(1));
const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
console.log(
  `Machine: ${availableParallelism()} cores, Node ${process.version}; ${SECONDS} s per run, seed 1; ` +
    `an epoch is ${work} loop iterations (40 ms on an idle core); Hyperband maxT 27, grace 1, factor 3\n`,
);
const rows: Row[] = [];
for (const [name, make] of methods) {
  if (!only.test(name)) continue;
  for (const w of WORKERS) {
    const r = await measure(name, make, w);
    rows.push(r);
    process.stderr.write(`${name}, ${w} worker(s): ${r.epochs} epochs\n`);
  }
}
console.log(
  "| method | workers | trials | epochs | epochs vs Hyperband + random | main thread in searcher | searcher thread busy | thread's decisions: prepared / served / dropped / inline |",
);
console.log("|---|---|---|---|---|---|---|---|");
for (const r of rows) {
  const ref = rows.find((x) => x.method === "Hyperband + random" && x.workers === r.workers);
  const vs = ref ? pct(r.epochs / ref.epochs) : "–";
  console.log(
    `| ${r.method} | ${r.workers} | ${r.trials} | ${r.epochs} | ${vs} | ${pct(r.mainShare)} | ${r.threadShare ? pct(r.threadShare) : "–"} | ${r.decisions} |`,
  );
}
const two = (m: string) => {
  const [a, b] = [1, 2].map((w) => rows.find((x) => x.method === m && x.workers === w));
  return a && b ? `${(b.epochs / a.epochs).toFixed(2)}×` : "–";
};
console.log(
  "\nEpochs with 2 workers against 1:",
  [...new Set(rows.map((r) => r.method))].map((m) => `${m} ${two(m)}`).join("; "),
);
console.log("\nMain-thread latency in ms, p50 / p99 (count), by labeled observations:\n");
const head = BUCKETS.map((b, i) =>
  i === 0 ? `≤ ${b}` : b === Infinity ? `> ${BUCKETS[i - 1]}` : `${BUCKETS[i - 1] + 1}–${b}`,
);
console.log(`| method | workers | call | ${head.join(" | ")} |`);
console.log(`|---|---|---|${head.map(() => "---").join("|")}|`);
for (const r of rows)
  for (const [call, v] of [
    ["suggest", r.suggest],
    ["report", r.report],
  ] as const)
    console.log(
      `| ${r.method} | ${r.workers} | ${call} | ${v.map((x) => (x.length ? `${ms(q(x, 0.5))} / ${ms(q(x, 0.99))} (${x.length})` : "–")).join(" | ")} |`,
    );

if (EDGE_TRIALS > 0) {
  console.log(
    `\nThe edge example in workerd, Hyperband + bayesopt, ${EDGE_TRIALS} trials by one client, latency at the client:\n`,
  );
  console.log(await edgeLatency(EDGE_TRIALS));
}
