// MOBSTER's exp-decay kernels (algorithms §6.4): mean and covariance against a Monte-Carlo estimate of
// the process they describe, positive definiteness, and the NLL gradient for every parameter.
import * as assert from "uvu/assert";
import { expDecayNllAndGrad, expDecaySpecs } from "../src/gp/expdecay.js";
import { toExternal, toInternal } from "../src/gp/params.js";
import { arenaFor } from "../src/wasm/arena.js";
import { wasm } from "../src/wasm/module.js";
import { MinStd, assertClose, forEachBuild, readFixture } from "./helpers/index.js";

interface McCase {
  r1: number;
  r2: number;
  c: number;
  kxx: number;
  mu: number;
  gamma: number;
  delta: number;
  alpha: number;
  meanLam: number;
  mean1: number;
  cov12: number;
  var1: number;
}
const fixture = readFixture<{ cases: McCase[] }>("expdecay.json");

function data(n: number, d: number, seed: number) {
  const g = new MinStd(seed);
  const X = new Float64Array(n * (d + 1));
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) X[i * (d + 1) + k] = g.next();
    const r = [0.05, 0.28, 0.94][i % 3];
    X[i * (d + 1) + d] = r;
    y[i] = Math.sin(5 * X[i * (d + 1)]) * (1 - Math.exp(-3 * r)) + 0.05 * g.next();
  }
  return { X, y, n, d: d + 1 };
}

forEachBuild("exp-decay kernels", (test) => {
  test("mean and covariance match a Monte-Carlo estimate of f(x, r) = h(x)(1 − δe^{−λr}) + γe^{−λr}", () => {
    const ex = wasm();
    for (const c of fixture.cases) {
      const ar = arenaFor(ex);
      const beta = c.alpha / c.meanLam;
      const kappa = (r: number) => (beta / (r + beta)) ** c.alpha;
      const g = c.gamma - c.delta * c.mu;
      assertClose(c.mu + g * kappa(c.r1), c.mean1, 3e-3, "mean");
      // the 1×1 "matrices" k_x(x, x') and k_x(x, x), through the Wasm kernel
      const k12 = ar.put([c.kxx]),
        k11 = ar.put([c.c]);
      const r1 = ar.put([c.r1]),
        r2 = ar.put([c.r2]);
      ex.expDecayApply(k12, 1, 1, r1, r2, c.alpha, c.meanLam, c.delta, g * g, 0, 0);
      ex.expDecayApply(k11, 1, 1, r1, r1, c.alpha, c.meanLam, c.delta, g * g, 0, 0);
      assertClose(ar.view(k12, 1)[0], c.cov12, 5e-3, "covariance");
      assertClose(ar.view(k11, 1)[0], c.var1, 5e-3, "variance");
    }
  });

  for (const kernel of ["exp-decay-sum", "exp-decay-combined", "exp-decay-delta1"] as const) {
    test(`${kernel}: the NLL gradient matches central finite differences for every parameter`, () => {
      const dt = data(24, 2, 3);
      const specs = expDecaySpecs(2, kernel, 2);
      const ext = Float64Array.from(specs, (s) => s.init);
      ext[0] = 0.02;
      ext[1] = 1.2;
      ext[2] = 1.5;
      ext[3] = 0.7;
      ext[4] = 0.1;
      ext[5] = 1.7;
      ext[6] = 0.8;
      ext[7] = 0.6;
      if (kernel === "exp-decay-combined") ext[8] = 0.4;
      const u = toInternal(specs, ext);
      const f = (v: Float64Array, g?: Float64Array) => expDecayNllAndGrad(dt, specs, toExternal(specs, v), g);
      const g = new Float64Array(u.length);
      f(u, g);
      for (let i = 0; i < u.length; i++) {
        if (specs[i].lower === specs[i].upper) continue; // δ held fixed
        const h = 1e-5,
          up = u.slice(),
          dn = u.slice();
        up[i] += h;
        dn[i] -= h;
        assertClose(g[i], (f(up) - f(dn)) / (2 * h), 1e-5, specs[i].name);
      }
    });
  }

  test("kernel matrices on random inputs are positive definite (Cholesky with no jitter)", () => {
    const ex = wasm();
    const rng = new MinStd(9);
    for (let t = 0; t < 20; t++) {
      const ar = arenaFor(ex);
      const n = 40;
      const r = ar.put(Array.from({ length: n }, () => rng.next()));
      const kx = ar.alloc(n * n);
      const X = ar.put(Array.from({ length: n * 2 }, () => rng.next()));
      const th = ar.put([0.5 + 3 * rng.next(), 0.5 + 3 * rng.next()]);
      ex.maternSymmetric(X, n, 2, th, 0.5 + rng.next(), 0, kx, ar.alloc(3 * n));
      const alpha = 0.2 + 5 * rng.next(),
        muL = 0.1 + 3 * rng.next(),
        delta = rng.next(),
        g = 2 * rng.next() - 1;
      ex.expDecayApply(kx, n, n, r, r, alpha, muL, delta, g * g, 1, 1e-6);
      assert.is(ex.cholesky(kx, n), 0, `trial ${t}`);
    }
  });
});
