// L-BFGS-B on standard test functions, with and without active bounds.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { lbfgsb } from "../src/optim/lbfgsb.js";
import { ConfigError } from "../src/errors.js";
import { assertAllClose, assertClose, throwsExactly } from "./helpers/index.js";

const test = suite("L-BFGS-B");

const rosenbrock = (x: Float64Array, g: Float64Array) => {
  let f = 0;
  g.fill(0);
  for (let i = 0; i + 1 < x.length; i++) {
    const a = x[i + 1] - x[i] * x[i],
      b = 1 - x[i];
    f += 100 * a * a + b * b;
    g[i] += -400 * x[i] * a - 2 * b;
    g[i + 1] += 200 * a;
  }
  return f;
};

test("finds the minimum of the 2-d and 10-d Rosenbrock functions", () => {
  for (const n of [2, 10]) {
    const r = lbfgsb(rosenbrock, new Float64Array(n).fill(-1.2), { maxIter: 2000, factr: 10, pgtol: 1e-9 });
    assertAllClose(r.x, new Array(n).fill(1), 1e-4, `x (n = ${n})`);
    assert.ok(r.f < 1e-8, `f = ${r.f}`);
  }
});

test("stops at active bounds with the KKT conditions met", () => {
  // Rosenbrock on [-2, 0.5] × [-2, 2]: the minimum is on x0 = 0.5 with x1 = 0.25
  const r = lbfgsb(rosenbrock, [-1, 1], { lower: [-2, -2], upper: [0.5, 2], factr: 10, pgtol: 1e-9 });
  assertAllClose(r.x, [0.5, 0.25], 1e-6, "x");
  assert.ok(r.grad[0] < 0, "the gradient points out of the box at the active bound");
  // a quadratic whose unconstrained minimum (3, -3) is outside [0, 1]²
  const q = lbfgsb(
    (x, g) => {
      g[0] = 2 * (x[0] - 3);
      g[1] = 2 * (x[1] + 3);
      return (x[0] - 3) ** 2 + (x[1] + 3) ** 2;
    },
    [0.5, 0.5],
    { lower: [0, 0], upper: [1, 1] },
  );
  assert.equal([...q.x], [1, 0]);
  assert.is(q.status, "converged: pgtol");
});

test("Branin from several starts reaches one of its three minima (0.397887)", () => {
  const branin = (x: Float64Array, g: Float64Array) => {
    const a = 1,
      b = 5.1 / (4 * Math.PI ** 2),
      c = 5 / Math.PI,
      r = 6,
      s = 10,
      t = 1 / (8 * Math.PI);
    const u = x[1] - b * x[0] ** 2 + c * x[0] - r;
    g[0] = 2 * a * u * (-2 * b * x[0] + c) - s * (1 - t) * Math.sin(x[0]);
    g[1] = 2 * a * u;
    return a * u * u + s * (1 - t) * Math.cos(x[0]) + s;
  };
  for (const x0 of [
    [0, 0],
    [5, 5],
    [-3, 12],
    [9, 2],
  ]) {
    const r = lbfgsb(branin, x0, { lower: [-5, 0], upper: [10, 15] });
    assertClose(r.f, 0.397887, 1e-5, `from ${x0}`);
  }
});

test("returns the start when the objective is not finite there, and checks its bounds", () => {
  const r = lbfgsb(() => NaN, [1, 2]);
  assert.is(r.status, "non-finite objective");
  assert.equal([...r.x], [1, 2]);
  throwsExactly(
    () => lbfgsb(rosenbrock, [0, 0], { lower: [1, 0], upper: [0, 1] }),
    ConfigError,
    "The value of lower[0] is 1, but it must be <= upper[0] (0)",
  );
});

test.run();
