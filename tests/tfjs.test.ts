// The tfjs-wasm MLP trainer (`hyperwasm/tfjs`): it learns, leaks no tensors, checkpoints
// weights and Adam state, and resumes under promotion-type Hyperband, inline and in workers.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { ConfigError, FIFOScheduler, HyperbandScheduler, Rng, inline, workerPool } from "../src/node.js";
import { TfMlp, mlpSpace, mlpTrainer, tf, useWasmBackend } from "../src/tfjs/index.js";
import { smallLetter, smallTrainer } from "./helpers/tf-trainer.js";
import { throwsExactly } from "./helpers/index.js";

const test = suite("tfjs trainer");
const cfg = {
  n_units_1: 72,
  n_units_2: 72,
  dropout_1: 0.375,
  dropout_2: 0.375,
  learning_rate: 1e-3,
  batch_size: 68,
  scale_1: 0.1,
  scale_2: 0.1,
};

test.before(async () => {
  await useWasmBackend();
});

test("runs on the wasm backend, learns, and keeps the tensor count flat across epochs", () => {
  assert.is(tf.getBackend(), "wasm");
  const data = smallLetter();
  const before = tf.memory().numTensors;
  const net = new TfMlp(16, 26, cfg, new Rng(1));
  const rng = new Rng(2);
  const counts: number[] = [];
  for (let e = 0; e < 4; e++) {
    net.trainEpoch(data.train, rng);
    net.accuracy(data.valid);
    counts.push(tf.memory().numTensors);
  }
  assert.equal(counts, [counts[0], counts[0], counts[0], counts[0]]);
  assert.ok(net.accuracy(data.valid) > 0.4, `accuracy ${net.accuracy(data.valid)} after 4 epochs on 3000 rows`);
  net.dispose();
  assert.is(tf.memory().numTensors, before);
});

test("the hand-written backward pass equals tfjs autodiff (tf.grads) of the mean cross-entropy", async () => {
  const data = smallLetter();
  const net = new TfMlp(16, 26, cfg, new Rng(5));
  net.trainEpoch(data.train, new Rng(6)); // away from the initial weights, so ReLUs are mixed
  const n = 50;
  const X = data.valid.X.subarray(0, n * 16),
    y = Array.from(data.valid.y.subarray(0, n));
  const ours = net.lossGradient(X, y);
  const { weights } = await net.state(1);
  const shapes = [[16, 72], [72], [72, 72], [72], [72, 26], [26]];
  const reference = tf.tidy(() => {
    const w = weights.map((v, k) => tf.tensor(v, shapes[k]));
    const x = tf.tensor2d(X, [n, 16]),
      labels = tf.oneHot(tf.tensor1d(y, "int32"), 26);
    const loss = (...p: tf.Tensor[]) => {
      const h1 = tf.relu(tf.add(tf.matMul(x, p[0] as tf.Tensor2D), p[1]));
      const h2 = tf.relu(tf.add(tf.matMul(h1, p[2] as tf.Tensor2D), p[3]));
      return tf.losses.softmaxCrossEntropy(labels, tf.add(tf.matMul(h2, p[4] as tf.Tensor2D), p[5])) as tf.Scalar;
    };
    return tf.concat(
      tf
        .grads(loss)(w)
        .map((g) => g.reshape([-1])),
    );
  });
  const ref = reference.dataSync();
  reference.dispose();
  assert.is(ours.length, ref.length);
  let scale = 0;
  for (const v of ref) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < ref.length; i++)
    assert.ok(Math.abs(ours[i] - ref[i]) <= 1e-5 * scale + 1e-7, `gradient[${i}]: ${ours[i]} vs ${ref[i]}`);
  net.dispose();
});

test("a checkpoint restores weights and optimizer state exactly", async () => {
  const data = smallLetter();
  const noDropout = { ...cfg, dropout_1: 0, dropout_2: 0 }; // dropout masks draw from each net's own generator
  const a = new TfMlp(16, 26, noDropout, new Rng(1));
  a.trainEpoch(data.train, new Rng(3));
  const saved = await a.state(1);
  const b = new TfMlp(16, 26, noDropout, new Rng(99));
  await b.load(structuredClone(saved));
  assert.is(b.accuracy(data.valid), a.accuracy(data.valid));
  // same state and the same generator: the next epoch is identical too (Adam moments included)
  a.trainEpoch(data.train, new Rng(4));
  b.trainEpoch(data.train, new Rng(4));
  const wa = (await a.state(2)).weights,
    wb = (await b.state(2)).weights;
  for (let i = 0; i < wa.length; i++)
    for (let k = 0; k < wa[i].length; k += 97) assert.ok(Math.abs(wa[i][k] - wb[i][k]) < 1e-6);
  a.dispose();
  b.dispose();
});

test("mlpTrainer reports `accuracy`, the schedulers' default reward, so a scheduler needs no rewardAttr", async () => {
  const s = new FIFOScheduler(mlpTrainer(smallLetter(), { epochs: 2 }), { numTrials: 3, seed: 2, logger: null });
  await s.run();
  await s.joinJobs();
  const statuses = [...s.trials.values()].map((t) => t.status);
  assert.equal(statuses, ["completed", "completed", "completed"]);
  for (const rows of Object.values(s.trainingHistory))
    assert.equal(
      rows.map((r) => r.epoch),
      [1, 2],
    );
  // 26 classes: chance is 0.04; two epochs on 3,000 rows reach well above it
  assert.ok(s.getBestReward()! > 0.3, `best accuracy ${s.getBestReward()}`);
  // its searched space is mlpSpace (epochs and seed are fixed values)
  assert.equal(Object.keys(s.getBestConfig()!).sort(), Object.keys(mlpSpace).sort());
});

test("mlpTrainer refuses a space that leaves out an MLP setting", () => {
  const { dropout_2: _, scale_2: __, ...partial } = mlpSpace;
  throwsExactly(
    () => mlpTrainer(smallLetter(), { space: partial as typeof mlpSpace }),
    ConfigError,
    "The space given to mlpTrainer has no dropout_2, scale_2, but it must set every MLP setting",
  );
});

test("promotion-type Hyperband resumes tfjs trials from their checkpoints, inline and in workers", async () => {
  const moduleUrl = new URL("./helpers/tf-trainer.ts", import.meta.url);
  // One worker keeps the order of reports (so whether a promotion happens within 7 trials)
  // deterministic; the checkpoint still has to cross the thread boundary.
  for (const executor of [inline(), workerPool({ module: moduleUrl, exportName: "smallTrainer", size: 1 })]) {
    const s = new HyperbandScheduler(smallTrainer, {
      numTrials: 7,
      seed: 1,
      type: "promotion",
      rewardAttr: "objective",
      executor,
      logger: null,
    });
    await s.run();
    await s.joinJobs();
    const resumed = [...s.trials.values()].filter((t) => t.resumeFrom !== undefined);
    assert.ok(resumed.length > 0, "something was promoted");
    for (const t of resumed) assert.is(s.trainingHistory[t.trialId][0].epoch, t.resumeFrom! + 1);
    for (const rows of Object.values(s.trainingHistory)) {
      for (const r of rows)
        for (const k of ["epoch", "objective", "eval_time", "time_step", "elapsed_time"]) assert.type(r[k], "number");
    }
  }
});

test.run();
