#!/usr/bin/env node
// npm start — the experiment of AutoGluon's "Getting started with Advanced HPO Algorithms" on the
// letter data: the MLP of SPEC §9.1, 9 epochs, a 120 s budget, results table, best config
// scored on the held-out test set.
//
//   npm start -- --time-out 60 --workers 2 --seed 3 --out results/
//
// Schedulers: fifo, hbs (Hyperband stopping, default), hbp (promotion); searchers: bayesopt
// (default; under Hyperband it is MOBSTER), random, skopt (FIFO only).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { FIFOScheduler, HyperbandScheduler, inline, workerPool } from "hyperwasm/node";
import { scoreOnTest, train } from "./letter-trainer.mjs";

const { values: o } = parseArgs({
  options: {
    scheduler: { type: "string", default: "hbs" },
    searcher: { type: "string", default: "bayesopt" },
    "time-out": { type: "string", default: "120" },
    "num-init-random": { type: "string", default: "2" },
    "num-trials": { type: "string" },
    workers: { type: "string", default: "1" },
    seed: { type: "string", default: "1" },
    out: { type: "string" },
    quiet: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (o.help) {
  console.log("usage: npm start -- [--scheduler fifo|hbs|hbp] [--searcher random|bayesopt|skopt] [--num-init-random N] [--time-out S] [--num-trials N] [--workers N] [--seed N] [--out DIR] [--quiet]");
  process.exit(0);
}
const available = { scheduler: ["fifo", "hbs", "hbp"], searcher: ["random", "bayesopt", "skopt"] };
for (const k of ["scheduler", "searcher"]) {
  if (!available[k].includes(o[k])) {
    console.error(`--${k} ${o[k]} is not available yet in this version (available: ${available[k].join(", ")}); Hyperband and the GP searchers are in progress.`);
    process.exit(2);
  }
}
const timeOut = Number(o["time-out"]);
const workers = Number(o.workers);
const seed = Number(o.seed);
const say = (...a) => o.quiet || console.log(...a);

say(`hyperwasm tutorial: letter (12060 train / 5940 valid / 2000 test), MLP, 9 epochs`);
say(`scheduler ${o.scheduler}, searcher ${o.searcher}, timeOut ${timeOut} s, ${workers} worker(s), seed ${seed}\n`);

const hyperband = { hbs: "stopping", hbp: "promotion" }[o.scheduler];
const Scheduler = hyperband ? HyperbandScheduler : FIFOScheduler;
let scheduler;
try {
scheduler = new Scheduler(train, {
  ...(hyperband ? { type: hyperband, gracePeriod: 1, reductionFactor: 3, brackets: 1 } : {}),
  searcher: o.searcher,
  timeOut,
  numTrials: o["num-trials"] ? Number(o["num-trials"]) : undefined,
  rewardAttr: "objective",
  timeAttr: "epoch",
  seed,
  logger: o.quiet ? null : undefined,
  executor: workers > 1
    ? workerPool({ module: new URL("./letter-trainer.mjs", import.meta.url), exportName: "train", size: workers })
    : inline({ concurrency: 1 }),
  searchOptions: o.searcher === "bayesopt" ? { numInitRandom: Number(o["num-init-random"]), debugLog: !o.quiet } : {},
});
} catch (e) {
  console.error(`${e.name}: ${e.message}`);
  process.exit(2);
}

// one line per finished trial
const seen = new Set();
const progress = setInterval(() => {
  for (const t of scheduler.trials.values()) {
    if (t.status === "running" || seen.has(t.trialId)) continue;
    seen.add(t.trialId);
    const rows = scheduler.trainingHistory[t.trialId] ?? [];
    const last = rows[rows.length - 1];
    say(`trial ${String(t.trialId).padStart(3)} ${t.status.padEnd(9)} epochs ${rows.length}${t.resumeFrom ? ` (resumed at ${t.resumeFrom})` : ""}  ` +
      `valid acc ${last ? last.objective.toFixed(4) : "  –   "}  at ${(t.endedAt ?? 0).toFixed(1)} s` +
      (t.error ? `  (${t.error.message})` : ""));
  }
}, 200);

await scheduler.run();
await scheduler.joinJobs();
clearInterval(progress);

const best = scheduler.getBestConfig();
say(`\n${scheduler.trials.size} trials in ${scheduler.elapsed().toFixed(1)} s`);
say(`best validation accuracy ${scheduler.getBestReward().toFixed(4)} (trial ${scheduler.getBestTaskId()})`);
say("best config:", best);
const testAcc = scoreOnTest(best, 9, seed);
say(`test accuracy of the best config (retrained 9 epochs): ${testAcc.toFixed(4)}`);

const table = scheduler.resultsTable();
say("\nincumbent (best error so far) over time:");
let lastBest = Infinity;
for (const r of table) {
  if (r.best < lastBest) say(`  ${r.runtime.toFixed(1).padStart(6)} s  error ${r.best.toFixed(4)}  (trial ${r.trialId}, epoch ${r.epoch})`);
  lastBest = r.best;
}
if (o.out) {
  mkdirSync(o.out, { recursive: true });
  writeFileSync(join(o.out, "results.csv"), scheduler.toCSV());
  writeFileSync(join(o.out, "run.json"), JSON.stringify({ ...scheduler.toJSON(), testAccuracy: testAcc }, null, 1));
  say(`\nwrote ${join(o.out, "results.csv")} and run.json`);
}
