// Cholesky, triangular solves, log-determinant and inverse against numpy/scipy
// (tests/fixtures/make_linalg.py), on both Wasm builds.
import * as assert from "uvu/assert";
import { cholesky } from "../src/wasm/linalg.js";
import { ConfigError, NumericalError } from "../src/errors.js";
import { assertAllClose, assertClose, forEachBuild, readFixture, spd, throwsExactly, vector } from "./helpers/index.js";

interface CholCase {
  n: number;
  seed: number;
  logDet: number;
  x: number[];
  Lx: number[];
  LTx: number[];
  X: number[];
  L: [number, number, number][];
  inv: [number, number, number][];
}
const fixture = readFixture<{ cholesky: CholCase[] }>("linalg.json");

forEachBuild("cholesky", (test) => {
  for (const c of fixture.cholesky) {
    test(`matches scipy for a random SPD matrix of order ${c.n}`, () => {
      const { A, g } = spd(c.n, c.seed);
      const b = vector(c.n, g);
      const B = new Float64Array(c.n * 3);
      for (let k = 0; k < 3; k++) {
        const col = vector(c.n, g);
        for (let i = 0; i < c.n; i++) B[i * 3 + k] = col[i];
      }
      const f = cholesky(A, c.n);
      assert.ok(f.ok);
      assert.is(f.failedAt, -1);
      for (const [i, j, v] of c.L) assertClose(f.L[i * c.n + j], v, 1e-10, `L[${i},${j}]`);
      for (let i = 0; i < c.n; i++)
        for (let j = i + 1; j < c.n; j++)
          if (f.L[i * c.n + j] !== 0) assert.unreachable(`upper entry ${i},${j} not zero`);
      assertClose(f.logDet(), c.logDet, 1e-10, "logDet");
      assertAllClose(f.solve(b), c.x, 1e-9, "x");
      assertAllClose(f.solveL(b), c.Lx, 1e-9, "L⁻¹b");
      assertAllClose(f.solveLT(b), c.LTx, 1e-9, "L⁻ᵀb");
      assertAllClose(f.solveMany(B, 3), c.X, 1e-9, "X");
      // 19 right-hand sides: two 8-column tiles of the blocked solve and 3 columns past them,
      // each equal to its own single-vector solve (a separate code path)
      const cols = Array.from({ length: 19 }, () => vector(c.n, g));
      const B19 = new Float64Array(c.n * 19);
      cols.forEach((col, k) => col.forEach((v, i) => (B19[i * 19 + k] = v)));
      const X19 = f.solveMany(B19, 19);
      cols.forEach((col, k) =>
        assertAllClose(
          Array.from({ length: c.n }, (_, i) => X19[i * 19 + k]),
          Array.from(f.solve(col)),
          1e-9,
          `column ${k} of 19`,
        ),
      );
      const inv = f.inverse();
      for (const [i, j, v] of c.inv) {
        assertClose(inv[i * c.n + j], v, 1e-9, `inv[${i},${j}]`);
        assertClose(inv[j * c.n + i], v, 1e-9, `inv[${j},${i}]`);
      }
    });
  }

  test("accepts rows as arrays", () => {
    const f = cholesky([
      [4, 2],
      [2, 3],
    ]);
    assert.ok(f.ok);
    assertAllClose(f.L, [2, 0, 1, Math.SQRT2], 1e-15, "L");
  });

  test("reports the first non-positive pivot", () => {
    // the second pivot is 1 − 2² = −3 after elimination
    assert.is(
      cholesky([
        [1, 2],
        [2, 1],
      ]).failedAt,
      1,
    );
    const n = 150; // beyond the first 64-wide block
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) A[i * n + i] = 1;
    A[70 * n + 70] = 0;
    const f = cholesky(A, n);
    assert.not.ok(f.ok);
    assert.is(f.failedAt, 70);
    A[70 * n + 70] = 1;
    A[0] = -2;
    assert.is(cholesky(A, n).failedAt, 0);
    throwsExactly(
      () => f.solve(new Float64Array(n)),
      NumericalError,
      "The matrix is not positive definite (pivot 70 is not positive), so the factor cannot be used",
    );
  });

  test("rejects misuse with messages that name the argument", () => {
    throwsExactly(
      () =>
        cholesky([
          [1, 2, 3],
          [2, 1, 0],
        ]),
      ConfigError,
      "The value of A[0].length is 3, but it must be 2 (the matrix must be square)",
    );
    throwsExactly(
      () => cholesky([[1, 0], [0]]),
      ConfigError,
      "The value of A[1].length is 1, but it must be 2, like every row",
    );
    throwsExactly(
      () => cholesky([1, 2, 3]),
      ConfigError,
      "The value of A.length is 3, but it must be a perfect square (or pass n)",
    );
    throwsExactly(
      () => cholesky(new Float64Array(8), 3),
      ConfigError,
      "The value of A.length is 8, but it must be 9 (3 rows × 3 columns)",
    );
    throwsExactly(
      () =>
        cholesky([
          [1, 0],
          [0, NaN],
        ]),
      ConfigError,
      "The value of A[3] is NaN, but it must be a finite number",
    );
    throwsExactly(() => cholesky([1], 0), ConfigError, "The value of n is 0, but it must be an integer >= 1");
    const f = cholesky([
      [4, 2],
      [2, 3],
    ]);
    throwsExactly(
      () => f.solve([1, 2, 3]),
      ConfigError,
      "The value of b.length is 3, but it must be 2, the order of the factor",
    );
  });
});
