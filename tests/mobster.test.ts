// MOBSTER: `searcher: 'bayesopt'` under HyperbandScheduler (algorithms §6.4).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { ConfigError, HyperbandScheduler, Rng, args, inline, real, simulated, workerPool } from "../src/node.js";
import { silentLogger } from "../src/logger.js";
import { SearchSpace } from "../src/space/space.js";
import { MultiFidelitySearcher } from "../src/searchers/mobster.js";
import { assertClose, throwsExactly } from "./helpers/index.js";

const test = suite("MOBSTER");
const space = new SearchSpace({ x0: real(0, 1), x1: real(0, 1) });
const make = (options: Record<string, unknown> = {}, logger = silentLogger, debugLog = false) =>
  new MultiFidelitySearcher(
    { space, rng: new Rng(1), logger, debugLog, scheduler: "hyperband_stopping", minResource: 1, maxResource: 9 },
    options,
  );

test("the resource is encoded as an int on [1, maxT] (algorithms §6.4)", () => {
  const s = make();
  assertClose(s.encodeResource(1), 0.05555, 1e-4, "r = 1");
  assertClose(s.encodeResource(3), 0.27778, 1e-4, "r = 3");
  assertClose(s.encodeResource(9), 0.94444, 1e-4, "r = 9");
});

test("resourceAcq 'bohb': the largest level with at least d labeled points, else the smallest", () => {
  const s = make();
  const rng = new Rng(3);
  assert.is(s.targetResource(), 1, "no data: the smallest level");
  s.update(space.sample(rng), 0.5, 3);
  assert.is(s.targetResource(), 3, "one point at 3 only (< d = 2): the smallest observed");
  for (let i = 0; i < 5; i++) s.update(space.sample(rng), 0.5, 1);
  assert.is(s.targetResource(), 1);
  s.update(space.sample(rng), 0.6, 3);
  s.update(space.sample(rng), 0.7, 9);
  assert.is(s.targetResource(), 3, "2 points at 3, 1 at 9");
  const first = make({ resourceAcq: "first" });
  assert.is(first.targetResource({ milestone: 3 }), 3);
});

test("pending bookkeeping: updates clear their pair, terminated clears the config, failures blacklist", () => {
  const s = make({ numInitRandom: 0 });
  const c = { x0: 0.2, x1: 0.3 };
  s.registerPending(c, 1);
  s.update(c, 0.4, 1);
  s.registerPending(c, 3);
  s.registerPending(c, 9);
  s.update(c, 0.5, 3, true);
  const st = s.state() as { pending: unknown[]; labeled: { r: number }[] };
  assert.is(st.pending.length, 0);
  assert.equal(
    st.labeled.map((l) => l.r),
    [1, 3],
  );
  const f = { x0: 0.9, x1: 0.9 };
  s.registerPending(f, 1);
  s.evaluationFailed(f);
  assert.equal((s.state() as { failed: string[] }).failed, [space.key(f)]);
});

test("the incumbent is taken at the target resource, not over all levels", () => {
  const lines: string[] = [];
  const s = make({ numInitRandom: 2 }, { info: (m) => lines.push(m), warn() {} }, true);
  const rng = new Rng(5);
  // searchers take a loss (−reward); the criterion is 1 + loss = 1 − reward. At r = 1 criteria
  // are low (0.1…), at r = 3 they are 0.5 and above: the incumbent at 3 is ≈ 0.5
  for (let i = 0; i < 6; i++) s.update(space.sample(rng), -(0.9 - 0.01 * i), 1);
  for (let i = 0; i < 3; i++) s.update(space.sample(rng), -(0.5 - 0.1 * i), 3);
  s.getConfig();
  const text = lines.join("\n");
  assert.match(text, "Score values computed at target_resource = 3");
  const inc = Number(/Incumbent at target_resource: \[([^\],]+)/.exec(text)![1]);
  assertClose(inc, 0.5, 0.05, "incumbent ≈ best criterion at r = 3");
});

