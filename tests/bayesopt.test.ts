// The bayesopt searcher with FIFOScheduler (algorithms §6.3): search quality on fixed seeds,
// robustness, the debug log, history fields and the state round trip.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import {
  ConfigError,
  FIFOScheduler,
  args,
  bool,
  int,
  real,
  simulated,
  inline,
  workerPool,
  type Logger,
} from "../src/node.js";
import { silentLogger } from "../src/logger.js";
import { Rng } from "../src/random.js";
import { BayesOptSearcher } from "../src/searchers/bayesopt.js";
import { SearchSpace } from "../src/space/space.js";
import { BRANIN_MIN, HARTMANN6_MIN, braninTrainer, hartmann6 } from "./helpers/trainers.js";
import { assertClose, throwsExactly } from "./helpers/index.js";

const test = suite("bayesopt");
const minus = { mapReward: "minus_x" };

async function search(
  trainer: typeof braninTrainer | typeof hartmann6,
  numTrials: number,
  seed: number,
  workers = 1,
  extra: object = {},
) {
  const s = new FIFOScheduler(trainer, {
    numTrials,
    seed,
    searcher: "bayesopt",
    executor: simulated({ workers }),
    logger: null,
    searchOptions: { ...minus },
    ...extra,
  });
  await s.run();
  await s.joinJobs();
  return s;
}

test("Branin: regret below 0.016 within 40 evaluations (seed 1; measured 0.0063, random search 2.4)", async () => {
  const s = await search(braninTrainer, 40, 1);
  assert.ok(-s.getBestReward() - BRANIN_MIN < 0.016, `regret ${-s.getBestReward() - BRANIN_MIN}`);
});

test("Branin with 4 workers (pending trials fantasized): regret below 0.001 in 40 evaluations (measured 0.0004)", async () => {
  const s = await search(braninTrainer, 40, 3, 4);
  assert.ok(-s.getBestReward() - BRANIN_MIN < 0.001, `regret ${-s.getBestReward() - BRANIN_MIN}`);
});

test("Hartmann-6: regret below 0.25 within 60 evaluations (seed 2; measured 0.18, random search 0.41)", async () => {
  const s = await search(hartmann6, 60, 2);
  assert.ok(-s.getBestReward() - HARTMANN6_MIN < 0.25, `regret ${-s.getBestReward() - HARTMANN6_MIN}`);
});

test("never crashes on awkward data: constant, huge, tiny rewards, one observation", async () => {
  for (const reward of [
    (_x: number) => 0.5,
    (x: number) => 1e12 * x,
    (x: number) => 1e-12 * x,
    (x: number) => (x > 0.5 ? 1 : 0),
  ]) {
    const t = args({ x: real(0, 1), k: int(1, 4) }, async (c, reporter) => {
      await reporter({ epoch: 1, accuracy: reward(c.x), cost: 1 });
    });
    const s = new FIFOScheduler(t, {
      numTrials: 12,
      seed: 1,
      searcher: "bayesopt",
      executor: simulated(),
      logger: null,
      searchOptions: { numInitRandom: 1 },
    });
    await s.run();
    await s.joinJobs();
    assert.is(s.trials.size, 12);
    assert.is(new Set(Object.values(s.configHistory).map((c) => JSON.stringify(c))).size, 12, "no config twice");
  }
});

test("when no free configuration is left it says so and the run ends", async () => {
  const warnings: string[] = [];
  const log: Logger = { info() {}, warn: (m) => warnings.push(m) };
  const t = args({ b: bool(), k: int(1, 2) }, async (c, reporter) => {
    await reporter({ epoch: 1, accuracy: c.k + (c.b ? 1 : 0), cost: 1 });
  });
  const s = new FIFOScheduler(t, {
    numTrials: 10,
    seed: 1,
    searcher: "bayesopt",
    executor: simulated(),
    logger: log,
    searchOptions: { numInitRandom: 1 },
  });
  await s.run();
  await s.joinJobs();
  assert.is(s.trials.size, 4);
  assert.ok(
    warnings.some((w) => w.startsWith("BO step failed (no free configurations")),
    warnings.join("\n"),
  );
  assert.ok(warnings.some((w) => w.includes("no new trials will start")));
});

test("debug log and history carry the model's state (algorithms §2.2, §7)", async () => {
  const lines: string[] = [];
  const s = new FIFOScheduler(braninTrainer, {
    numTrials: 6,
    seed: 1,
    searcher: "bayesopt",
    executor: simulated({ workers: 2 }),
    logger: { info: (m) => lines.push(m), warn() {} },
    searchOptions: { ...minus, debugLog: true, numInitRandom: 2 },
  });
  await s.run();
  await s.joinJobs();
  const text = lines.join("\n");
  assert.match(text, "Starting get_config[BO] for config_id 2");
  assert.match(text, /\[2: BO\] \(\d+ evaluations\)\nx1: /);
  assert.match(text, "Started BO from (top scorer):");
  assert.match(text, "Top score values: [");
  assert.match(text, /Labeled: \d(,\d)*\. Pending: \d/);
  assert.match(text, "Targets: [");
  assert.match(text, 'GP params:{"noise_variance":');
  assert.match(text, "Fantasized targets:");
  const late = s.trainingHistory["5"][0];
  assert.type(late.searcher_params_kernel_inv_bw0, "number");
  assert.type(late.searcher_params_noise_variance, "number");
  assert.ok((late.searcher_data_size as number) >= 2);
});

