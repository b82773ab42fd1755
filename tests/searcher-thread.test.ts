// GP decisions in a searcher thread (algorithms §6.12): prepared configs, their staleness bound,
// waiting, a failed thread, and real runs in a Node worker thread (both Wasm builds); and the
// refit schedule (refitGrowth) that makes a decision cheap enough to prepare.
import * as assert from "uvu/assert";
import { suite } from "uvu";
import { ConfigError, FIFOScheduler, HyperbandScheduler, args, inline, real, simulated } from "../src/node.js";
import { type Logger, silentLogger } from "../src/logger.js";
import { Rng } from "../src/random.js";
import { MeanModel } from "../src/gp/mean-model.js";
import { BayesOptSearcher } from "../src/searchers/bayesopt.js";
import { MultiFidelitySearcher } from "../src/searchers/mobster.js";
import type { Config } from "../src/space/space.js";
import { SearchSpace } from "../src/space/space.js";
import type { FromSearcher, SearcherPort, ToSearcher } from "../src/searchers/thread-messages.js";
import { ThreadedSearcher, staleBound } from "../src/searchers/threaded.js";
import { forEachBuild, throwsExactly } from "./helpers/index.js";

const test = suite("searcher thread");
const space = new SearchSpace({ x: real(0, 1), y: real(0, 1) });
const f = (c: Config) => ((c.x as number) - 0.3) ** 2 + ((c.y as number) - 0.6) ** 2;

/** A port whose "thread" is the test: it records what was posted and answers when told to. */
function scriptedPort() {
  const posted: ToSearcher[] = [];
  let listener: (m: FromSearcher) => void = () => {};
  let failure: (why: string) => void = () => {};
  const port: SearcherPort = {
    post: (m) => posted.push(m),
    onMessage: (l) => (listener = l),
    onFailure: (l) => (failure = l),
    terminate: () => {},
  };
  const prepares = () => posted.filter((m): m is Extract<ToSearcher, { type: "prepare" }> => m.type === "prepare");
  return {
    port,
    posted,
    prepares,
    answer(config: Config | null, fitted: Record<string, unknown>) {
      listener({ type: "prepared", id: prepares().at(-1)!.id, config, fitted, ms: 5 });
    },
    fail: (why: string) => failure(why),
  };
}

function threaded(logger: Logger = silentLogger) {
  const local = new BayesOptSearcher(
    { space, rng: new Rng(1), logger, debugLog: false, scheduler: "fifo" },
    { numInitRandom: 2, numInitCandidates: 20, optMaxiter: 5 },
  );
  const p = scriptedPort();
  const init = { name: "bayesopt", options: {}, domains: space.domains, scheduler: "fifo", seed: 7 };
  const t = new ThreadedSearcher(local, p.port, init, logger);
  // the random phase is decided here (cheap): two configs, with results
  for (let i = 0; i < 2; i++) {
    const c = t.getConfig()!;
    t.registerPending(c);
    t.update(c, f(c));
  }
  return { t, local, p };
}

test("the stale bound: max(2, 10 % of the labeled results)", () => {
  assert.equal([0, 10, 29, 30, 500].map(staleBound), [2, 2, 2, 3, 50]);
});

test("a prepared config is served as it is, with the thread's fitted state; the next one is asked for at once", () => {
  const { t, local, p } = threaded();
  assert.is(p.posted[0].type, "init");
  assert.is(p.prepares().length, 1, "the first model decision is asked for once the data allows one");
  const ready = t.whenReady();
  assert.ok(ready instanceof Promise, "nothing prepared yet: the caller must wait");
  const fitted = { ...local.fitted(), params: Float64Array.from(local.fitted().params as Float64Array, (v) => v * 2) };
  p.answer({ x: 0.31, y: 0.62 }, fitted);
  assert.is(t.whenReady(), null, "prepared: suggest() can answer at once");
  assert.equal(t.getConfig(), { x: 0.31, y: 0.62 });
  assert.equal(Array.from(local.fitted().params as Float64Array), Array.from(fitted.params));
  assert.is(t.stats.served, 1);
  assert.is(t.stats.inline, 0);
  assert.is(p.prepares().length, 2, "the next config is prepared while the trial trains");
  const calls = p.posted.filter((m) => m.type === "calls").flatMap((m) => (m.type === "calls" ? m.calls : []));
  assert.equal(
    calls.map((c) => c.method),
    ["adopt", "registerPending", "update", "adopt", "registerPending", "update", "adopt"],
    "every data call is replayed on the thread, in order",
  );
});

test("a prepared config that more than the stale bound of results missed is dropped and prepared again", () => {
  const { t, p } = threaded();
  const fitted = t.local.fitted();
  p.answer({ x: 0.45, y: 0.55 }, fitted); // asked for with 2 results (the default config 0.5, 0.5 was the first)
  for (let i = 0; i < 2; i++) t.update({ x: i / 10, y: 0.9 }, 1); // 2 more: within the bound
  assert.is(t.whenReady(), null);
  t.update({ x: 0.8, y: 0.9 }, 1); // 3 missed > 2: stale
  assert.is(t.stats.dropped, 1);
  assert.is(p.prepares().length, 2, "a fresh decision is asked for");
  assert.ok(t.whenReady() instanceof Promise);
});