test("predictAtMaxT: the last model's mean at maxT, where the order differs from the lowest rung's; kept in the state", () => {
  const s = make({ numInitRandom: 0 });
  const at = (x0: number) => ({ x0, x1: 0.5 });
  const keys = (...x0: number[]) => x0.map((v) => space.key(at(v)));
  assert.is(s.predictAtMaxT(keys(0.2)), null, "no model before a BO step");
  // at r = 1 a low x0 is better (lower loss); at r = 9 a high x0 is
  for (const x0 of [0.1, 0.3, 0.5, 0.7, 0.9]) {
    s.update(at(x0), x0, 1);
    s.update(at(x0), 1 - x0, 9);
  }
  s.getConfig();
  const p = s.predictAtMaxT(keys(0.2, 0.8))!;
  assert.ok(p[1] < p[0], `predicted at maxT: x0 = 0.2 → ${p[0]}, x0 = 0.8 → ${p[1]}`);
  const copy = make({ numInitRandom: 0 });
  copy.restore(JSON.parse(JSON.stringify(s.state())));
  assert.equal(Array.from(copy.predictAtMaxT(keys(0.2, 0.8))!), Array.from(p));
  // the exp-decay kernels have no kept mean model: the rung rule alone decides for them
  const ed = make({ numInitRandom: 0, gpResourceKernel: "exp-decay-sum" });
  for (const x0 of [0.1, 0.5, 0.9]) ed.update(at(x0), x0, 1);
  ed.getConfig();
  assert.is(ed.predictAtMaxT(keys(0.2)), null);
});

test("optSkipNumMaxResource counts results at maxT on all the data, not on the model's random subsample", () => {
  // 2 points in the model (the best, plus one drawn from the rest): whether the one maxT result
  // is in the draw changes per decision, and must not decide whether the GP is refit
  const s = make({ numInitRandom: 0, optSkipInitLength: 0, optSkipNumMaxResource: true, maxSizeDataForModel: 2 });
  const rng = new Rng(11);
  s.update(space.sample(rng), 0.9, 9); // the worst point: never in the subsample's best half
  for (let i = 0; i < 3; i++) s.update(space.sample(rng), 0.1 * i, 1);
  s.getConfig();
  const fitted = JSON.stringify(s.hyperparameters());
  for (let k = 0; k < 12; k++) {
    s.update(space.sample(rng), 0.5 + 0.01 * k, 1); // more data, but no new result at maxT
    s.getConfig();
    assert.is(JSON.stringify(s.hyperparameters()), fitted, `decision ${k}: refit without a new result at maxT`);
  }
  s.update(space.sample(rng), 0.2, 9);
  s.getConfig();
  assert.is.not(JSON.stringify(s.hyperparameters()), fitted, "a new result at maxT refits");
});

test("unknown resource kernels and options are typed errors", () => {
  throwsExactly(
    () => make({ gpResourceKernel: "rbf" }),
    ConfigError,
    'The value of searchOptions.gpResourceKernel is "rbf", but it must be one of "matern52", "matern52-res-warp", "exp-decay-sum", "exp-decay-combined", "exp-decay-delta1"',
  );
  throwsExactly(
    () => make({ resourceAcq: "last" }),
    ConfigError,
    'The value of searchOptions.resourceAcq is "last", but it must be one of "bohb", "first"',
  );
});

// crossing curves: the best final config learns slowly
const crossing = args({ x0: real(0, 1), x1: real(0, 1), epochs: 9 }, async (c, reporter) => {
  const q = 1 - ((c.x0 - 0.7) ** 2 + (c.x1 - 0.2) ** 2);
  const speed = 0.1 + 0.6 * (1 - c.x0);
  for (let r = 1; r <= c.epochs; r++) await reporter({ epoch: r, accuracy: q * (1 - Math.exp(-speed * r)), cost: 1 });
});

