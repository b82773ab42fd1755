// FIFOScheduler (algorithms §4) with the random searcher (§6.2): budgets, the reporter handshake,
// failures, accessors, option validation. Timing cases use the simulated executor, so they
// are exact rather than dependent on this machine's speed.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { ConfigError, FIFOScheduler, args, int, real, simulated, inline, type Logger } from "../src/node.js";
import { availableParallelism } from "node:os";
import { concurrencyFor } from "../src/schedulers/options.js";
import { throwsExactly } from "./helpers/index.js";

const test = suite("FIFOScheduler");

function capture(): Logger & { lines: string[]; warnings: string[] } {
  const lines: string[] = [];
  const warnings: string[] = [];
  return { lines, warnings, info: (m) => lines.push(m), warn: (m) => warnings.push(m) };
}

// reward peaks at x = 0.3; each epoch costs 1 simulated second
const quad = args({ x: real(0, 1), epochs: 4 }, async (cfg, reporter) => {
  for (let e = 1; e <= cfg.epochs; e++)
    await reporter({ epoch: e, accuracy: 1 - (cfg.x - 0.3) ** 2 - 0.1 / e, cost: 1 });
});

test("runs numTrials trials, the first with the default config, none twice", async () => {
  const s = new FIFOScheduler(quad, { numTrials: 20, seed: 7, executor: simulated({ workers: 3 }), logger: null });
  await s.run();
  await s.joinJobs();
  assert.is(s.trials.size, 20);
  assert.equal(s.configHistory["0"], { x: 0.5 });
  const keys = new Set(Object.values(s.configHistory).map((c) => c.x));
  assert.is(keys.size, 20);
  for (const t of s.trials.values()) assert.is(t.status, "completed");
  for (const rows of Object.values(s.trainingHistory)) assert.is(rows.length, 4);
  // best = max over finished trials of the LAST report (algorithms §2.4, §6.1)
  let best = -Infinity,
    bestId = -1;
  for (const [id, rows] of Object.entries(s.trainingHistory)) {
    const r = rows[rows.length - 1].accuracy as number;
    if (r > best) [best, bestId] = [r, Number(id)];
  }
  assert.is(s.getBestReward(), best);
  assert.is(s.getBestTaskId(), bestId);
  assert.equal(s.getBestConfig(), s.configHistory[String(bestId)]);
});

test("the same seed replays the same run; another seed does not", async () => {
  const run = async (seed: number) => {
    const s = new FIFOScheduler(quad, { numTrials: 8, seed, executor: simulated({ workers: 2 }), logger: null });
    await s.run();
    await s.joinJobs();
    return JSON.stringify(s.configHistory);
  };
  assert.is(await run(5), await run(5));
  assert.is.not(await run(5), await run(6));
});

test("timeOut is a budget: nothing starts after it and running trials stop at their next report", async () => {
  // 2 workers, 4 s per trial, budget 5 s: trials 0,1 finish at 4; 2,3 start at 4 and are
  // stopped at their report at t = 5; nothing starts at or after 5.
  const s = new FIFOScheduler(quad, { timeOut: 5, seed: 1, executor: simulated({ workers: 2 }), logger: null });
  await s.run();
  await s.joinJobs();
  assert.is(s.trials.size, 4);
  assert.is(s.trials.get(0)!.status, "completed");
  assert.is(s.trials.get(2)!.status, "stopped");
  assert.is(s.trainingHistory["2"].length, 1);
  assert.is(s.trainingHistory["2"][0].time_since_start, 5);
  for (const t of s.trials.values()) assert.ok(t.startedAt < 5);
});

test("letTrialsFinish keeps AutoGluon's behaviour", async () => {
  const s = new FIFOScheduler(quad, {
    timeOut: 5,
    letTrialsFinish: true,
    seed: 1,
    executor: simulated({ workers: 2 }),
    logger: null,
  });
  await s.run();
  await s.joinJobs();
  assert.is(s.trials.get(2)!.status, "completed");
  assert.is(s.trainingHistory["2"].length, 4);
});

test("maxReward ends the run once reached", async () => {
  const s = new FIFOScheduler(quad, {
    numTrials: 50,
    maxReward: 0.8,
    seed: 2,
    executor: simulated({ workers: 1 }),
    logger: null,
  });
  await s.run();
  await s.joinJobs();
  // the default x = 0.5 gives 1 − 0.04 − 0.025 = 0.935 ≥ 0.8 after the first trial
  assert.is(s.trials.size, 1);
});

test("on stop the trainer ends at its await: no work after the decision, no further reports", async () => {
  let workAfter = 0;
  const t = args({ x: real(0, 1), epochs: 10 }, async (_cfg, reporter) => {
    for (let e = 1; e <= 10; e++) {
      await reporter({ epoch: e, accuracy: 0.5, cost: 1 });
      workAfter = e;
    }
  });
  const s = new FIFOScheduler(t, { timeOut: 3, seed: 1, executor: simulated({ workers: 1 }), logger: null });
  await s.run();
  await s.joinJobs();
  assert.is(s.trials.get(0)!.status, "stopped");
  assert.is(s.trainingHistory["0"].length, 3);
  assert.is(workAfter, 2);
});

