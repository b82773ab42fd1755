// Hyper-Tune (algorithms §6.13): its weights rule by rule on hand-made numbers, the level weights
// a searcher learns from data whose low level misleads, the ensemble posterior, and the bracket
// distribution the scheduler draws from.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { ConfigError, FIFOScheduler, HyperbandScheduler, Rng, args, real, simulated } from "../src/node.js";
import { silentLogger } from "../src/logger.js";
import {
  bracketWeights,
  folds,
  rankingLoss,
  supportedLevels,
  thetaFromLosses,
} from "../src/searchers/hypertune-weights.js";
import { EnsemblePosterior } from "../src/gp/ensemble.js";
import { Posterior } from "../src/gp/posterior.js";
import { gpDecision } from "../src/gp/wasm.js";
import { HyperTuneSearcher } from "../src/searchers/hypertune.js";
import { SearchSpace } from "../src/space/space.js";
import { assertClose, forEachBuild, throwsExactly } from "./helpers/index.js";

const test = suite("hypertune rules");

test("ranking loss: the share of pairs ordered differently from the targets", () => {
  assert.is(rankingLoss([1, 2, 3], [10, 20, 30]), 0);
  assert.is(rankingLoss([1, 2, 3], [30, 20, 10]), 1);
  assert.is(rankingLoss([1, 2, 3], [10, 30, 20]), 1 / 3);
  // a column of an n×S matrix: column 1 of [[1, 9], [2, 8], [3, 7]] is reversed
  assert.is(rankingLoss([1, 2, 3], [1, 9, 2, 8, 3, 7], 1, 2), 1);
});

test("θ: each sample votes for the levels with its smallest loss, ties for all of them", () => {
  assert.equal(
    thetaFromLosses([
      [0.1, 0.2, 0.0, 0.3],
      [0.1, 0.3, 0.2, 0.3],
      [0.5, 0.1, 0.2, 0.4],
    ]),
    // sample 0: levels 0 and 1 tie; 1: level 2; 2: level 0; 3: levels 0 and 1 tie → votes 3, 2, 1
    [3 / 6, 2 / 6, 1 / 6],
  );
});

test("supported levels: up to the highest level with at least 6 points", () => {
  const counts: Record<number, number> = { 1: 20, 3: 7, 9: 5 };
  assert.is(
    supportedLevels([1, 3, 9], (r) => counts[r]),
    2,
  );
  assert.is(
    supportedLevels([1, 3, 9], (r) => (r === 1 ? 30 : 5)),
    1,
  );
  assert.is(
    supportedLevels([1, 3, 9], () => 6),
    3,
  );
});

test("brackets: the head θ_k / r_k takes the default head's mass, the tail keeps its own", () => {
  const w = bracketWeights([0.5, 0.5], [1, 3], [0.6, 0.3, 0.1]);
  // raw 0.5 and 0.5/3 → shares 3/4 and 1/4 of the head mass 0.9
  w.forEach((v, k) => assertClose(v, [0.675, 0.225, 0.1][k], 1e-12, `bracket ${k}`));
  bracketWeights([0, 0], [1, 3], [0.6, 0.3, 0.1]).forEach((v, k) =>
    assertClose(v, [0.9, 0, 0.1][k], 1e-12, `no θ mass: the head's mass to bracket 0 (bracket ${k})`),
  );
});

test("folds: min(⌊n/2⌋, 5) contiguous folds, the last n mod K one larger", () => {
  assert.equal(folds(6), [
    [0, 2],
    [2, 4],
    [4, 6],
  ]);
  assert.equal(folds(7), [
    [0, 2],
    [2, 4],
    [4, 7],
  ]);
  assert.equal(folds(13), [
    [0, 2],
    [2, 4],
    [4, 7],
    [7, 10],
    [10, 13],
  ]);
});

test.run();

