// Matérn-5/2 ARD kernel matrices and the likelihood-gradient reduction against numpy
// (tests/fixtures/make_linalg.py), on both Wasm builds.
import * as assert from "uvu/assert";
import { maternCrossKernel, maternGradient, maternKernel } from "../src/wasm/kernels.js";
import { cholesky } from "../src/wasm/linalg.js";
import { ConfigError } from "../src/errors.js";
import { MinStd, assertAllClose, assertClose, forEachBuild, readFixture, throwsExactly } from "./helpers/index.js";

interface MaternCase {
  n: number;
  d: number;
  seed: number;
  theta: number[];
  scale: number;
  K: [number, number, number][];
  Kq: number[];
  grad: number[];
}
const fixture = readFixture<{ matern: MaternCase[] }>("linalg.json");

function inputs(c: MaternCase) {
  const g = new MinStd(c.seed);
  const X = new Float64Array(c.n * c.d);
  for (let i = 0; i < X.length; i++) X[i] = g.next();
  const Q = new Float64Array(4 * c.d);
  for (let i = 0; i < Q.length; i++) Q[i] = g.next();
  for (let k = 0; k < c.d + 1; k++) g.next(); // theta and c were drawn here
  const W = new Float64Array(c.n * c.n);
  for (let i = 0; i < W.length; i++) W[i] = g.next() - 0.5;
  for (let i = 0; i < c.n; i++)
    for (let j = 0; j < i; j++) {
      const s = (W[i * c.n + j] + W[j * c.n + i]) / 2;
      W[i * c.n + j] = W[j * c.n + i] = s;
    }
  return { X, Q, W };
}

forEachBuild("matern52", (test) => {
  for (const c of fixture.matern) {
    test(`K(X, X), K(Xq, X) and the gradient reduction match numpy (n = ${c.n}, d = ${c.d})`, () => {
      const { X, Q, W } = inputs(c);
      const p = { theta: c.theta, scale: c.scale };
      const K = maternKernel(X, p, { d: c.d });
      for (const [i, j, v] of c.K) {
        assertClose(K[i * c.n + j], v, 1e-13, `K[${i},${j}]`);
        assertClose(K[j * c.n + i], v, 1e-13, `K[${j},${i}]`);
      }
      assertAllClose(maternCrossKernel(Q, X, p, { d: c.d }), c.Kq, 1e-13, "Kq");
      assertAllClose(maternGradient(X, p, W, { d: c.d }), c.grad, 1e-10, "grad");
    });
  }

  test("the diagonal term is added and the matrix is positive definite", () => {
    const g = new MinStd(5);
    const n = 300,
      d = 4;
    const X = Array.from({ length: n }, () => Array.from({ length: d }, () => g.next()));
    const p = { theta: [1, 2, 0.5, 3], scale: 1.3 };
    const K0 = maternKernel(X, p);
    const K1 = maternKernel(X, p, { diag: 1e-6 });
    for (let i = 0; i < n; i++) assertClose(K1[i * n + i] - K0[i * n + i], 1e-6, 1e-12, "diag");
    assert.ok(cholesky(K1, n).ok);
  });

  test("rejects bad parameters", () => {
    throwsExactly(
      () => maternKernel([[0, 1]], { theta: [1], scale: 1 }),
      ConfigError,
      "The value of theta.length is 1, but it must be 2, the number of input columns",
    );
    throwsExactly(
      () => maternKernel([[0, 1]], { theta: [1, -1], scale: 1 }),
      ConfigError,
      "The value of theta[1] is -1, but it must be a finite number > 0",
    );
    throwsExactly(
      () => maternKernel([[0, 1]], { theta: [1, 1], scale: 0 }),
      ConfigError,
      "The value of scale is 0, but it must be a finite number > 0",
    );
  });
});