test("a waiting caller gets the next answer however stale: nothing fresher could come sooner", () => {
  const { t, p } = threaded();
  const waiting = t.whenReady();
  assert.ok(waiting instanceof Promise);
  for (let i = 0; i < 5; i++) t.update({ x: i / 10, y: 0.1 }, 1);
  p.answer({ x: 0.4, y: 0.4 }, t.local.fitted());
  assert.is(t.whenReady(), null);
  assert.equal(t.getConfig(), { x: 0.4, y: 0.4 });
});

test("a prepared config that is no longer free is never served: the decision is made here instead", () => {
  const { t, p } = threaded();
  const taken = { x: 0.2, y: 0.2 };
  t.registerPending(taken);
  void t.whenReady();
  p.answer(taken, t.local.fitted());
  assert.is(t.whenReady(), null, "the waiter is released");
  const c = t.getConfig()!;
  assert.is.not(space.key(c), space.key(taken));
  assert.is(t.stats.inline, 1);
});

test("a failed thread: one warning, then every decision on this thread, nobody left waiting", async () => {
  const warnings: string[] = [];
  const logger = { ...silentLogger, warn: (m: string) => warnings.push(m) };
  const { t, p } = threaded(logger);
  const waiting = t.whenReady()!;
  p.fail("it exited with code 1");
  await waiting;
  p.fail("again");
  assert.equal(warnings, [
    "The searcher thread stopped (it exited with code 1); decisions are made on the main thread from now on",
  ]);
  assert.is(t.whenReady(), null);
  const c = t.getConfig();
  assert.ok(c && space.isConfig(c));
});

test("MOBSTER: the fitted state a thread hands over carries its predictions at maxT; the main copy looks them up", () => {
  const setup = (seed: number) => ({
    space,
    rng: new Rng(seed),
    logger: silentLogger,
    debugLog: false,
    scheduler: "hyperband_stopping",
    minResource: 1,
    maxResource: 9,
  });
  const thread = new MultiFidelitySearcher(setup(1), { numInitRandom: 0, numInitCandidates: 20, optMaxiter: 5 });
  const main = new MultiFidelitySearcher(setup(2), { numInitRandom: 0 });
  const rng = new Rng(4);
  const configs = Array.from({ length: 6 }, () => space.sample(rng));
  for (const c of configs) for (const r of [1, 3]) thread.update(c, f(c) + 1 / r, r);
  thread.getConfig();
  const keys = configs.map((c) => space.key(c));
  const expected = thread.predictAtMaxT(keys)!;
  main.adoptFitted(thread.fitted());
  let predicted = 0;
  const original = MeanModel.prototype.predict;
  MeanModel.prototype.predict = function (Q, m) {
    predicted += m;
    return original.call(this, Q, m);
  };
  try {
    assert.equal(Array.from(main.predictAtMaxT(keys)!), Array.from(expected));
    assert.is(predicted, 0, "every labeled config came with its prediction");
    main.predictAtMaxT([space.key({ x: 0.123, y: 0.456 })]);
    assert.is(predicted, 1, "a config the thread did not know is predicted here");
  } finally {
    MeanModel.prototype.predict = original;
  }
});

test("refitGrowth g: past optSkipInitLength a refit waits until the data grew by g (fits at 2, 3, 5, 8, 12)", () => {
  const s = new BayesOptSearcher(
    { space, rng: new Rng(3), logger: silentLogger, debugLog: false, scheduler: "fifo" },
    { numInitRandom: 2, optSkipInitLength: 0, refitGrowth: 1.5, numInitCandidates: 20, optMaxiter: 5 },
  );
  const fits: number[] = [];
  for (let i = 0; i < 13; i++) {
    const c = s.getConfig()!;
    const { fittedN } = s.fitted() as { fittedN: number };
    if (Number.isFinite(fittedN) && fits.at(-1) !== fittedN) fits.push(fittedN);
    s.update(c, f(c));
  }
  assert.equal(fits, [2, 3, 5, 8, 12]);
});

/** Exposes the rows a hyperparameter fit sees. */
class FitRows extends BayesOptSearcher {
  rows(X: Float64Array, y: Float64Array, n: number, D: number) {
    return this.fitData(X, y, n, D);
  }
}