const space = new SearchSpace({ x: real(0, 1), y: real(0, 1) });
const make = (seed = 1) =>
  new HyperTuneSearcher(
    {
      space,
      rng: new Rng(seed),
      logger: silentLogger,
      debugLog: false,
      scheduler: "hyperband_stopping",
      minResource: 1,
      maxResource: 9,
    },
    { numInitRandom: 0, numInitCandidates: 50, optMaxiter: 20 },
  );

/**
 * 14 configs on a line. At level 3 and at the top level 9 the loss falls with x; at level 1
 * it rises with x (early training ranks them backwards), with an offset per level.
 */
function feed(s: HyperTuneSearcher) {
  for (let i = 0; i < 14; i++) {
    const c = { x: (i + 0.5) / 14, y: 0.5 };
    s.update(c, 1 + 0.5 * c.x, 1);
    s.update(c, 0.8 - 0.4 * c.x, 3);
    if (i % 2 === 0) s.update(c, 0.5 - 0.3 * c.x, 9);
  }
}

forEachBuild("hypertune searcher", (t) => {
  t("θ: the level that ranks the top level's configs backwards gets (almost) no weight", () => {
    const s = make();
    feed(s);
    assert.is(s.ensembleWeights(), null, "no weights before a BO step");
    s.getConfig();
    const w = s.ensembleWeights()!;
    assert.equal(w.levels, [1, 3, 9]);
    assertClose(
      w.theta.reduce((a, b) => a + b, 0),
      1,
      1e-12,
      "θ sums to 1",
    );
    assert.ok(w.theta[0] < 0.05, `θ at level 1: ${w.theta[0]}`);
    assert.ok(w.theta[1] > w.theta[0] && w.theta[2] > w.theta[0], `θ ${w.theta}`);
  });

  t("the acquisition scores by the θ mix (the debug log names it); MOBSTER's scores at one level", () => {
    const lines: string[] = [];
    const logger = { info: (m: string) => lines.push(m), warn: () => {} };
    const setup = {
      space,
      rng: new Rng(1),
      logger,
      debugLog: true,
      scheduler: "hyperband_stopping" as const,
      minResource: 1,
      maxResource: 9,
    };
    const s = new HyperTuneSearcher(setup, { numInitRandom: 0, numInitCandidates: 50, optMaxiter: 20 });
    feed(s);
    s.getConfig();
    const w = s.ensembleWeights()!;
    const mix = w.levels.filter((_, k) => w.theta[k] > 0.01);
    const text = lines.join("\n");
    assert.match(text, "Score values computed with Hyper-Tune's mix: ");
    for (const r of mix) assert.match(text, `r = ${r}: θ = `);
    assert.not.match(text, "Score values computed at target_resource");
  });

  t(
    "the ensemble posterior: Σ θ μ(x, r) and Σ θ² σ²(x, r) of the joint posterior, gradients by finite differences",
    () => {
      const rng = new Rng(4);
      const n = 12;
      const X = Float64Array.from({ length: n * 3 }, () => rng.next());
      const y = Float64Array.from({ length: n }, () => rng.normal());
      const params = [0.01, 1.2, 2, 3, 1.5, 0.1]; // σ², c, θ × 3, μ
      gpDecision(() => {
        const post = new Posterior(X, y, n, 3, 1, params);
        const tails = [0.1, 0.6],
          weights = [0.3, 0.7];
        const ens = new EnsemblePosterior(post, 2, tails, weights);
        const q = [0.4, 0.7];
        const p = ens.predict(Float64Array.from(q), 1);
        const at = tails.map((t) => post.predict(Float64Array.from([...q, t]), 1));
        assertClose(p.mean[0], 0.3 * at[0].mean[0] + 0.7 * at[1].mean[0], 1e-12, "mean");
        assertClose(p.variance[0], 0.09 * at[0].variance[0] + 0.49 * at[1].variance[0], 1e-12, "variance");
        const g = ens.predictWithGrad(q);
        assertClose(g.mean[0], p.mean[0], 1e-12, "mean with gradient");
        const h = 1e-6;
        for (let k = 0; k < 2; k++) {
          const up = [...q],
            down = [...q];
          up[k] += h;
          down[k] -= h;
          const [pu, pd] = [up, down].map((v) => ens.predict(Float64Array.from(v), 1));
          assertClose(g.dMean[k], (pu.mean[0] - pd.mean[0]) / (2 * h), 1e-5, `∂mean/∂x${k}`);
          assertClose(g.dVariance[k], (pu.variance[0] - pd.variance[0]) / (2 * h), 1e-5, `∂variance/∂x${k}`);
        }
      });
    },
  );

  t("θ depends on the data only: two searchers with other seeds agree, and it survives a state round trip", () => {
    const a = make(1),
      b = make(7);
    feed(a);
    feed(b);
    a.getConfig();
    b.getConfig();
    assert.equal(a.ensembleWeights()!.theta, b.ensembleWeights()!.theta);
    const copy = make(3);
    copy.restore(JSON.parse(JSON.stringify(a.state())));
    assert.equal(copy.ensembleWeights(), a.ensembleWeights());
    assert.equal(copy.bracketDistribution([0.5, 0.3, 0.2]), a.bracketDistribution([0.5, 0.3, 0.2]));
  });

  t("the bracket distribution is θ_k / r_k over the brackets θ covers; null with one bracket or no θ", () => {
    const s = make();
    assert.is(s.bracketDistribution([0.6, 0.3, 0.1]), null);
    feed(s);
    s.getConfig();
    const { theta, levels } = s.ensembleWeights()!;
    assert.equal(s.bracketDistribution([0.6, 0.3, 0.1]), bracketWeights(theta, levels, [0.6, 0.3, 0.1]));
    assert.is(s.bracketDistribution([1]), null);
  });

  t("under Hyperband: all brackets by default, drawn from the searcher's distribution", async () => {
    const tr = args({ x: real(0, 1), epochs: 9 }, async (c, report) => {
      for (let r = 1; r <= 9; r++)
        await report({ epoch: r, accuracy: (0.5 + 0.4 * c.x) * (1 - Math.exp(-r / 3)), cost: 1 });
    });
    const s = new HyperbandScheduler(tr, {
      numTrials: 40,
      seed: 2,
      searcher: "hypertune",
      searchOptions: { numInitRandom: 4, numInitCandidates: 30, optMaxiter: 10 },
      executor: simulated({ workers: 2 }),
      logger: null,
    });
    assert.is(s.bracketProbs.length, s.levels.length);
    const searcher = s.searcher as HyperTuneSearcher;
    let asked = 0;
    const original = searcher.bracketDistribution.bind(searcher);
    searcher.bracketDistribution = (d) => {
      asked++;
      return original(d);
    };
    await s.run();
    await s.joinJobs();
    assert.ok(asked >= 40, `asked ${asked} times`);
    assert.ok(searcher.ensembleWeights() !== null, "θ was learned during the run");
    assert.ok(s.getBestReward() > 0.8, `best ${s.getBestReward()}`);
  });
});

const errors = suite("hypertune errors");
errors("hypertune needs Hyperband, and a Matérn resource kernel", () => {
  const tr = args({ x: real(0, 1) }, async () => {});
  throwsExactly(
    () => new FIFOScheduler(tr, { numTrials: 1, searcher: "hypertune" }),
    ConfigError,
    'The value of searcher is "hypertune", but it must be used with HyperbandScheduler (it weighs rung levels)',
  );
  throwsExactly(
    () =>
      new HyperbandScheduler(tr, {
        maxT: 9,
        numTrials: 1,
        searcher: "hypertune",
        searchOptions: { gpResourceKernel: "exp-decay-sum" },
      }),
    ConfigError,
    'The value of searchOptions.gpResourceKernel is "exp-decay-sum", but it must be "matern52" or "matern52-res-warp" with searcher "hypertune"',
  );
});
errors.run();
