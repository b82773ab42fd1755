#!/usr/bin/env node
// npm start — the experiment of AutoGluon's "Getting started with Advanced HPO Algorithms" on the
// letter data: the MLP of algorithms §9.1 on tfjs-wasm, 9 epochs, Hyperband stopping + bayesopt
// (MOBSTER), a 120 s budget; then the best trials, the best config scored on the held-out test
// set, and the tutorial's files and figure in the output folder.
//
//   npm start -- --scheduler hbp --searcher bayesopt --time-out 60 --workers 2 --seed 3 --out results
//
// On many machines (hyperwasm/distributed; needs `npm install bullmq ioredis` and a Redis):
//   npm start -- --redis redis://HOST:6379 --workers 8        # here: the scheduler, 8 trials in flight
//   npm run worker -- --redis redis://HOST:6379 --queue letter \
//       --trainer examples/letter-trainer.mjs#train --concurrency 2   # on each worker machine
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  FIFOScheduler,
  HyperbandScheduler,
  fileStore,
  inline,
  loadLetter,
  progress,
  serveDashboard,
  workerPool,
  writeResults,
} from "hyperwasm/node";
import { letterTrainer } from "hyperwasm/tfjs";
import { scoreOnTest } from "./letter-trainer.mjs";

const USAGE =
  "usage: npm start -- [--scheduler fifo|hbs|hbp] [--searcher bayesopt|random|skopt|kde|hypertune] [--time-out S] [--num-trials N]\n" +
  "                    [--num-init-random N] [--workers N (default: cores)] [--seed N] [--out DIR] [--quiet] [--debug] [--resume]\n" +
  "                    [--dashboard [--dashboard-port N]]   (the live dashboard on 127.0.0.1, default port 8765)\n" +
  "                    [--redis URL [--experiment NAME]]   (trials on `npm run worker` processes; --workers = trials in flight)";
const fail = (message) => {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
};
let o;
try {
  o = parseArgs({
    options: {
      scheduler: { type: "string", default: "hbs" },
      searcher: { type: "string", default: "bayesopt" },
      "time-out": { type: "string", default: "120" },
      "num-trials": { type: "string" },
      "num-init-random": { type: "string", default: "2" },
      // one trial per core: tfjs-wasm is single-threaded in Node, so worker threads use the rest
      workers: { type: "string", default: String(availableParallelism()) },
      redis: { type: "string" },
      experiment: { type: "string", default: "letter" },
      seed: { type: "string", default: "1" },
      out: { type: "string", default: "results" },
      quiet: { type: "boolean", default: false },
      debug: { type: "boolean", default: false },
      resume: { type: "boolean", default: false },
      dashboard: { type: "boolean", default: false },
      "dashboard-port": { type: "string", default: "8765" },
      help: { type: "boolean", default: false },
    },
  }).values;
} catch (e) {
  fail(e.message); // an unknown option, or a value that looks like an option ("--time-out=-5" passes it)
}
if (o.help) {
  console.log(USAGE);
  process.exit(0);
}
const available = { scheduler: ["fifo", "hbs", "hbp"], searcher: ["random", "bayesopt", "skopt", "kde", "hypertune"] };
for (const k of ["scheduler", "searcher"]) {
  if (!available[k].includes(o[k])) fail(`--${k} ${o[k]} is not available (choose one of ${available[k].join(", ")})`);
}
/** A numeric flag checked here, so the message names the flag and the text given. */
const numberFlag = (flag, { integer, min, above }) => {
  const text = o[flag];
  if (text === undefined) return undefined;
  const v = Number(text);
  const ok =
    text.trim() !== "" &&
    Number.isFinite(v) &&
    (!integer || Number.isInteger(v)) &&
    (min === undefined || v >= min) &&
    (above === undefined || v > above);
  if (!ok)
    fail(
      `The value of --${flag} is ${JSON.stringify(text)}, but it must be ${integer ? "an integer" : "a number"} ${min !== undefined ? `>= ${min}` : `> ${above}`}`,
    );
  return v;
};
const timeOut = numberFlag("time-out", { above: 0 });
const numTrials = numberFlag("num-trials", { integer: true, min: 1 });
const numInitRandom = numberFlag("num-init-random", { integer: true, min: 0 });
const workers = numberFlag("workers", { integer: true, min: 1 });
const seed = numberFlag("seed", { integer: true, min: 0 });

// ---- output: the library's progress (a line per trial, a live status line on a terminal);
// --quiet keeps only the final summary, --debug adds the searcher's debug log
let live = null;
const say = (m) => (live ? live.say(m) : console.log(m));
const note = (m) => !o.quiet && say(m);
const logger = { info: (m) => o.debug && say(m), warn: (m) => say(`warning: ${m}`) };

note(`hyperwasm tutorial: letter (12060 train / 5940 valid / 2000 test), MLP on tfjs-wasm, 9 epochs`);
note(
  `scheduler ${o.scheduler}, searcher ${o.searcher}, timeOut ${timeOut} s, ${workers} worker(s), seed ${seed}` +
    (o.redis
      ? `, trials on queue "${o.experiment}" at ${o.redis} (start workers with: npm run worker -- --redis ${o.redis} --queue ${o.experiment} --trainer examples/letter-trainer.mjs#train)`
      : "") +
    "\n",
);

