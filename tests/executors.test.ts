// The same FIFO + random search inline, in worker threads and in the simulator; worker
// failures; simulator determinism.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { FIFOScheduler, inline, simulated, workerPool, type Trainer } from "../src/node.js";
import { nodeWorkerPool } from "../src/runtime/node/worker-pool.js";
import { crashing, quadratic } from "./helpers/trainers.js";

const test = suite("executors");
const moduleUrl = new URL("./helpers/trainers.ts", import.meta.url);

async function runWith(
  executor: NonNullable<ConstructorParameters<typeof FIFOScheduler>[1]>["executor"],
  trainer: Trainer = quadratic,
  numTrials = 12,
) {
  const s = new FIFOScheduler(trainer, { numTrials, seed: 21, executor, logger: null });
  await s.run();
  await s.joinJobs();
  return s;
}

test("inline, worker threads and the simulator run the same seeded search to the same results", async () => {
  const a = await runWith(inline({ concurrency: 1 }));
  const b = await runWith(workerPool({ module: moduleUrl, exportName: "quadratic", size: 2 }));
  const c = await runWith(simulated({ workers: 3 }));
  for (const s of [b, c]) {
    assert.is(s.trials.size, 12);
    const configs = (x: FIFOScheduler) =>
      Object.values(x.configHistory)
        .map((v) => JSON.stringify(v))
        .sort();
    assert.equal(configs(s), configs(a));
    assert.is(s.getBestReward(), a.getBestReward());
    const failed = (x: FIFOScheduler) =>
      [...x.trials.values()].filter((t) => t.status === "failed").map((t) => t.error!.message);
    assert.equal(failed(s), failed(a));
  }
  assert.ok(
    [...a.trials.values()].some((t) => t.status === "failed"),
    "the k = 5 case occurs",
  );
});

test("a worker thread that dies fails its trial and is replaced", async () => {
  const s = await runWith(workerPool({ module: moduleUrl, exportName: "crashing", size: 2 }), crashing, 10);
  const trials = [...s.trials.values()];
  assert.is(trials.length, 10);
  for (const t of trials) {
    if ((t.config.x as number) > 0.7) {
      assert.is(t.status, "failed");
      assert.is(t.error!.message, `trial ${t.trialId} failed: the worker thread exited with code 3`);
      assert.is(t.error!.name, "WorkerError");
    } else assert.is(t.status, "completed");
  }
  assert.ok(trials.some((t) => t.status === "failed") && trials.some((t) => t.status === "completed"));
});

test("a missing trainer export fails each trial with a clear message", async () => {
  const s = await runWith(workerPool({ module: moduleUrl, exportName: "nope", size: 1 }), quadratic, 2);
  for (const t of s.trials.values()) {
    assert.is(t.status, "failed");
    assert.match(t.error!.message, "the export nope of file://");
    assert.match(t.error!.message, "is not a trainer made with args(spec, fn)");
  }
});

test("the worker pool can be used directly and terminates its threads on close", async () => {
  const ex = nodeWorkerPool({ module: moduleUrl, exportName: "quadratic", size: 1 });
  const s = new FIFOScheduler(quadratic, { numTrials: 2, seed: 1, executor: () => ex, logger: null });
  await s.run();
  await s.joinJobs();
  assert.is(ex.running, 0);
  assert.is(s.trials.size, 2);
});

test("the simulator's clock is the sum of reported costs", async () => {
  const s = await runWith(simulated({ workers: 1 }), quadratic, 3);
  const times = Object.values(s.trainingHistory)
    .flat()
    .map((r) => r.time_since_start);
  // 3 trials one after another, 3 epochs of cost 1 each (k = 5 fails before reporting)
  const expected = [...s.trials.values()].filter((t) => t.status === "completed").length * 3;
  assert.is(Math.max(...(times as number[])), expected);
});

test.run();