for (const type of ["stopping", "promotion"] as const) {
  for (const kernel of ["matern52", "matern52-res-warp", "exp-decay-sum", "exp-decay-combined", "exp-decay-delta1"]) {
    test(`Hyperband ${type} + bayesopt (${kernel}) feeds the GP at rung levels and finds good configs`, async () => {
      const s = new HyperbandScheduler(crossing, {
        numTrials: 40,
        seed: 2,
        type,
        searcher: "bayesopt",
        rewardAttr: "accuracy",
        executor: simulated({ workers: 2 }),
        logger: null,
        searchOptions: { numInitRandom: 5, gpResourceKernel: kernel },
      });
      await s.run();
      await s.joinJobs();
      const cases = (s.searcher as MultiFidelitySearcher).cases();
      assert.ok(cases.length > 40);
      for (const c of cases) assert.ok([1, 3, 9].includes(c.r), `resource ${c.r}`);
      assert.ok(s.getBestRewardAtMaxT() > 0.9, `best at maxT ${s.getBestRewardAtMaxT()}`);
      const row = s.trainingHistory["39"]?.[0];
      // matern52 models the resource as a third input; the exp-decay kernels put it in κ(r)
      assert.type(
        row?.[kernel.startsWith("exp-decay") ? "searcher_params_alpha" : "searcher_params_kernel_inv_bw2"],
        "number",
      );
    });
  }
}

test("searcherData 'rungs_and_last': the model holds each config's rung results and only its latest other one", async () => {
  for (const type of ["stopping", "promotion"] as const) {
    const s = new HyperbandScheduler(crossing, {
      numTrials: 20,
      seed: 3,
      type,
      searcher: "bayesopt",
      searcherData: "rungs_and_last",
      rewardAttr: "accuracy",
      executor: simulated({ workers: 2 }),
      logger: null,
      searchOptions: { numInitRandom: 4, numInitCandidates: 40, optMaxiter: 10 },
    });
    await s.run();
    await s.joinJobs();
    const byConfig = new Map<string, number[]>();
    for (const c of (s.searcher as MultiFidelitySearcher).cases())
      byConfig.set(c.key, [...(byConfig.get(c.key) ?? []), c.r]);
    assert.ok(
      [...byConfig.values()].some((rs) => rs.includes(9)),
      `${type}: some configs were fed every epoch up to maxT`,
    );
    for (const [key, rs] of byConfig) {
      const offRung = rs.filter((r) => ![1, 3, 9].includes(r));
      assert.ok(offRung.length <= 1, `${type}: ${key} has results at ${rs}`);
      // the one kept is the config's latest report
      const latest = Math.max(...rs);
      if (offRung.length) assert.is(offRung[0], latest, `${type}: ${key} at ${rs}`);
    }
  }
});

test("resourceAcq 'first' scores each new config at the first milestone of its bracket (3 brackets, both types)", async () => {
  for (const type of ["stopping", "promotion"] as const) {
    const lines: string[] = [];
    const s = new HyperbandScheduler(crossing, {
      numTrials: 30,
      seed: 3,
      type,
      brackets: 3,
      searcher: "bayesopt",
      rewardAttr: "accuracy",
      executor: simulated({ workers: 2 }),
      logger: { info: (m) => lines.push(m), warn() {} },
      searchOptions: { numInitRandom: 4, resourceAcq: "first", debugLog: true },
    });
    await s.run();
    await s.joinJobs();
    const levels = [...lines.join("\n").matchAll(/Score values computed at target_resource = (\d+)/g)].map((m) =>
      Number(m[1]),
    );
    assert.ok(levels.length >= 10, `${type}: ${levels.length} decisions`);
    assert.ok(
      levels.every((r) => [1, 3, 9].includes(r)),
      `${type}: ${levels}`,
    );
    assert.ok(new Set(levels).size >= 2, `${type}: brackets start at different rungs: ${levels}`);
  }
});

