// The GP (algorithms §6.6): NLL and gradient against central finite differences and against numpy
// (tests/fixtures/make_gp.py), on both Wasm builds.
import * as assert from "uvu/assert";
import { nllAndGrad, type GPData } from "../src/gp/likelihood.js";
import { maternParamSpecs, toExternal } from "../src/gp/params.js";
import { Posterior } from "../src/gp/posterior.js";
import { negEI, negEIWithGrad } from "../src/gp/acquisition.js";
import { MinStd, assertAllClose, assertClose, forEachBuild, readFixture } from "./helpers/index.js";

interface GpCase {
  n: number;
  d: number;
  seed: number;
  params: number[];
  nll: number;
  mean: number[];
  variance: number[];
}
const fixture = readFixture<{ cases: GpCase[] }>("gp.json");

export function gpData(n: number, d: number, seed: number): GPData {
  const g = new MinStd(seed);
  const X = new Float64Array(n * d).map(() => g.next());
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = Math.sin(6 * X[i * d]) + (d > 1 ? X[i * d + 1] ** 2 : 0) + 0.1 * (g.next() - 0.5);
  return { X, y, n, d };
}

forEachBuild("GP likelihood", (test) => {
  test("the gradient of the NLL matches central finite differences for every hyperparameter", () => {
    const data = gpData(30, 3, 11);
    const specs = maternParamSpecs(3);
    const u = Float64Array.from([Math.log(0.05), Math.log(1.3), Math.log(2), Math.log(0.7), Math.log(1.5), 0.2]);
    const f = (v: Float64Array, g?: Float64Array) => nllAndGrad(data, specs, toExternal(specs, v), g);
    const g = new Float64Array(u.length);
    f(u, g);
    for (let i = 0; i < u.length; i++) {
      const h = 1e-5;
      const up = u.slice(),
        dn = u.slice();
      up[i] += h;
      dn[i] -= h;
      assertClose(g[i], (f(up) - f(dn)) / (2 * h), 1e-6, specs[i].name);
    }
  });

  for (const c of fixture.cases) {
    test(`NLL, posterior mean and variance match numpy (n = ${c.n}, d = ${c.d})`, () => {
      const data = gpData(c.n, c.d, c.seed);
      const specs = maternParamSpecs(c.d);
      assertClose(nllAndGrad(data, specs, Float64Array.from(c.params)), c.nll, 1e-9, "nll");
      const g = new MinStd(c.seed + 1000);
      const Q = new Float64Array(5 * c.d).map(() => g.next());
      const post = new Posterior(data.X, data.y, c.n, c.d, 1, c.params);
      const p = post.predict(Q, 5);
      assertAllClose(p.mean, c.mean, 1e-9, "mean");
      assertAllClose(p.variance, c.variance, 1e-9, "variance");
      for (let j = 0; j < 5; j++) {
        const one = post.predictWithGrad(Q.subarray(j * c.d, (j + 1) * c.d));
        assertClose(one.mean[0], c.mean[j], 1e-9, "mean at one point");
        assertClose(one.variance, c.variance[j], 1e-9, "variance at one point");
      }
    });
  }

  test("the gradients of the posterior mean (per fantasy column) and variance match finite differences", () => {
    const data = gpData(25, 3, 4);
    const F = 3;
    const Y = new Float64Array(25 * F).map((_, i) => data.y[Math.floor(i / F)] + 0.1 * (i % F));
    const post = new Posterior(data.X, Y, 25, 3, F, [0.01, 1.1, 1.5, 2, 0.8, 0.1]);
    const q = Float64Array.from([0.3, 0.6, 0.2]);
    const p = post.predictWithGrad(q);
    for (let k = 0; k < 3; k++) {
      const h = 1e-6,
        up = q.slice(),
        dn = q.slice();
      up[k] += h;
      dn[k] -= h;
      const a = post.predictWithGrad(up),
        b = post.predictWithGrad(dn);
      assertClose(p.dVariance[k], (a.variance - b.variance) / (2 * h), 1e-6, `dvar/dq${k}`);
      for (let f = 0; f < F; f++)
        assertClose(p.dMean[f * 3 + k], (a.mean[f] - b.mean[f]) / (2 * h), 1e-6, `dmean${f}/dq${k}`);
    }
  });

  test("predict(…, meanOnly): the same means to the bit, no variance (the incumbent needs means only)", () => {
    const data = gpData(30, 3, 5);
    const F = 2;
    const Y = new Float64Array(30 * F).map((_, i) => data.y[Math.floor(i / F)] - 0.2 * (i % F));
    const post = new Posterior(data.X, Y, 30, 3, F, [0.02, 1.3, 1, 2, 0.5, 0.2]);
    const both = post.predict(data.X, 30);
    const means = post.predict(data.X, 30, true);
    assert.equal(Array.from(means.mean), Array.from(both.mean));
    assert.is(means.variance.length, 0);
    assert.is(both.variance.length, 30);
  });
});

