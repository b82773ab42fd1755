// MAP fit of the GP hyperparameters (algorithms §6.3 step 2): L-BFGS-B on NLL + priors in the
// internal parametrization, `nStarts` restarts (the first from the initial values, the others
// from them plus N(0,1) noise, clipped to the box), keeping the best.
import { lbfgsb } from "../optim/lbfgsb.js";
import type { Rng } from "../random.js";
import { type GPData, nllAndGrad } from "./likelihood.js";
import { type ParamSpec, internalBounds, toExternal, toInternal } from "./params.js";

export interface FitOptions {
  nStarts: number;
  maxIter: number;
  rng: Rng;
  /** Column of data.X that is warped (matern52-res-warp). */
  warpDim?: number;
  /** Another kernel's NLL and gradient (exp-decay); default the Matérn GP's. */
  objective?: (ext: Float64Array, gradInternal?: Float64Array) => number;
}

export interface FitResult {
  /** External values, in the layout of the specs. */
  params: Float64Array;
  nll: number;
  evaluations: number;
}

export function fitGP(data: GPData, specs: ParamSpec[], start: ArrayLike<number>, o: FitOptions): FitResult {
  const { lower, upper } = internalBounds(specs);
  const u0 = toInternal(specs, start);
  const objective = (u: Float64Array, g: Float64Array) => {
    try {
      const ext = toExternal(specs, u);
      return o.objective ? o.objective(ext, g) : nllAndGrad(data, specs, ext, g, o.warpDim);
    } catch {
      return NaN; // e.g. not positive definite even with jitter: the line search backs off
    }
  };
  let best: FitResult | null = null;
  let evaluations = 0;
  for (let s = 0; s < o.nStarts; s++) {
    const x0 = s === 0 ? u0 : u0.map((v, i) => Math.min(upper[i], Math.max(lower[i], v + o.rng.normal())));
    // scipy's minimize(method='L-BFGS-B', ftol=gtol=1e-6): factr = ftol / eps
    const r = lbfgsb(objective, x0, {
      lower,
      upper,
      maxIter: o.maxIter,
      factr: 1e-6 / 2.220446049250313e-16,
      pgtol: 1e-6,
    });
    evaluations += r.evaluations;
    if (Number.isFinite(r.f) && (!best || r.f < best.nll))
      best = { params: toExternal(specs, r.x), nll: r.f, evaluations: 0 };
  }
  if (!best) return { params: Float64Array.from(start), nll: NaN, evaluations };
  best.evaluations = evaluations;
  return best;
}