test("maxSizeDataForFit k: a fit sees the k/2 best points and k/2 others, each input row with its target", () => {
  const setup = { space, rng: new Rng(5), logger: silentLogger, debugLog: false, scheduler: "fifo" as const };
  const n = 40,
    D = 3;
  // row i holds (i, i + 0.25, i + 0.5) and target (i · 7) mod 40, so each row's target is known from its inputs
  const X = Float64Array.from({ length: n * D }, (_, k) => Math.floor(k / D) + (k % D) / 4);
  const y = Float64Array.from({ length: n }, (_, i) => (i * 7) % n);
  const fit = new FitRows(setup, { maxSizeDataForFit: 10 }).rows(X, y, n, D);
  assert.is(fit.n, 10);
  const rows = Array.from({ length: 10 }, (_, k) => fit.X[k * D]);
  assert.equal(new Set(rows).size, 10, "no row twice");
  rows.forEach((i, k) => {
    assert.equal(Array.from(fit.X.subarray(k * D, (k + 1) * D)), [i, i + 0.25, i + 0.5]);
    assert.is(fit.y[k], (i * 7) % n, `row ${i} keeps its target`);
  });
  assert.equal(Array.from(fit.y.slice(0, 5)), [0, 1, 2, 3, 4], "the five best targets come first");
  assert.ok(Array.from(fit.y.slice(5)).every((v) => v >= 5));
  const all = new FitRows(setup, { maxSizeDataForFit: 40 }).rows(X, y, n, D);
  assert.is(all.X, X, "at or below the bound, the fit sees all points");
});

test("maxSizeDataForFit below 2 is a typed error", () => {
  throwsExactly(
    () =>
      new FIFOScheduler(
        args({ x: real(0, 1) }, async () => {}),
        { numTrials: 1, searcher: "bayesopt", searchOptions: { maxSizeDataForFit: 1 } },
      ),
    ConfigError,
    "The value of searchOptions.maxSizeDataForFit is 1, but it must be an integer >= 2",
  );
});

test("refitGrowth below 1 is a typed error", () => {
  throwsExactly(
    () =>
      new FIFOScheduler(
        args({ x: real(0, 1) }, async () => {}),
        { numTrials: 1, searcher: "bayesopt", searchOptions: { refitGrowth: 0.5 } },
      ),
    ConfigError,
    "The value of searchOptions.refitGrowth is 0.5, but it must be a finite number >= 1",
  );
});

test("searcherThread must be true or false", () => {
  throwsExactly(
    () =>
      new FIFOScheduler(
        args({ x: real(0, 1) }, async () => {}),
        { numTrials: 1, searcherThread: 1 as never },
      ),
    ConfigError,
    "The value of searcherThread is 1, but it must be true or false",
  );
});

test.run();

// crossing curves, cheap epochs: a run where decisions are the bottleneck without a thread
const curves = args({ x: real(0, 1), y: real(0, 1), epochs: 9 }, async (c, report) => {
  for (let e = 1; e <= 9; e++) {
    await new Promise((r) => setTimeout(r, 1));
    await report({ epoch: e, accuracy: 1 - f(c) - 0.3 / e });
  }
});

forEachBuild("searcher thread, real runs", (t) => {
  t(
    "Hyperband + bayesopt on a real clock decides in a Node thread: configs served from it, none repeated",
    async () => {
      const s = new HyperbandScheduler(curves, {
        searcher: "bayesopt",
        searchOptions: { numInitRandom: 4 },
        numTrials: 40,
        maxT: 9,
        seed: 5,
        logger: null,
        executor: inline({ concurrency: 2 }),
      });
      let seen: ThreadedSearcher | null = null;
      s.addEventListener("trialstart", () => {
        if (s.searcher instanceof ThreadedSearcher) seen = s.searcher;
      });
      await s.run();
      await s.joinJobs();
      const th = seen as ThreadedSearcher | null;
      assert.ok(th, "the searcher ran in a thread");
      assert.ok(th.stats.served >= 20, `served ${th.stats.served} of 36 model decisions from the thread`);
      assert.ok(!(s.searcher instanceof ThreadedSearcher), "after the run the thread is gone");
      const keys = [...s.trials.values()].filter((r) => r.resumeFrom === undefined).map((r) => space.key(r.config));
      assert.is(new Set(keys).size, keys.length, "no config proposed twice");
      const rows = Object.values(s.trainingHistory).flat();
      assert.ok(
        rows.some((r) => Object.keys(r).some((k) => k.startsWith("searcher_params_"))),
        "the thread's hyperparameters reach the history",
      );
      // the run's state restores into a new scheduler (the main copy holds all the data)
      const again = new HyperbandScheduler(curves, {
        searcher: "bayesopt",
        numTrials: 40,
        maxT: 9,
        seed: 5,
        logger: null,
      });
      again.restore(s.state());
      assert.is(again.searcher.dataSize?.(), s.searcher.dataSize?.());
    },
  );

  t("searcherThread: false and the simulated executor decide on the main thread", async () => {
    for (const o of [{ searcherThread: false, executor: inline() }, { executor: simulated({ workers: 2 }) }]) {
      const s = new FIFOScheduler(curves, { searcher: "bayesopt", numTrials: 6, seed: 1, logger: null, ...o });
      let threadedSeen = false;
      s.addEventListener("trialstart", () => {
        threadedSeen ||= s.searcher instanceof ThreadedSearcher;
      });
      await s.run();
      await s.joinJobs();
      assert.is(threadedSeen, false, JSON.stringify(Object.keys(o)));
    }
  });
});
