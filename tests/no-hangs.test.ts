// No hangs and no silent endings (algorithms §4.2): trialTimeout is enforced by a timer and the
// trial abandoned (its worker replaced); an aborted run's joinJobs() ends within a second; a run
// whose trials all fail stops; trainers that report nothing, resources that go backwards and
// unknown trial ids are named, never passed over in silence.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import {
  ConfigError,
  FIFOScheduler,
  type Logger,
  TrialError,
  args,
  inline,
  real,
  simulated,
  workerPool,
} from "../src/node.js";
import { failureLine } from "../src/schedulers/trial-checks.js";
import { rejectsExactly, throwsExactly } from "./helpers/index.js";
import { hangsAtK1 } from "./helpers/trainers.js";

const test = suite("no hangs, no silent endings");
const never = args({ x: real(0, 1) }, async () => {
  await new Promise(() => {});
});

test("trialTimeout fails a trainer that never reports, by a timer; the run goes on (inline)", async () => {
  const t0 = performance.now();
  const s = new FIFOScheduler(never, {
    numTrials: 2,
    trialTimeout: 0.3,
    executor: inline({ concurrency: 2 }),
    logger: null,
  });
  await s.run();
  await s.joinJobs();
  assert.ok(performance.now() - t0 < 2000, `took ${performance.now() - t0} ms`);
  for (const t of s.trials.values()) {
    assert.is(t.status, "failed");
    assert.is(t.error!.message, `trial ${t.trialId} ran for more than trialTimeout (0.3 s) and was abandoned`);
  }
});

test("trialTimeout terminates a worker thread whose trial hangs, and a new worker runs the next trials", async () => {
  const module = new URL("./helpers/trainers.ts", import.meta.url);
  const s = new FIFOScheduler(hangsAtK1, {
    numTrials: 8,
    seed: 2,
    trialTimeout: 2,
    executor: workerPool({ module, exportName: "hangsAtK1", size: 2 }),
    logger: null,
  });
  await s.run();
  await s.joinJobs();
  const byK = (k: number) => [...s.trials.values()].filter((t) => t.config.k === k);
  assert.ok(byK(1).length > 0, "some trials hung");
  for (const t of byK(1)) assert.is(t.status, "failed");
  for (const t of [...byK(2), ...byK(3)]) assert.is(t.status, "completed");
});

test("an aborted run's joinJobs() ends within a second even if a trainer never reports again", async () => {
  const stop = new AbortController();
  const s = new FIFOScheduler(never, {
    numTrials: 3,
    signal: stop.signal,
    executor: inline({ concurrency: 2 }),
    logger: null,
  });
  setTimeout(() => stop.abort(), 100);
  await s.run();
  const t0 = performance.now();
  await s.joinJobs();
  const waited = performance.now() - t0;
  assert.ok(waited < 1600, `joinJobs waited ${waited} ms`);
  const running = [...s.trials.values()];
  assert.is(running.length, 2);
  for (const t of running) {
    assert.is(t.error!.message, `trial ${t.trialId} was still running 1 s after the run was aborted; it was abandoned`);
  }
});

test("bad executors are errors when they are made, not spins or TypeErrors", () => {
  throwsExactly(
    () => workerPool({ module: "x.mjs", size: 0 }),
    ConfigError,
    "The value of size is 0, but it must be an integer >= 1",
  );
  throwsExactly(
    () => new FIFOScheduler(never, { numTrials: 1, executor: "threads" as never }),
    ConfigError,
    'The value of executor is "threads", but it must be an executor factory such as inline(), simulated(), workerPool({ module }) from hyperwasm/node, or distributed({ redis })',
  );
});