// Every kernel, both resourceAcq modes and both Hyperband types, in both real executors.
const combos = [
  ["matern52", "promotion", "first"],
  ["matern52-res-warp", "stopping", "bohb"],
  ["exp-decay-sum", "promotion", "bohb"],
  ["exp-decay-combined", "stopping", "first"],
  ["exp-decay-delta1", "promotion", "first"],
] as const;
test("runs inline and in worker threads with every kernel, resourceAcq mode and Hyperband type", async () => {
  const moduleUrl = new URL("./helpers/trainers.ts", import.meta.url);
  const { resumable } = await import("./helpers/trainers.js");
  for (const [kernel, type, resourceAcq] of combos) {
    for (const executor of [
      inline({ concurrency: 2 }),
      workerPool({ module: moduleUrl, exportName: "resumable", size: 2 }),
    ]) {
      const lines: string[] = [];
      const s = new HyperbandScheduler(resumable, {
        numTrials: 14,
        seed: 1,
        type,
        searcher: "bayesopt",
        rewardAttr: "accuracy",
        executor,
        logger: { info: (m) => lines.push(m), warn: (m) => lines.push(m) },
        searchOptions: { numInitRandom: 4, gpResourceKernel: kernel, resourceAcq, debugLog: true },
      });
      await s.run();
      await s.joinJobs();
      const what = `${kernel} ${type} ${resourceAcq}`;
      assert.is(s.trials.size, 14, what);
      assert.ok(![...s.trials.values()].some((t) => t.status === "failed"), what);
      assert.ok(!lines.some((l) => l.includes("(fallback)")), `${what}: no random fallback`);
      const levels = [...lines.join("\n").matchAll(/Score values computed at target_resource = (\d+)/g)].map((m) =>
        Number(m[1]),
      );
      // promotion resumes paused trials as new trials, so fewer than 14 configs may be drawn
      const bo = lines.filter((l) => l.startsWith("Starting get_config[BO]")).length;
      assert.ok(bo >= 3, `${what}: ${bo} model-based decisions`);
      assert.is(levels.length, bo, what);
      // one bracket: every new config starts at the first rung (3 epochs by bayesopt's default
      // grace period, algorithms §5.2), which is what 'first' targets
      assert.is(s.levels[0], 3, what);
      if (resourceAcq === "first")
        assert.ok(
          levels.every((r) => r === 3),
          `${what}: ${levels}`,
        );
      else
        assert.ok(
          levels.some((r) => r > 3),
          `${what}: ${levels}`,
        );
    }
  }
});

// issue 20: on crossing curves MOBSTER's low-rung proposals sat on the box's bounds (algorithms
// §6.4: there the fastest learners are); where every rung ranks as maxT does and the optimum is
// inside the box, the proposals must be inside it too, as bayesopt + FIFO's are (1–3 % measured)
test("proposals on a smooth interior optimum are not piled on the bounds (stopping and promotion, seeds 1–2; measured 1–6 %)", async () => {
  const c = [0.35, 0.6, 0.45];
  const tr = args({ x0: real(0, 1), x1: real(0, 1), x2: real(0, 1), epochs: 9 }, async (cfg, report) => {
    const q = 0.9 - ((cfg.x0 - c[0]) ** 2 + (cfg.x1 - c[1]) ** 2 + (cfg.x2 - c[2]) ** 2);
    for (let r = 1; r <= 9; r++) await report({ epoch: r, accuracy: q * (1 - Math.exp(-r / 4)), cost: 1 });
  });
  for (const type of ["stopping", "promotion"] as const)
    for (const seed of [1, 2]) {
      const s = new HyperbandScheduler(tr, {
        type,
        numTrials: 60,
        seed,
        searcher: "bayesopt",
        executor: simulated({ workers: 4 }),
        logger: null,
      });
      await s.run();
      await s.joinJobs();
      // the first 10 configs are random (numInitRandom under Hyperband)
      const coords = [...s.trials.values()]
        .slice(10)
        .flatMap((t) => ["x0", "x1", "x2"].map((k) => t.config[k] as number));
      const onBound = coords.filter((v) => v <= 1e-9 || v >= 1 - 1e-9).length / coords.length;
      assert.ok(onBound < 0.1, `${type}, seed ${seed}: ${(100 * onBound).toFixed(1)} % of coordinates on a bound`);
      assert.ok(s.getBestReward() > 0.8, `${type}, seed ${seed}: best ${s.getBestReward()}`);
    }
});

test.run();
