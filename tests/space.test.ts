// Search spaces (algorithms §1): defaults, encoding, decoding, sampling and validation.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { SearchSpaceError, args, bool, categorical, int, real } from "../src/index.js";
import { categoricalWithDefault } from "../src/space/domains.js";
import { SearchSpace } from "../src/space/space.js";
import { Rng } from "../src/random.js";
import { assertClose, throwsExactly } from "./helpers/index.js";

const test = suite("search space");

// algorithms §1.7
const tutorial = {
  n_units_1: int(16, 128),
  n_units_2: int(16, 128),
  dropout_1: real(0, 0.75),
  dropout_2: real(0, 0.75),
  learning_rate: real(1e-6, 1, { log: true }),
  batch_size: int(8, 128),
  scale_1: real(0.001, 10, { log: true }),
  scale_2: real(0.001, 10, { log: true }),
  epochs: 9,
};

test("orders hyperparameters alphabetically and keeps fixed values apart (algorithms §1.2)", () => {
  const s = new SearchSpace(tutorial);
  assert.equal(s.names, [
    "batch_size",
    "dropout_1",
    "dropout_2",
    "learning_rate",
    "n_units_1",
    "n_units_2",
    "scale_1",
    "scale_2",
  ]);
  assert.equal(s.fixed, { epochs: 9 });
  assert.is(s.dim, 8);
});

test("defaults follow algorithms §1.1 and all encode to 0.5 in the tutorial space (§1.5)", () => {
  const s = new SearchSpace(tutorial);
  const d = s.defaultConfig();
  assert.equal(d, {
    batch_size: 68,
    dropout_1: 0.375,
    dropout_2: 0.375,
    learning_rate: 0.001,
    n_units_1: 72,
    n_units_2: 72,
    scale_1: 0.1,
    scale_2: 0.1,
  });
  for (const v of s.encode(d)) assertClose(v, 0.5, 1e-12, "encoded default");
  // round-half-even: (1 + 4) / 2 = 2.5 → 2; (1 + 6) / 2 = 3.5 → 4
  assert.is(new SearchSpace({ a: int(1, 4) }).defaultConfig().a, 2);
  assert.is(new SearchSpace({ a: int(1, 6) }).defaultConfig().a, 4);
  assert.equal(new SearchSpace({ b: bool(), c: categorical("x", "y") }).defaultConfig(), { b: false, c: "x" });
  assert.is(new SearchSpace({ c: categoricalWithDefault(["x", "y"], "y") }).defaultConfig().c, "y");
});

test("encodes ints at cell centres, bools at 0.25 / 0.75 and categoricals one-hot (algorithms §1.5)", () => {
  const s = new SearchSpace({ a: int(0, 1), b: bool(), c: categorical(10, 20, 30), r: real(1, 100, { log: true }) });
  const v = s.encode({ a: 1, b: true, c: 20, r: 10 });
  assertClose(v[0], 1.49999 / 1.99998, 1e-15, "int 1");
  assertClose(v[1], 1.49999 / 1.99998, 1e-15, "bool true");
  assert.equal([...v.slice(2, 5)], [0, 1, 0]);
  assertClose(v[5], 0.5, 1e-15, "log real");
  assertClose(s.encode({ a: 0, b: false, c: 10, r: 1 })[1], 0.49999 / 1.99998, 1e-15, "bool false");
});

test("decode inverts encode, clamps, and takes the first maximum of a one-hot block (algorithms §1.6)", () => {
  const s = new SearchSpace(tutorial);
  const rng = new Rng(4);
  for (let i = 0; i < 200; i++) {
    const c = s.sample(rng);
    const back = s.decode(s.encode(c));
    for (const n of s.names) {
      if (Number.isInteger(c[n])) assert.is(back[n], c[n]);
      else assertClose(back[n] as number, c[n] as number, 1e-12, n);
    }
  }
  const t = new SearchSpace({ c: categorical("a", "b", "c"), k: int(1, 3) });
  assert.equal(t.decode([0.2, 0.7, 0.7, 1.5]), { c: "b", k: 3 });
  assert.equal(t.decode([0, 0, 0, -3]), { c: "a", k: 1 });
});

test("samples ints uniformly, including both bounds (algorithms §1.4)", () => {
  const s = new SearchSpace({ k: int(1, 4) });
  const rng = new Rng(11);
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < 40000; i++) counts[(s.sample(rng).k as number) - 1]++;
  for (const c of counts) assert.ok(Math.abs(c - 10000) < 400, `count ${c}`);
});

