// mode: "min" (a loss to minimize) is the mirror of mode: "max": the same experiment run with
// reward r under "max" and with −r under "min" makes the same decisions, for every scheduler
// and searcher, and reports the same best with the sign turned.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import {
  ConfigError,
  FIFOScheduler,
  type FIFOOptions,
  HyperbandScheduler,
  MemoryStore,
  args,
  int,
  real,
  simulated,
} from "../src/index.js";
import { rejectsExactly, throwsExactly } from "./helpers/index.js";

const test = suite("mode");

const curve = (sign: number) =>
  args({ x: real(0, 1), k: int(1, 3), epochs: 9 }, async (c, reporter) => {
    const q = 1 - (c.x - 0.4) ** 2 - 0.03 * c.k;
    for (let r = 1; r <= c.epochs; r++) {
      await reporter({ epoch: r, accuracy: sign * q * (1 - Math.exp(-r / (1 + 3 * c.x))), cost: 1 });
    }
  });
const asMax = curve(1);
const asMin = curve(-1);

type Make = (t: typeof asMax, o: FIFOOptions) => FIFOScheduler;
const gp = { numInitRandom: 4, numInitCandidates: 40, optMaxiter: 15 };
const cases: [string, Make][] = [
  ["FIFO + random", (t, o) => new FIFOScheduler(t, o)],
  ["FIFO + bayesopt", (t, o) => new FIFOScheduler(t, { ...o, searcher: "bayesopt", searchOptions: gp })],
  ["FIFO + skopt", (t, o) => new FIFOScheduler(t, { ...o, searcher: "skopt", searchOptions: { nPoints: 200 } })],
  ["Hyperband stopping + random", (t, o) => new HyperbandScheduler(t, { ...o, type: "stopping" })],
  [
    "Hyperband promotion + MOBSTER",
    (t, o) => new HyperbandScheduler(t, { ...o, type: "promotion", searcher: "bayesopt", searchOptions: gp }),
  ],
];

for (const [name, make] of cases) {
  test(`${name}: "min" over −reward makes the decisions "max" makes over reward`, async () => {
    const o = { numTrials: 16, seed: 3, rewardAttr: "accuracy", logger: null } as const;
    const max = make(asMax, { ...o, executor: simulated({ workers: 2 }) });
    const min = make(asMin, { ...o, mode: "min", executor: simulated({ workers: 2 }) });
    for (const s of [max, min]) {
      await s.run();
      await s.joinJobs();
    }
    assert.equal(min.configHistory, max.configHistory);
    assert.equal(
      [...min.trials.values()].map((t) => [t.trialId, t.status, t.resumeFrom ?? null]),
      [...max.trials.values()].map((t) => [t.trialId, t.status, t.resumeFrom ?? null]),
    );
    assert.is(min.getBestReward(), -max.getBestReward());
    assert.equal(min.getBestConfig(), max.getBestConfig());
    if (max instanceof HyperbandScheduler) {
      assert.is((min as HyperbandScheduler).getBestRewardAtMaxT(), -max.getBestRewardAtMaxT());
    }
    // the incumbent trace: running minimum of the loss under "min"
    const best = min.resultsTable().map((r) => r.best);
    assert.is(best[best.length - 1], min.getBestReward());
  });
}

test('maxReward under "min" is a target to reach from above', async () => {
  const s = new FIFOScheduler(asMin, {
    numTrials: 50,
    seed: 1,
    mode: "min",
    maxReward: -0.5,
    executor: simulated(),
    logger: null,
  });
  await s.run();
  await s.joinJobs();
  assert.ok(s.getBestReward() <= -0.5);
  assert.ok(s.trials.size < 50, `stopped early after ${s.trials.size} trials`);
});

test("a bad mode is a typed error; a state saved under the other mode is refused", async () => {
  throwsExactly(
    () => new FIFOScheduler(asMax, { numTrials: 1, mode: "minimize" as never }),
    ConfigError,
    'The value of mode is "minimize", but it must be one of "max", "min"',
  );
  const store = new MemoryStore();
  const a = new FIFOScheduler(asMax, { numTrials: 2, seed: 1, executor: simulated(), logger: null, checkpoint: store });
  await a.run();
  await a.joinJobs();
  const b = new FIFOScheduler(asMax, {
    numTrials: 4,
    mode: "min",
    executor: simulated(),
    logger: null,
    checkpoint: store,
    resume: true,
  });
  await rejectsExactly(
    () => b.run(),
    ConfigError,
    'The checkpoint a MemoryStore cannot be resumed here: The value of state.fingerprint.mode is "max", but it must be "min" (the run being resumed optimized the other way)',
  );
});

test.run();
