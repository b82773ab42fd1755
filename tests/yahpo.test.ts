// The copied YAHPO lcbench surrogate (bench/yahpo) evaluated with onnxruntime-web: the check
// values its README gives, the file's checksum, and the statistics used to normalise regret.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { TASKS, curve, statistics } from "../bench/yahpo/surrogate.js";
import { assertClose } from "./helpers/index.js";

const test = suite("yahpo lcbench surrogate");

test("the model file is the one the README names", () => {
  const sha = createHash("sha256")
    .update(readFileSync(new URL("../bench/yahpo/model.onnx", import.meta.url)))
    .digest("hex");
  assert.is(sha, "b45c0d85ae39abf8820c8bea5ac82f415763afcbaf3b725e36af452b09cb6dcd");
});

test("the README's check values (task 3945), and a cumulative time that never decreases", async () => {
  const c = await curve("3945", {
    batch_size: 91,
    learning_rate: 0.01,
    momentum: 0.5,
    weight_decay: 0.01,
    num_layers: 3,
    max_units: 256,
    max_dropout: 0.2,
  });
  assertClose(c.time[0], 15.53, 0.005, "time at epoch 1");
  assertClose(c.acc[0], 0.4028, 0.00005, "val_accuracy at epoch 1");
  assertClose(c.time[51], 161.72, 0.005, "time at epoch 52");
  assertClose(c.acc[51], 0.90455, 0.000005, "val_accuracy at epoch 52");
  for (let e = 1; e < 52; e++) assert.ok(c.time[e] >= c.time[e - 1], `time at epoch ${e + 1}`);
});

test("16 tasks, each with the val_accuracy min and max that normalise regret", () => {
  assert.is(TASKS.length, 16);
  const st = statistics();
  for (const t of TASKS)
    assert.ok(st[t].min > 0 && st[t].max > st[t].min && st[t].max <= 1, `${t}: ${JSON.stringify(st[t])}`);
  assertClose(st["3945"].min, 0.15986547, 1e-9, "3945 min");
});

test.run();
