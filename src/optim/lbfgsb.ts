// Box-constrained limited-memory quasi-Newton minimization, for GP hyperparameter fitting and
// acquisition search. This is the projected form of L-BFGS-B: variables at a bound whose
// gradient points outward are held fixed (the active set), the L-BFGS two-loop recursion gives
// the step in the free variables, and a backtracking Armijo search runs along the projected
// path x(α) = clip(x + α·d). It keeps scipy's stopping rules (factr·eps on the relative decrease
// of f, pgtol on the projected gradient) and, like scipy, reports an abnormal line search
// instead of throwing.
// see: Byrd, Lu, Nocedal, Zhu (1995), "A limited memory algorithm for bound constrained
// optimization"; Nocedal & Wright, "Numerical Optimization" 2nd ed., Alg. 7.4 (two-loop
// recursion) and §16.7 (projected search); Kelley, "Iterative Methods for Optimization" §5.5.
import { invalid } from "../errors.js";

export type ObjectiveWithGradient = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsbOptions {
  lower?: ArrayLike<number>;
  upper?: ArrayLike<number>;
  /** Correction pairs kept (scipy: 10). */
  m?: number;
  maxIter?: number;
  /** Stop when (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) <= factr · eps (scipy: 1e7). */
  factr?: number;
  /** Stop when the projected gradient's largest entry is <= pgtol (scipy: 1e-5). */
  pgtol?: number;
  maxEvals?: number;
}

export interface LbfgsbResult {
  x: Float64Array;
  f: number;
  grad: Float64Array;
  iterations: number;
  evaluations: number;
  status:
    | "converged: pgtol"
    | "converged: factr"
    | "max iterations"
    | "max evaluations"
    | "abnormal line search"
    | "non-finite objective";
}

const EPS = 2.220446049250313e-16;

export function lbfgsb(fg: ObjectiveWithGradient, x0: ArrayLike<number>, options: LbfgsbOptions = {}): LbfgsbResult {
  const n = x0.length;
  const lower = Float64Array.from(options.lower ?? new Array(n).fill(-Infinity));
  const upper = Float64Array.from(options.upper ?? new Array(n).fill(Infinity));
  if (lower.length !== n) throw invalid("lower.length", lower.length, `${n}, the length of x0`);
  if (upper.length !== n) throw invalid("upper.length", upper.length, `${n}, the length of x0`);
  for (let i = 0; i < n; i++)
    if (!(lower[i] <= upper[i])) throw invalid(`lower[${i}]`, lower[i], `<= upper[${i}] (${upper[i]})`);
  const m = options.m ?? 10,
    maxIter = options.maxIter ?? 1000,
    maxEvals = options.maxEvals ?? 15000;
  const ftol = (options.factr ?? 1e7) * EPS,
    pgtol = options.pgtol ?? 1e-5;

  const clip = (v: Float64Array) => {
    for (let i = 0; i < n; i++) v[i] = Math.min(upper[i], Math.max(lower[i], v[i]));
    return v;
  };
  let x = clip(Float64Array.from(x0));
  let g = new Float64Array(n);
  let evals = 1;
  let f = fg(x, g);
  const done = (status: LbfgsbResult["status"], iterations: number): LbfgsbResult => ({
    x,
    f,
    grad: g,
    iterations,
    evaluations: evals,
    status,
  });
  if (!Number.isFinite(f)) return done("non-finite objective", 0);

  const S: Float64Array[] = [],
    Y: Float64Array[] = [],
    rho: number[] = [];
  const free = new Uint8Array(n);
  const d = new Float64Array(n);
  const alphaHist = new Float64Array(m);

  for (let it = 0; it < maxIter; it++) {
    // projected gradient and the active set
    let pgMax = 0;
    for (let i = 0; i < n; i++) {
      const atLo = x[i] <= lower[i] && g[i] > 0,
        atHi = x[i] >= upper[i] && g[i] < 0;
      free[i] = atLo || atHi ? 0 : 1;
      if (free[i]) pgMax = Math.max(pgMax, Math.abs(g[i]));
    }
    if (pgMax <= pgtol) return done("converged: pgtol", it);

    // two-loop recursion on the free variables
    for (let i = 0; i < n; i++) d[i] = free[i] ? -g[i] : 0;
    const k = S.length;
    for (let j = k - 1; j >= 0; j--) {
      let a = 0;
      for (let i = 0; i < n; i++) if (free[i]) a += S[j][i] * d[i];
      a *= rho[j];
      alphaHist[j] = a;
      for (let i = 0; i < n; i++) if (free[i]) d[i] -= a * Y[j][i];
    }
    if (k > 0) {
      let sy = 0,
        yy = 0;
      for (let i = 0; i < n; i++) (sy += S[k - 1][i] * Y[k - 1][i]), (yy += Y[k - 1][i] * Y[k - 1][i]);
      const gamma = sy / yy;
      for (let i = 0; i < n; i++) d[i] *= gamma;
    }
    for (let j = 0; j < k; j++) {
      let b = 0;
      for (let i = 0; i < n; i++) if (free[i]) b += Y[j][i] * d[i];
      b *= rho[j];
      for (let i = 0; i < n; i++) if (free[i]) d[i] += S[j][i] * (alphaHist[j] - b);
    }
    let slope = 0;
    for (let i = 0; i < n; i++) slope += d[i] * g[i];
    if (!(slope < 0)) {
      // not a descent direction: forget the curvature pairs and use the projected gradient
      S.length = Y.length = rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = free[i] ? -g[i] : 0;
    }

    // backtracking along the projected path
    let dn = 0;
    for (let i = 0; i < n; i++) dn = Math.max(dn, Math.abs(d[i]));
    let step = S.length === 0 ? Math.min(1, 1 / dn) : 1;
    const xNew = new Float64Array(n),
      gNew = new Float64Array(n);
    let fNew = NaN,
      accepted = false;
    for (let ls = 0; ls < 30; ls++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i] + step * d[i];
      clip(xNew);
      let decrease = 0;
      for (let i = 0; i < n; i++) decrease += g[i] * (xNew[i] - x[i]);
      if (evals >= maxEvals) return done("max evaluations", it);
      fNew = fg(xNew, gNew);
      evals++;
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * decrease) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) {
      if (S.length > 0) {
        S.length = Y.length = rho.length = 0;
        continue;
      }
      return done("abnormal line search", it);
    }
    const s = new Float64Array(n),
      y = new Float64Array(n);
    let sy = 0,
      yy = 0;
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
      sy += s[i] * y[i];
      yy += y[i] * y[i];
    }
    if (sy > EPS * yy) {
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
      if (S.length > m) S.shift(), Y.shift(), rho.shift();
    }
    const fOld = f;
    x = xNew;
    g = gNew;
    f = fNew;
    if ((fOld - f) / Math.max(Math.abs(fOld), Math.abs(f), 1) <= ftol) return done("converged: factr", it + 1);
  }
  return done("max iterations", maxIter);
}