import { suite } from "uvu";
const ei = suite("expected improvement");
ei("−EI and its gradient match finite differences and known values", () => {
  // at μ = f* − ξ the improvement u is 0: EI = s·φ(0)
  assertClose(-negEI([0.5 - 0.01], 0.2, [0.5]), 0.2 / Math.sqrt(2 * Math.PI), 1e-7, "EI at u = 0");
  const means = [0.3, 0.45, 0.2],
    best = [0.4, 0.35, 0.5],
    s = 0.15;
  const r = negEIWithGrad(means, s, best);
  assertClose(r.value, negEI(means, s, best), 1e-15, "value");
  const h = 1e-6;
  for (let f = 0; f < 3; f++) {
    const up = means.slice(),
      dn = means.slice();
    up[f] += h;
    dn[f] -= h;
    assertClose(r.dMean[f], (negEI(up, s, best) - negEI(dn, s, best)) / (2 * h), 1e-5, `d/dμ${f}`);
  }
  assertClose(r.dStd, (negEI(means, s + h, best) - negEI(means, s - h, best)) / (2 * h), 1e-5, "d/ds");
});
ei.run();

import { warpParamSpecs } from "../src/gp/params.js";
const warpSuite = suite("GP with a warped resource column");
warpSuite("the NLL gradient, warping parameters included, matches finite differences", () => {
  const data = gpData(30, 3, 13);
  const specs = [...maternParamSpecs(3), ...warpParamSpecs()];
  const u = Float64Array.from([
    Math.log(0.05),
    Math.log(1.3),
    Math.log(2),
    Math.log(0.7),
    Math.log(1.5),
    0.2,
    Math.log(1.7),
    Math.log(0.6),
  ]);
  const f = (v: Float64Array, g?: Float64Array) => nllAndGrad(data, specs, toExternal(specs, v), g, 2);
  const g = new Float64Array(u.length);
  f(u, g);
  for (let i = 0; i < u.length; i++) {
    const h = 1e-5,
      up = u.slice(),
      dn = u.slice();
    up[i] += h;
    dn[i] -= h;
    assertClose(g[i], (f(up) - f(dn)) / (2 * h), 1e-6, specs[i].name);
  }
});
warpSuite.run();

import { sampleFantasies } from "../src/gp/fantasy.js";
import { gpDecision } from "../src/gp/wasm.js";
import { Rng } from "../src/random.js";
import { proposeByEI } from "../src/searchers/bo-step.js";
import { real } from "../src/space/domains.js";
import { SearchSpace } from "../src/space/space.js";

const acq = suite("fantasies and the acquisition's local search");
const PARAMS = [0.01, 1.1, 1.5, 2, 0.1]; // [σ², c, θ1, θ2, μ]