test("a failing trial is recorded with its message and stack, the searcher is told, the run goes on", async () => {
  const t = args({ k: int(1, 6), epochs: 2 }, async (cfg, reporter) => {
    await reporter({ epoch: 1, accuracy: cfg.k / 10, cost: 1 });
    if (cfg.k % 2 === 0) throw new RangeError(`even k = ${cfg.k}`);
    if (cfg.k === 3) return Promise.reject(new Error("rejected"));
    await reporter({ epoch: 2, accuracy: cfg.k / 10, cost: 1 });
  });
  const log = capture();
  const s = new FIFOScheduler(t, { numTrials: 6, seed: 3, executor: simulated({ workers: 2 }), logger: log });
  await s.run();
  await s.joinJobs();
  assert.is(s.trials.size, 6);
  for (const tr of s.trials.values()) {
    const k = tr.config.k as number;
    if (k % 2 === 0) {
      assert.is(tr.status, "failed");
      assert.is(tr.error!.message, `even k = ${k}`);
      assert.is(tr.error!.name, "RangeError");
      assert.match(tr.error!.stack!, "fifo.test.ts");
    } else if (k === 3) assert.is(tr.error!.message, "rejected");
    else assert.is(tr.status, "completed");
  }
  // failed configs never count as best (the searcher was told)
  assert.ok((s.getBestConfig()!.k as number) % 2 === 1 && s.getBestConfig()!.k !== 3);
  assert.ok(log.warnings.some((w) => w.startsWith("Trial ") && w.includes("failed: even k")));
});

test("a report without a finite reward fails that trial with a clear message", async () => {
  const bad = [undefined, Number.NaN, Number.POSITIVE_INFINITY, "0.9"];
  const t = args({ k: int(0, 3) }, async (cfg, reporter) => {
    await reporter({ epoch: 1, cost: 1, ...(cfg.k === 0 ? {} : { accuracy: bad[cfg.k] }) });
  });
  const s = new FIFOScheduler(t, { numTrials: 4, seed: 1, executor: simulated(), logger: null });
  await s.run();
  await s.joinJobs();
  const trial = (k: number) => [...s.trials.values()].find((tr) => tr.config.k === k)!;
  const msg = (k: number) => trial(k).error?.message;
  assert.is(
    msg(0),
    `The value of accuracy in the report of trial ${trial(0).trialId} is missing (the report has epoch, cost), but it must be a finite number (rewardAttr is "accuracy")`,
  );
  assert.match(msg(1)!, "is NaN, but it must be a finite number");
  assert.match(msg(2)!, "is Infinity, but it must be a finite number");
  assert.is(
    msg(3),
    `The value of accuracy in the report of trial ${trial(3).trialId} is "0.9", but it must be a finite number (rewardAttr is "accuracy")`,
  );
});

test("empty reports are skipped with a warning; time_this_iter and time_since_start are added", async () => {
  const t = args({ x: real(0, 1) }, async (_c, reporter) => {
    await reporter({});
    await reporter({ epoch: 1, accuracy: 0.4 });
  });
  const log = capture();
  const s = new FIFOScheduler(t, { numTrials: 1, seed: 1, executor: inline(), logger: log });
  await s.run();
  await s.joinJobs();
  const rows = s.trainingHistory["0"];
  assert.is(rows.length, 1);
  assert.type(rows[0].time_this_iter, "number");
  assert.type(rows[0].time_since_start, "number");
  assert.ok(log.warnings.some((w) => w.startsWith("Skipping empty dict received from reporter")));
});

test("inline trials interleave at their awaits", async () => {
  const order: string[] = [];
  const t = args({ x: real(0, 1) }, async (cfg, reporter) => {
    for (let e = 1; e <= 2; e++) {
      order.push(`${cfg.x === 0.5 ? "A" : "B"}${e}`);
      await new Promise((r) => setTimeout(r, 5));
      await reporter({ epoch: e, accuracy: 0.1 });
    }
  });
  const s = new FIFOScheduler(t, { numTrials: 2, seed: 1, executor: inline({ concurrency: 2 }), logger: null });
  await s.run();
  await s.joinJobs();
  assert.equal(order.slice(0, 2).sort(), ["A1", "B1"]);
});

test("an AbortSignal ends the run early and stops running trials at their next report", async () => {
  const ac = new AbortController();
  const t = args({ x: real(0, 1) }, async (_c, reporter) => {
    for (let e = 1; e <= 1000; e++) {
      await new Promise((r) => setTimeout(r, 1));
      await reporter({ epoch: e, accuracy: 0.1 });
    }
  });
  const s = new FIFOScheduler(t, {
    numTrials: 100,
    seed: 1,
    executor: inline({ concurrency: 2 }),
    logger: null,
    signal: ac.signal,
  });
  setTimeout(() => ac.abort(), 30);
  await s.run();
  await s.joinJobs();
  assert.is(s.trials.size, 2);
  for (const tr of s.trials.values()) assert.is(tr.status, "stopped");
});