test("rejects invalid domains with the parameter, the value and the rule", () => {
  throwsExactly(() => int(5, 5), SearchSpaceError, "The value of lower is 5, but it must be less than upper (5)");
  throwsExactly(() => real(2, 1), SearchSpaceError, "The value of lower is 2, but it must be less than upper (1)");
  throwsExactly(
    () => real(0, 1, { log: true }),
    SearchSpaceError,
    "The value of lower is 0, but it must be > 0 when log is true",
  );
  throwsExactly(
    () => real(0, Infinity),
    SearchSpaceError,
    "The value of upper is Infinity, but it must be a finite number",
  );
  throwsExactly(() => int(0.5, 3), SearchSpaceError, "The value of lower is 0.5, but it must be a finite integer");
  throwsExactly(() => categorical(), SearchSpaceError, "The value of choices is [], but it must be a non-empty list");
  throwsExactly(
    () => categorical(1, 1),
    SearchSpaceError,
    "The value of choices is [1, 1], but it must be a list without duplicates",
  );
  throwsExactly(
    () => int(1, 3, { default: 4 }),
    SearchSpaceError,
    "The value of default is 4, but it must be an integer in [1, 3]",
  );
  throwsExactly(
    () => real(0, 1, { default: 2 }),
    SearchSpaceError,
    "The value of default is 2, but it must be a number in [0, 1]",
  );
  throwsExactly(
    () => categoricalWithDefault(["a"], "b"),
    SearchSpaceError,
    'The value of default is "b", but it must be one of the choices ["a"]',
  );
  throwsExactly(
    () =>
      new SearchSpace([
        ["lr", real(0, 1)],
        ["lr", int(1, 2)],
      ]),
    SearchSpaceError,
    'The value of name is "lr", but it must be unique in the space (it appears twice)',
  );
  throwsExactly(
    () => args({ a: int(0, 1) }, 3 as never),
    SearchSpaceError,
    "The value of fn is 3, but it must be a function (config, reporter, context) => …",
  );
});

test("validate() checks a config from outside against the space", () => {
  const s = new SearchSpace({ k: int(1, 3), c: categorical("a", "b") });
  s.validate({ k: 2, c: "a" });
  throwsExactly(
    () => s.validate({ k: 4, c: "a" }),
    SearchSpaceError,
    'The value of config.k is 4, but it must be inside its domain {"kind":"int","lower":1,"upper":3}',
  );
  throwsExactly(
    () => s.validate({ k: 1 }),
    SearchSpaceError,
    "The value of config.c is undefined, but it must be present (it is a hyperparameter of the space)",
  );
});

test("fromKey inverts key for every hyperparameter; a foreign key is a typed error", () => {
  const space = new SearchSpace({
    lr: real(1e-4, 1, { log: true }),
    act: categorical("relu", "tanh"),
    units: int(1, 9),
    epochs: 3,
  });
  const c = { act: "tanh", lr: 0.01, units: 7 };
  assert.equal(space.fromKey(space.key(c)), c);
  throwsExactly(
    () => space.fromKey("[1,2]"),
    SearchSpaceError,
    'The value of key is "[1,2]", but it must be a key made by this space\'s key() (a list of 3 values)',
  );
});

test.run();

import { FIFOScheduler, MemoryStore, simulated } from "../src/index.js";

const logInts = suite("log-scale integers");

logInts("int(lower, upper, { log: true }): default, encoding, round trip and a log-uniform draw", () => {
  const d = int(1, 1024, { log: true });
  assert.equal(d, { kind: "int", lower: 1, upper: 1024, log: true });
  const space = new SearchSpace({ units: d });
  assert.equal(space.defaultConfig(), { units: 32 }); // the geometric mean
  // k sits in the middle of its cell [k − ½, k + ½] in logs of the padded range
  const enc = (k: number) => (Math.log(k) - Math.log(0.50001)) / (Math.log(1024.49999) - Math.log(0.50001));
  for (const k of [1, 2, 7, 32, 100, 1023, 1024])
    assertClose(space.encode({ units: k })[0], enc(k), 1e-12, `encode ${k}`);
  for (let k = 1; k <= 1024; k++) assert.is(space.decode(space.encode({ units: k })).units, k);
  const rng = new Rng(3);
  let small = 0;
  for (let i = 0; i < 20000; i++) if ((space.sample(rng).units as number) <= 32) small++;
  // P(units <= 32) = ln(32.5 / 0.50001) / ln(1024.49999 / 0.50001) = 0.547 (a linear int: 0.031)
  assertClose(small / 20000, Math.log(32.5 / 0.50001) / Math.log(1024.49999 / 0.50001), 0.02, "share of draws <= 32");
  throwsExactly(
    () => int(0, 10, { log: true }),
    SearchSpaceError,
    "The value of lower is 0, but it must be >= 1 when log is true",
  );
});

logInts("a search over log integers resumes from its checkpoint as the uninterrupted one", async () => {
  const t = args({ units: int(4, 512, { log: true }), lr: real(1e-4, 1, { log: true }) }, async (c, reporter) => {
    await reporter({ epoch: 1, accuracy: -((Math.log2(c.units) - 6) ** 2) - (Math.log10(c.lr) + 2) ** 2, cost: 1 });
  });
  const o = {
    seed: 2,
    searcher: "bayesopt",
    searchOptions: { numInitRandom: 3, numInitCandidates: 40 },
    logger: null,
  } as const;
  const store = new MemoryStore();
  const a = new FIFOScheduler(t, { ...o, numTrials: 8, checkpoint: store, executor: simulated() });
  await a.run();
  await a.joinJobs();
  const b = new FIFOScheduler(t, { ...o, numTrials: 14, checkpoint: store, resume: true, executor: simulated() });
  await b.run();
  await b.joinJobs();
  const c = new FIFOScheduler(t, { ...o, numTrials: 14, executor: simulated() });
  await c.run();
  await c.joinJobs();
  assert.equal(b.configHistory, c.configHistory);
  for (const cfg of Object.values(c.configHistory))
    assert.ok(Number.isInteger(cfg.units) && (cfg.units as number) >= 4);
});

logInts.run();
