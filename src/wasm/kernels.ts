// Matérn-5/2 ARD kernel matrices and the kernel part of the GP likelihood gradient
// (algorithms §6.6), computed in Wasm.
import { invalid } from "../errors.js";
import { arenaFor } from "./arena.js";
import { type MatrixLike, toMatrix, toSquare } from "./linalg.js";
import { wasm } from "./module.js";

export interface MaternParams {
  /** Inverse bandwidths θ, one per input dimension. */
  theta: ArrayLike<number>;
  /** Covariance scale c. */
  scale: number;
}

function checkParams(p: MaternParams, d: number): Float64Array {
  if (p.theta.length !== d) throw invalid("theta.length", p.theta.length, `${d}, the number of input columns`);
  const theta = Float64Array.from(p.theta);
  theta.forEach((t, k) => {
    if (!(t > 0) || !Number.isFinite(t)) throw invalid(`theta[${k}]`, t, "a finite number > 0");
  });
  if (!(p.scale > 0) || !Number.isFinite(p.scale)) throw invalid("scale", p.scale, "a finite number > 0");
  return theta;
}

/** K(X, X) + diag·I, row-major n×n. X is n×d (rows, or flat with `d`). */
export function maternKernel(
  x: MatrixLike,
  params: MaternParams,
  options: { diag?: number; d?: number } = {},
): Float64Array {
  const X = toMatrix(x, "X", { cols: options.d });
  const theta = checkParams(params, X.cols);
  const diag = options.diag ?? 0;
  if (!Number.isFinite(diag)) throw invalid("diag", diag, "a finite number");
  const w = wasm();
  const ar = arenaFor(w);
  const xp = ar.put(X.data);
  const tp = ar.put(theta);
  const out = ar.alloc(X.rows * X.rows);
  const scratch = ar.alloc(X.rows * X.cols + X.rows);
  w.maternSymmetric(xp, X.rows, X.cols, tp, params.scale, diag, out, scratch);
  return ar.take(out, X.rows * X.rows);
}

/** K(Xq, X), row-major m×n. */
export function maternCrossKernel(
  xq: MatrixLike,
  x: MatrixLike,
  params: MaternParams,
  options: { d?: number } = {},
): Float64Array {
  const X = toMatrix(x, "X", { cols: options.d });
  const Q = toMatrix(xq, "Xq", { cols: X.cols });
  const theta = checkParams(params, X.cols);
  const w = wasm();
  const ar = arenaFor(w);
  const qp = ar.put(Q.data);
  const xp = ar.put(X.data);
  const tp = ar.put(theta);
  const out = ar.alloc(Q.rows * X.rows);
  const scratch = ar.alloc((Q.rows + X.rows) * X.cols);
  w.maternCross(qp, Q.rows, xp, X.rows, X.cols, tp, params.scale, out, scratch);
  return ar.take(out, Q.rows * X.rows);
}

/**
 * ½ Σ_ij W_ij ∂K_ij/∂p for p = θ_0..θ_{d−1}, c (length d + 1). With W = (K+σ²I)⁻¹ − ααᵀ this
 * is the kernel part of the gradient of the negative log marginal likelihood.
 */
export function maternGradient(
  x: MatrixLike,
  params: MaternParams,
  W: MatrixLike,
  options: { d?: number } = {},
): Float64Array {
  const X = toMatrix(x, "X", { cols: options.d });
  const theta = checkParams(params, X.cols);
  const Wm = toSquare(W, "W", X.rows);
  const w = wasm();
  const ar = arenaFor(w);
  const xp = ar.put(X.data);
  const tp = ar.put(theta);
  const wp = ar.put(Wm.data);
  const out = ar.alloc(X.cols + 1);
  const scratch = ar.alloc(X.rows * X.cols + X.rows + X.cols);
  w.maternGradReduce(xp, X.rows, X.cols, tp, params.scale, wp, out, scratch);
  return ar.take(out, X.cols + 1);
}