test("maxFailures trials failing in a row stop the run with the last failure quoted", async () => {
  const warnings: string[] = [];
  const logger: Logger = { info() {}, warn: (m) => warnings.push(m) };
  const broken = args({ x: real(0, 1) }, async () => {
    throw new Error("out of memory");
  });
  const s = new FIFOScheduler(broken, { timeOut: 60, executor: inline(), logger });
  await rejectsExactly(
    () => s.run(),
    TrialError,
    "10 trials failed in a row (maxFailures is 10), so the run stops. The last: Trial 9 failed: out of memory",
  );
  await s.joinJobs();
  assert.is(s.trials.size, 10);
  assert.is(warnings[0], "Trial 0 failed: out of memory");
  const three = new FIFOScheduler(broken, { numTrials: 50, maxFailures: 3, executor: simulated(), logger: null });
  await rejectsExactly(
    () => three.run(),
    TrialError,
    "3 trials failed in a row (maxFailures is 3), so the run stops. The last: Trial 2 failed: out of memory",
  );
  throwsExactly(
    () => new FIFOScheduler(broken, { numTrials: 1, maxFailures: 0 }),
    ConfigError,
    "The value of maxFailures is 0, but it must be an integer >= 1, or Infinity",
  );
  // a success resets the count: one failure in five does not stop a run
  const half = args({ x: real(0, 1) }, async (c, reporter) => {
    if (c.x > 0.8) throw new Error("upper fifth");
    await reporter({ epoch: 1, accuracy: 1, cost: 1 });
  });
  const h = new FIFOScheduler(half, { numTrials: 40, seed: 1, maxFailures: 5, executor: simulated(), logger: null });
  await h.run();
  await h.joinJobs();
  assert.is(h.trials.size, 40);
});

test("a trainer that returns without reporting is 'unreported', said once, and never the best", async () => {
  const warnings: string[] = [];
  const logger: Logger = { info() {}, warn: (m) => warnings.push(m) };
  const silent = args({ x: real(0, 1) }, async () => {});
  const s = new FIFOScheduler(silent, { numTrials: 3, executor: simulated(), logger });
  await s.run();
  await s.joinJobs();
  assert.equal(
    [...s.trials.values()].map((t) => t.status),
    ["unreported", "unreported", "unreported"],
  );
  assert.equal(warnings, [
    'Trial 0 returned without reporting accuracy; such trials are marked "unreported" and never count as best',
  ]);
  assert.is(s.getBestConfig(), undefined);
  assert.is(s.getBestReward(), Number.NEGATIVE_INFINITY);
});

test("a resource that goes backwards or repeats fails the trial; unknown trial ids are errors", async () => {
  const back = args({ x: real(0, 1) }, async (_c, reporter) => {
    await reporter({ epoch: 2, accuracy: 0.5, cost: 1 });
    await reporter({ epoch: 2, accuracy: 0.6, cost: 1 });
  });
  const s = new FIFOScheduler(back, { numTrials: 1, executor: simulated(), logger: null });
  await s.run();
  await s.joinJobs();
  assert.is(
    s.trials.get(0)!.error!.message,
    "The value of epoch in the report of trial 0 is 2, but it must be greater than the epoch of its previous report (2): each report covers new epochs",
  );
  throwsExactly(() => s.onComplete(42), TrialError, "trial 42 is unknown to this scheduler (it never started it)");
  throwsExactly(
    () => s.onError(42, { name: "Error", message: "x" }),
    TrialError,
    "trial 42 is unknown to this scheduler (it never started it)",
  );
});

test("scheduler.concurrency reports what the executor runs", async () => {
  const s = new FIFOScheduler(
    args({ x: real(0, 1) }, async (_c, reporter) => {
      await reporter({ epoch: 1, accuracy: 1 });
    }),
    { numTrials: 2, executor: inline({ concurrency: 1 }), resource: { numCpus: 1 }, logger: null },
  );
  await s.run();
  await s.joinJobs();
  assert.is(s.concurrency, 1);
});

test("a failure line names the trial once", () => {
  assert.is(failureLine(10, "trial 10 failed: its worker exited"), "Trial 10 failed: its worker exited");
  assert.is(failureLine(10, "boom"), "Trial 10 failed: boom");
  assert.is(failureLine(1, "trial 10 failed: x"), "Trial 1 failed: trial 10 failed: x");
});

test.run();