test("failed configs count as the worst result: the model leaves a region where every trial fails", async () => {
  // the reward grows with x up to the edge of the failing region x > 0.5: a model that only
  // blacklists failed configs keeps proposing just past the edge
  const edge = args({ x: real(0, 1), y: real(0, 1) }, async (c, reporter) => {
    if (c.x > 0.5) throw new Error("diverged");
    await reporter({ epoch: 1, accuracy: c.x - (c.y - 0.5) ** 2, cost: 1 });
  });
  const s = new FIFOScheduler(edge, {
    numTrials: 30,
    seed: 3,
    searcher: "bayesopt",
    executor: simulated(),
    logger: null,
    searchOptions: { numInitRandom: 5 },
  });
  await s.run();
  await s.joinJobs();
  const late = [...s.trials.values()].filter((t) => t.trialId >= 10);
  const failed = late.filter((t) => t.status === "failed").length;
  // measured: 7 of 20 (all 20 when failures are only blacklisted)
  assert.ok(failed <= 10, `${failed} of the last 20 trials failed`);
  assert.ok(s.getBestReward() > 0.45, `best ${s.getBestReward()}`);
});

test("runs inline and in worker threads: every config after the initial ones comes from the model", async () => {
  // Completion order under real concurrency depends on timing, so search quality is asserted on the
  // simulated executor above; here the point is that the model drives the search in both executors.
  const moduleUrl = new URL("./helpers/trainers.ts", import.meta.url);
  for (const executor of [
    inline({ concurrency: 2 }),
    workerPool({ module: moduleUrl, exportName: "braninTrainer", size: 2 }),
  ]) {
    const lines: string[] = [];
    const s = new FIFOScheduler(braninTrainer, {
      numTrials: 15,
      seed: 2,
      searcher: "bayesopt",
      executor,
      logger: { info: (m) => lines.push(m), warn: (m) => lines.push(m) },
      searchOptions: { ...minus, debugLog: true, numInitRandom: 3 },
    });
    await s.run();
    await s.joinJobs();
    assert.is(s.trials.size, 15);
    const bo = lines.filter((l) => l.startsWith("Starting get_config[BO]")).length;
    assert.is(bo, 12, lines.filter((l) => l.startsWith("Starting get_config")).join("\n"));
    assert.not.ok(
      lines.some((l) => l.includes("(fallback)")),
      "no random fallback",
    );
    for (const [id, rows] of Object.entries(s.trainingHistory)) {
      assert.is(rows.length, 1, `trial ${id} reported once`);
      if (Number(id) >= 3) assert.ok((rows[0].searcher_data_size as number) >= 1, `trial ${id} was proposed with data`);
    }
  }
});

/** The protected helpers of the GP searchers, opened for their own tests. */
class OpenBayesOpt extends BayesOptSearcher {
  norm(criteria: number[]) {
    return this.normalize(criteria);
  }
  sub<T extends { criterion: number }>(items: T[]) {
    return this.subsample(items);
  }
}
const open = (options: Record<string, unknown> = {}) => {
  const space = new SearchSpace({ x: real(0, 1) });
  return new OpenBayesOpt(
    { space, rng: new Rng(1), logger: silentLogger, debugLog: false, scheduler: "fifo" },
    options,
  );
};

test("targets are normalized with the population standard deviation", () => {
  const { y, meanY, stdY } = open().norm([1, 2, 3, 6]);
  assert.is(meanY, 3);
  assertClose(stdY, Math.sqrt((4 + 1 + 0 + 9) / 4), 1e-15, "std");
  assert.equal(Array.from(y), [-2 / stdY, -1 / stdY, 0, 3 / stdY]);
});

test("past maxSizeDataForModel the model keeps the best half and a random rest", () => {
  const items = [7, 3, 12, 0, 15, 9, 1, 18, 5, 11, 2, 16, 4, 13, 6, 19, 8, 14, 10, 17].map((criterion) => ({
    criterion,
  }));
  const kept = open({ maxSizeDataForModel: 8 })
    .sub(items)
    .map((i) => i.criterion);
  assert.is(kept.length, 8);
  assert.is(new Set(kept).size, 8);
  assert.equal(kept.slice(0, 4), [0, 1, 2, 3], "the best half, lowest criteria first");
  assert.ok(
    kept.slice(4).every((c) => c > 3),
    `the rest from the others: ${kept}`,
  );
  assert.equal(open({ maxSizeDataForModel: 30 }).sub(items), items, "under the limit: everything");
});

test("optSkipPeriod P: a refit once P results arrived since the last one (N − fittedN >= P)", () => {
  const s = open({ numInitRandom: 2, optSkipInitLength: 0, optSkipPeriod: 3, numInitCandidates: 20, optMaxiter: 5 });
  const fits: number[] = [];
  for (let i = 0; i < 12; i++) {
    const c = s.getConfig()!;
    const { fittedN } = s.state() as { fittedN: number };
    if (fits[fits.length - 1] !== fittedN && Number.isFinite(fittedN)) fits.push(fittedN);
    s.update(c, ((c.x as number) - 0.4) ** 2);
  }
  // the first BO step (2 results) fits; then at 5, 8 and 11 results
  assert.equal(fits, [2, 5, 8, 11]);
});

test("rejects bad search options", () => {
  throwsExactly(
    () =>
      new FIFOScheduler(braninTrainer, { numTrials: 1, searcher: "bayesopt", searchOptions: { numInitCandidates: 2 } }),
    ConfigError,
    "The value of searchOptions.numInitCandidates is 2, but it must be an integer >= 5",
  );
  throwsExactly(
    () =>
      new FIFOScheduler(braninTrainer, {
        numTrials: 1,
        searcher: "bayesopt",
        searchOptions: { initialScoring: "ucb" },
      }),
    ConfigError,
    'The value of searchOptions.initialScoring is "ucb", but it must be one of "thompson_indep", "acq_func"',
  );
});

test.run();
