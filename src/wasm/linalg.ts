// Typed wrappers over the Wasm linear algebra, in the spirit of ml-matrix: loose input
// (rows or a flat row-major array) is checked and normalized once, numerical failure is a
// value (`ok: false`), misuse is a ConfigError naming the argument and the rule.
import { ConfigError, NumericalError, invalid } from "../errors.js";
import { arenaFor } from "./arena.js";
import { wasm } from "./module.js";

export type MatrixLike = ArrayLike<number> | ArrayLike<ArrayLike<number>>;

function checkFinite(data: Float64Array, name: string): void {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw invalid(`${name}[${i}]`, data[i], "a finite number");
  }
}

function isRows(a: MatrixLike): a is ArrayLike<ArrayLike<number>> {
  return a.length > 0 && typeof a[0] === "object" && a[0] !== null;
}

/** Normalizes a matrix to row-major Float64Array with `rows × cols` entries. */
export function toMatrix(
  a: MatrixLike,
  name: string,
  shape: { rows?: number; cols?: number },
): { data: Float64Array; rows: number; cols: number } {
  if (isRows(a)) {
    const rows = a.length;
    const cols = shape.cols ?? a[0].length;
    if (shape.rows !== undefined && rows !== shape.rows) throw invalid(`${name}.length`, rows, `${shape.rows}`);
    const data = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      if (a[i].length !== cols) throw invalid(`${name}[${i}].length`, a[i].length, `${cols}, like every row`);
      for (let j = 0; j < cols; j++) data[i * cols + j] = a[i][j];
    }
    checkFinite(data, name);
    return { data, rows, cols };
  }
  const flat = a as ArrayLike<number>;
  let { rows, cols } = shape;
  if (rows === undefined && cols === undefined) {
    throw new ConfigError(`${name} is a flat array, so its shape must be given`);
  }
  if (rows === undefined) rows = Math.floor(flat.length / cols!);
  if (cols === undefined) cols = Math.floor(flat.length / rows);
  if (flat.length !== rows * cols) {
    throw invalid(`${name}.length`, flat.length, `${rows * cols} (${rows} rows × ${cols} columns)`);
  }
  const data = Float64Array.from(flat);
  checkFinite(data, name);
  return { data, rows, cols };
}

/** A square matrix: rows given as arrays, or flat row-major with its order n. */
export function toSquare(a: MatrixLike, name: string, n?: number): { data: Float64Array; n: number } {
  if (!isRows(a) && n === undefined) {
    const root = Math.round(Math.sqrt(a.length));
    if (root * root !== a.length) throw invalid(`${name}.length`, a.length, "a perfect square (or pass n)");
    n = root;
  }
  if (n !== undefined && (!Number.isInteger(n) || n < 1)) throw invalid("n", n, "an integer >= 1");
  if (isRows(a) && a[0].length !== a.length) {
    throw invalid(`${name}[0].length`, a[0].length, `${a.length} (the matrix must be square)`);
  }
  const m = toMatrix(a, name, isRows(a) ? { cols: a.length } : { rows: n, cols: n });
  if (n !== undefined && m.rows !== n) throw invalid(`${name}.length`, m.rows, `${n}, the given order n`);
  return { data: m.data, n: m.rows };
}

function checkVector(b: ArrayLike<number>, name: string, n: number): Float64Array {
  if (b.length !== n) throw invalid(`${name}.length`, b.length, `${n}, the order of the factor`);
  const v = Float64Array.from(b);
  checkFinite(v, name);
  return v;
}

export interface Cholesky {
  /** The matrix was positive definite. */
  readonly ok: boolean;
  /** Index of the first non-positive pivot, or -1. */
  readonly failedAt: number;
  readonly n: number;
  /** The lower factor, row-major n×n (partly factored when !ok). */
  readonly L: Float64Array;
  /** x with A x = b. */
  solve(b: ArrayLike<number>): Float64Array;
  /** X with A X = B, B row-major n×m. */
  solveMany(b: ArrayLike<number>, m: number): Float64Array;
  /** L⁻¹ b. */
  solveL(b: ArrayLike<number>): Float64Array;
  /** L⁻ᵀ b. */
  solveLT(b: ArrayLike<number>): Float64Array;
  logDet(): number;
  /** A⁻¹, row-major n×n. */
  inverse(): Float64Array;
}

/** Factors a symmetric positive-definite matrix (only the lower triangle is read). */
export function cholesky(a: MatrixLike, n?: number): Cholesky {
  const sq = toSquare(a, "A", n);
  const order = sq.n;
  const w = wasm();
  const arena = arenaFor(w);
  const p = arena.put(sq.data);
  const status = w.cholesky(p, order);
  const L = arena.take(p, order * order);
  const ok = status === 0;

  // Each operation copies the factor back in: the arena is shared and reset per call, so
  // nothing may stay resident between calls of this object (copying in costs O(n²)).
  const run = <T>(f: (ex: ReturnType<typeof wasm>, ar: ReturnType<typeof arenaFor>, lp: number) => T): T => {
    if (!ok) {
      throw new NumericalError(
        `The matrix is not positive definite (pivot ${status - 1} is not positive), so the factor cannot be used`,
      );
    }
    const ex = wasm();
    const ar = arenaFor(ex);
    return f(ex, ar, ar.put(L));
  };

  return {
    ok,
    failedAt: ok ? -1 : status - 1,
    n: order,
    L,
    solve(b) {
      const v = checkVector(b, "b", order);
      return run((ex, ar, lp) => {
        const bp = ar.put(v);
        ex.solveLower(lp, order, bp);
        ex.solveLowerT(lp, order, bp);
        return ar.take(bp, order);
      });
    },
    solveMany(b, m) {
      if (!Number.isInteger(m) || m < 1) throw invalid("m", m, "an integer >= 1");
      const B = checkVector(b, "B", order * m);
      return run((ex, ar, lp) => {
        const bp = ar.put(B);
        ex.solveLowerMany(lp, order, bp, m);
        ex.solveLowerTMany(lp, order, bp, m);
        return ar.take(bp, order * m);
      });
    },
    solveL(b) {
      const v = checkVector(b, "b", order);
      return run((ex, ar, lp) => {
        const bp = ar.put(v);
        ex.solveLower(lp, order, bp);
        return ar.take(bp, order);
      });
    },
    solveLT(b) {
      const v = checkVector(b, "b", order);
      return run((ex, ar, lp) => {
        const bp = ar.put(v);
        ex.solveLowerT(lp, order, bp);
        return ar.take(bp, order);
      });
    },
    logDet() {
      return run((ex, _ar, lp) => ex.logDetFromCholesky(lp, order));
    },
    inverse() {
      return run((ex, ar, lp) => {
        const out = ar.alloc(order * order);
        const work = ar.alloc(order * order + 16 * order);
        ex.inverseFromCholesky(lp, order, out, work, 1);
        return ar.take(out, order * order);
      });
    },
  };
}