mkdirSync(o.out, { recursive: true });
const checkpointPath = join(o.out, "checkpoint.json");
if (o.resume && !existsSync(checkpointPath)) {
  fail(`--resume continues the run saved in ${checkpointPath}, but there is none (run without --resume first)`);
}
const train = letterTrainer(() => loadLetter(1), { epochs: 9, seed });
const stop = new AbortController();
const hyperband = { hbs: "stopping", hbp: "promotion" }[o.scheduler];
const Scheduler = hyperband ? HyperbandScheduler : FIFOScheduler;
let scheduler;
try {
  scheduler = new Scheduler(train, {
    ...(hyperband ? { type: hyperband, gracePeriod: 1, reductionFactor: 3, brackets: 1 } : {}),
    searcher: o.searcher,
    timeOut,
    numTrials,
    rewardAttr: "objective",
    timeAttr: "epoch",
    seed,
    signal: stop.signal,
    logger,
    executor: o.redis
      ? (await import("hyperwasm/distributed")).distributed({
          redis: o.redis,
          experiment: o.experiment,
          capacity: workers,
        })
      : workers > 1
        ? workerPool({ module: new URL("./letter-trainer.mjs", import.meta.url), exportName: "train", size: workers })
        : inline({ concurrency: 1 }),
    searchOptions: ["bayesopt", "hypertune"].includes(o.searcher) ? { numInitRandom, debugLog: o.debug } : {},
    // saved after every trial; --resume continues it (its time counts against --time-out), and a
    // run without --resume starts afresh, like the other files in the output folder
    checkpoint: fileStore(checkpointPath),
    resume: o.resume,
    overwrite: !o.resume,
  });
} catch (e) {
  console.error(`${e.name}: ${e.message}`);
  process.exit(2);
}

// Ctrl-C: stop starting trials, stop running ones at their next report, still write the files
process.on("SIGINT", () => {
  if (stop.signal.aborted) process.exit(130);
  say("\nstopping (Ctrl-C again to quit at once)…");
  stop.abort();
});

if (!o.quiet) live = progress(scheduler);

// --dashboard: the live views; the run's state goes to live.json every second (trials in progress
// too), the checkpoint only when a trial ends
let dashboard = null;
let liveTimer = null;
const writeLive = () => {
  const tmp = join(o.out, `live.json.${process.pid}.tmp`);
  writeFileSync(tmp, JSON.stringify(scheduler.state({ live: true })));
  renameSync(tmp, join(o.out, "live.json"));
};
if (o.dashboard) {
  try {
    dashboard = await serveDashboard({ source: o.out, port: Number(o["dashboard-port"]) });
  } catch (e) {
    fail(
      `--dashboard: cannot listen on port ${o["dashboard-port"]} (${e.message}); pick another with --dashboard-port`,
    );
  }
  writeLive();
  liveTimer = setInterval(writeLive, 1000);
  say(`dashboard: ${dashboard.url}`);
}

try {
  await scheduler.run();
} catch (e) {
  // e.g. Redis unreachable or lost: say so, and still write what was done
  say(`\n${e.name}: ${e.message}`);
  process.exitCode = 1;
}
await scheduler.joinJobs();
if (liveTimer) {
  clearInterval(liveTimer);
  writeLive();
}
live?.stop();
live = null;

// ---- results
const trials = [...scheduler.trials.values()];
const finals = trials
  .map((t) => {
    const rows = scheduler.trainingHistory[t.trialId] ?? [];
    return { t, rows, last: rows[rows.length - 1] };
  })
  .filter((x) => x.last)
  .sort((a, b) => b.last.objective - a.last.objective);
say(
  `\n${trials.length} trials, ${Object.values(scheduler.trainingHistory).reduce((a, r) => a + r.length, 0)} epochs in ${scheduler.elapsed().toFixed(1)} s`,
);
say("\nbest trials (by their last validation accuracy):");
say("  trial  epochs  valid acc  n_units_1 n_units_2 dropout_1 dropout_2 learning_rate batch_size scale_1 scale_2");
for (const { t, rows, last } of finals.slice(0, 5)) {
  const c = t.config;
  say(
    `  ${String(t.trialId).padStart(5)}  ${String(last.epoch).padStart(6)}  ${last.objective.toFixed(4).padStart(9)}  ` +
      `${String(c.n_units_1).padStart(9)} ${String(c.n_units_2).padStart(9)} ${c.dropout_1.toFixed(3).padStart(9)} ${c.dropout_2.toFixed(3).padStart(9)} ` +
      `${c.learning_rate.toExponential(2).padStart(13)} ${String(c.batch_size).padStart(10)} ${c.scale_1.toExponential(2).padStart(7)} ${c.scale_2.toExponential(2).padStart(7)}`,
  );
  void rows;
}
const best = finals.length ? scheduler.getBestConfig() : null;
let testAcc = null;
if (best) {
  say(`\nbest validation accuracy ${scheduler.getBestReward().toFixed(4)} (trial ${scheduler.getBestTaskId()})`);
  testAcc = await scoreOnTest(best, 9, seed);
  say(`test accuracy of the best config (retrained 9 epochs on train): ${testAcc.toFixed(4)}`);
} else {
  say("\nno trial reported a result, so there is no best configuration to score");
}

const written = writeResults(scheduler, o.out, { options: o, testAccuracy: testAcc });
say(`\nwrote ${written.join(", ")}`);
if (dashboard) {
  // the run is over; its views stay until Ctrl-C
  say(`\nthe dashboard stays at ${dashboard.url}; Ctrl-C quits`);
  process.removeAllListeners("SIGINT");
  process.once("SIGINT", () => process.exit(process.exitCode ?? 0));
} else process.exit(process.exitCode ?? 0);