acq("fantasies at one pending point and at three have the posterior's mean and (co)variance", () => {
  gpDecision(() => {
    const data = gpData(12, 2, 21);
    const post = new Posterior(data.X, data.y, 12, 2, 1, PARAMS);
    const F = 4000;
    for (const P of [1, 3]) {
      const Q = Float64Array.from([0.9, 0.95, 0.1, 0.2, 0.5, 0.55].slice(0, 2 * P));
      const pred = post.predict(Q, P);
      const cov = post.covariance(Q, P);
      const s = sampleFantasies(post, Q, P, F, new Rng(P));
      for (let i = 0; i < P; i++) {
        const row = s.subarray(i * F, (i + 1) * F);
        const m = row.reduce((a, b) => a + b, 0) / F;
        const v = row.reduce((a, b) => a + (b - m) ** 2, 0) / F;
        const sd = Math.sqrt(pred.variance[i]);
        assert.ok(Math.abs(m - pred.mean[i]) < (4 * sd) / Math.sqrt(F), `P = ${P}: mean ${m} vs ${pred.mean[i]}`);
        assert.ok(Math.abs(v / pred.variance[i] - 1) < 0.1, `P = ${P}: variance ${v} vs ${pred.variance[i]}`);
      }
      if (P === 3) {
        const a = s.subarray(0, F),
          b = s.subarray(2 * F, 3 * F);
        const ma = a.reduce((x, y) => x + y, 0) / F,
          mb = b.reduce((x, y) => x + y, 0) / F;
        const c02 = a.reduce((acc, x, f) => acc + (x - ma) * (b[f] - mb), 0) / F;
        assert.ok(Math.abs(c02 - cov[2]) < 0.1 * Math.sqrt(cov[0] * cov[8]) + 1e-9, `cov ${c02} vs ${cov[2]}`);
      }
    }
  });
});

acq("the local search raises EI above the best random candidate's", () => {
  gpDecision(() => {
    const space = new SearchSpace({ a: real(0, 1), b: real(0, 1) });
    const data = gpData(12, 2, 5);
    const meanY = 0,
      stdY = 1;
    const r = proposeByEI({
      space,
      rng: new Rng(9),
      X: data.X,
      y: data.y,
      n: 12,
      params: PARAMS,
      meanY,
      stdY,
      pending: [],
      numFantasySamples: 1,
      numInitCandidates: 30,
      initialScoring: "acq_func",
      isFree: () => true,
    });
    const post = new Posterior(data.X, data.y, 12, 2, 1, PARAMS);
    const ei = (c: Record<string, unknown>) => {
      const p = post.predict(space.encode(c), 1);
      return -negEI([p.mean[0]], Math.sqrt(p.variance[0]), r.incumbent);
    };
    assert.ok(ei(r.config!) > ei(r.start) * 1.01, `EI ${ei(r.config!)} at the proposal, ${ei(r.start)} at its start`);
  });
});
acq.run();

forEachBuild("incremental posterior", (test) => {
  test("a factor extended by pending rows predicts as a full factorization, to 1e-9 relative", () => {
    gpDecision(() => {
      for (const [n, k, F] of [
        [40, 1, 1],
        [60, 5, 3],
        [130, 17, 4],
      ]) {
        const d = 3;
        const all = gpData(n + k, d, n + k);
        const params = [0.01, 1.2, 1.5, 2, 0.7, 0.1];
        const Y = new Float64Array((n + k) * F).map((_, i) => all.y[Math.floor(i / F)] + 0.05 * (i % F));
        const base = new Posterior(all.X.subarray(0, n * d), all.y.subarray(0, n), n, d, 1, params);
        const grown = base.extend(all.X.subarray(n * d), k, Y, F)!;
        const full = new Posterior(all.X, Y, n + k, d, F, params);
        const Q = new Float64Array(7 * d).map((_, i) => (i * 0.137) % 1);
        const a = grown.predict(Q, 7);
        const b = full.predict(Q, 7);
        assertAllClose(a.mean, b.mean, 1e-9, `mean n=${n} k=${k}`);
        assertAllClose(a.variance, b.variance, 1e-9, `variance n=${n} k=${k}`);
        const g = grown.predictWithGrad(Q.subarray(0, d));
        const h = full.predictWithGrad(Q.subarray(0, d));
        assertAllClose(g.dMean, h.dMean, 1e-9, "dMean");
        assertAllClose(g.dVariance, h.dVariance, 1e-9, "dVariance");
        assertAllClose(grown.covariance(Q, 7), full.covariance(Q, 7), 1e-9, "covariance");
      }
    });
  });
});