test("trialTimeout fails a trial that runs too long", async () => {
  const t = args({ x: real(0, 1) }, async (_c, reporter) => {
    for (let e = 1; e <= 10; e++) await reporter({ epoch: e, accuracy: 0.1, cost: 1 });
  });
  const s = new FIFOScheduler(t, { numTrials: 1, seed: 1, trialTimeout: 2.5, executor: simulated(), logger: null });
  await s.run();
  await s.joinJobs();
  assert.is(s.trials.get(0)!.error!.message, "trial 0 ran for more than trialTimeout (2.5 s)");
  assert.is(s.trainingHistory["0"].length, 2);
});

test("debugLog writes the random searcher's decisions (algorithms §7)", async () => {
  const log = capture();
  const s = new FIFOScheduler(quad, {
    numTrials: 2,
    seed: 1,
    executor: simulated(),
    logger: log,
    searchOptions: { debugLog: true },
  });
  await s.run();
  await s.joinJobs();
  const text = log.lines.join("\n");
  assert.match(text, "Starting get_config[random] for config_id 0");
  assert.match(text, "Start with default config:");
  assert.match(text, "[1: random]\nx: ");
  assert.match(text, /Update for config_id 0: loss = -0\.93[0-9]*/);
});

test("resultsTable() and toCSV() give the tutorial's tidy rows with the running best", async () => {
  const s = new FIFOScheduler(quad, { numTrials: 3, seed: 9, executor: simulated({ workers: 1 }), logger: null });
  await s.run();
  await s.joinJobs();
  const rows = s.resultsTable();
  assert.is(rows.length, 12);
  let best = Infinity;
  for (let i = 0; i < rows.length; i++) {
    if (i) assert.ok(rows[i].runtime >= rows[i - 1].runtime);
    best = Math.min(best, rows[i].error);
    assert.is(rows[i].best, best);
    assert.is(rows[i].targetEpoch, 4);
  }
  const csv = s.toCSV().trim().split("\n");
  assert.is(csv[0], "trialId,runtime,epoch,targetEpoch,objective,error,best");
  assert.is(csv.length, 13);
  assert.equal(Object.keys(s.toJSON()).slice(0, 2), ["seed", "startTime"]);
});

test("invalid options are typed errors naming option, value and rule", () => {
  throwsExactly(
    () => new FIFOScheduler(quad, { numTrials: 0 }),
    ConfigError,
    "The value of numTrials is 0, but it must be an integer >= 1",
  );
  throwsExactly(
    () => new FIFOScheduler(quad, {}),
    ConfigError,
    "The value of numTrials and timeOut is undefined, but it must be set for at least one of them",
  );
  throwsExactly(
    () => new FIFOScheduler(quad, { timeOut: -1 }),
    ConfigError,
    "The value of timeOut is -1, but it must be a finite number > 0",
  );
  throwsExactly(
    () => new FIFOScheduler(quad, { numTrials: 1, searcher: "grid" }),
    ConfigError,
    'The value of searcher is "grid", but it must be one of "random", "bayesopt", "skopt", "kde", "hypertune"',
  );
  throwsExactly(
    () => new FIFOScheduler(quad, { numTrials: 1, num_trials: 3 } as never),
    ConfigError,
    "The value of options.num_trials is 3, but it must be one of the known options (searcher, searchOptions, numTrials, timeOut, letTrialsFinish, maxReward, mode, rewardAttr, timeAttr, resource, executor, seed, logger, checkpoint, resume, overwrite, trialTimeout, maxFailures, signal, clock, searcherThread)",
  );
  throwsExactly(
    () => new FIFOScheduler(quad, { numTrials: 1, resource: { numCpus: 1000 } }),
    ConfigError,
    `The value of resource.numCpus is 1000, but it must be <= ${availableParallelism()}, the number of CPUs of this machine`,
  );
});

test("concurrency is floor(cpus / numCpus), at least 1", () => {
  assert.is(concurrencyFor({ resource: { numCpus: 2 } }, 3), 1);
  assert.is(concurrencyFor({ resource: { numCpus: 3 } }, 8), 2);
  assert.is(concurrencyFor({}, 8), 8);
  assert.is(concurrencyFor({ resource: { numCpus: 4 } }, 4), 1);
});

test("without a seed one is drawn and recorded, and replays the run", async () => {
  const a = new FIFOScheduler(quad, { numTrials: 5, executor: simulated(), logger: null });
  await a.run();
  await a.joinJobs();
  const b = new FIFOScheduler(quad, { numTrials: 5, seed: a.seed, executor: simulated(), logger: null });
  await b.run();
  await b.joinJobs();
  assert.equal(b.configHistory, a.configHistory);
});

test.run();
