// Model-informed stopping (algorithms §5.8): the rule on hand-made predictions, then a Hyperband
// run whose curves cross, with a searcher that knows which configs end best.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { ConfigError, HyperbandScheduler, Rng, args, real, simulated } from "../src/node.js";
import { silentLogger } from "../src/logger.js";
import { modelVerdict } from "../src/schedulers/model-stopping.js";
import { RandomSearcher } from "../src/searchers/random.js";
import { throwsExactly } from "./helpers/index.js";

const test = suite("model-informed stopping");

// configs x ∈ [0, 1]: a higher x learns more slowly but ends better, up to x ≈ 0.85 (0.896 at
// epoch 9); at epoch 1 the order is backwards (x = 0 scores 0.43, x = 0.85 scores 0.29)
const curve = (x: number, r: number) => (0.5 + 0.5 * x) * (1 - Math.exp(-r * (2 - 1.9 * x)));
const crossing = args({ x: real(0, 1), epochs: 9 }, async (cfg, reporter) => {
  for (let r = 1; r <= 9; r++) await reporter({ epoch: r, accuracy: curve(cfg.x, r), cost: 1 });
});

/** Random proposals, and a model that knows the truth at maxT. */
class Oracle extends RandomSearcher {
  asked = 0;
  predictAtMaxT(keys: string[]): Float64Array {
    this.asked++;
    return Float64Array.from(keys, (k) => -curve(crossing.space.fromKey(k).x as number, 9));
  }
}
const oracle = () =>
  new Oracle({
    space: crossing.space,
    rng: new Rng(5),
    logger: silentLogger,
    debugLog: false,
    scheduler: "hyperband_stopping",
  });

// a fake searcher whose predictions are given per key
const fake = (pred: Record<string, number> | null, withMethod = true) =>
  (withMethod
    ? { predictAtMaxT: (ks: string[]) => (pred ? Float64Array.from(ks, (k) => pred[k]) : null) }
    : {}) as never;

test("the rule: kept when the model ranks the config within the rung's keep fraction at maxT", () => {
  const preds = { a: 0.1, b: 0.5, c: 0.2, d: 0.9, e: 0.3, f: 0.7 };
  const keys = ["a", "b", "c", "d", "e", "f"];
  // keep fraction 1/3 of 6 configs: the 2 best predicted (a, c) are kept
  assert.equal(modelVerdict(fake(preds), keys, "a", 1 / 3), { keep: true, better: 0, of: 6 });
  assert.equal(modelVerdict(fake(preds), keys, "c", 1 / 3), { keep: true, better: 1, of: 6 });
  assert.equal(modelVerdict(fake(preds), keys, "e", 1 / 3), { keep: false, better: 2, of: 6 });
  // a config's repeated records count once
  assert.equal(modelVerdict(fake(preds), [...keys, "d", "d"], "e", 1 / 3), { keep: false, better: 2, of: 6 });
  // too few configs to rank, no model yet, a searcher without one: the rung rule stands (null)
  assert.is(modelVerdict(fake(preds), ["a", "b", "c"], "a", 1 / 3), null);
  assert.is(modelVerdict(fake(null), keys, "a", 1 / 3), null);
  assert.is(modelVerdict(fake(preds, false), keys, "a", 1 / 3), null);
});

async function run(modelStopping: boolean, type: "stopping" | "promotion" = "stopping") {
  const searcher = oracle();
  const s = new HyperbandScheduler(crossing, {
    numTrials: 60,
    seed: 2,
    type,
    searcher,
    modelStopping,
    executor: simulated({ workers: 2 }),
    logger: null,
  });
  await s.run();
  await s.joinJobs();
  const finished = Object.entries(s.trainingHistory)
    .filter(([, rows]) => rows.at(-1)!.epoch === 9)
    .map(([id]) => s.configHistory[id].x as number);
  return { s, searcher, finished };
}

test("under crossing curves the model keeps slow starters the rung would stop, and finds the best", async () => {
  const plain = await run(false);
  const model = await run(true);
  assert.is(plain.searcher.asked, 0, "without modelStopping the model is never asked");
  assert.ok(model.searcher.asked > 0);
  // the rung rule alone lets the fast starters (low x) through; the model keeps the slow, better ones
  const best = (xs: number[]) => Math.max(...xs);
  assert.ok(best(plain.finished) < 0.7, `rung rule alone: largest x at maxT ${best(plain.finished)}`);
  assert.ok(best(model.finished) > 0.8, `with the model: largest x at maxT ${best(model.finished)}`);
  assert.ok(model.finished.length > plain.finished.length);
  // the best final value is 0.896 (x ≈ 0.85); the rung rule alone ends near 0.81
  assert.ok(model.s.getBestRewardAtMaxT() > 0.88, `${model.s.getBestRewardAtMaxT()}`);
  assert.ok(plain.s.getBestRewardAtMaxT() < 0.85, `${plain.s.getBestRewardAtMaxT()}`);
});

test("under promotion the model keeps going what the rung would pause", async () => {
  const plain = await run(false, "promotion");
  const model = await run(true, "promotion");
  assert.is(plain.searcher.asked, 0);
  const best = (xs: number[]) => Math.max(...xs);
  assert.ok(best(model.finished) > 0.8, `with the model: largest x at maxT ${best(model.finished)}`);
  assert.ok(
    model.s.getBestRewardAtMaxT() > plain.s.getBestRewardAtMaxT() + 0.03,
    `best at maxT: ${model.s.getBestRewardAtMaxT()} with the model, ${plain.s.getBestRewardAtMaxT()} without`,
  );
});

test("modelStopping must be a boolean", () => {
  throwsExactly(
    () => new HyperbandScheduler(crossing, { numTrials: 1, modelStopping: "yes" as never }),
    ConfigError,
    'The value of modelStopping is "yes", but it must be true or false',
  );
});

test("bayesopt with model stopping waits for 3 epochs before its first stop decision, where maxT allows", () => {
  const space = (epochs: number) => args({ x: real(0, 1), epochs }, async () => {});
  const make = (epochs: number, o: Record<string, unknown>) =>
    new HyperbandScheduler(space(epochs), { numTrials: 1, logger: null, ...o });
  const bo = make(27, { searcher: "bayesopt" });
  assert.equal(bo.levels, [3, 9, 27]);
  // the searcher's lowest resource follows (the acquisition's level before any data)
  assert.is((bo.searcher as unknown as { targetResource(): number }).targetResource(), 3);
  // AutoGluon's 1 everywhere else: random search, the rung rule alone, or when asked for
  assert.equal(make(27, {}).levels, [1, 3, 9, 27]);
  assert.equal(make(27, { searcher: "bayesopt", modelStopping: false }).levels, [1, 3, 9, 27]);
  assert.equal(make(27, { searcher: "bayesopt", gracePeriod: 1 }).levels, [1, 3, 9, 27]);
  // 3 only while two rung levels remain (3 · reductionFactor <= maxT)
  assert.equal(make(8, { searcher: "bayesopt" }).levels, [1, 3]);
  assert.equal(make(8, { searcher: "bayesopt", reductionFactor: 2 }).levels, [3, 6]);
});

test.run();
