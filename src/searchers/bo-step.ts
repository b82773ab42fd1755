// One acquisition step of GP-BO (algorithms §6.3 steps 3–10), shared by the FIFO and multi-fidelity
// searchers: posterior, fantasies for pending points, incumbent, scored random candidates, and
// a local L-BFGS-B search on −EI from the best of them, with dedup against the blacklist.
import { negEI, negEIWithGrad } from "../gp/acquisition.js";
import { sampleFantasies } from "../gp/fantasy.js";
import { EnsemblePosterior } from "../gp/ensemble.js";
import { Posterior, type PosteriorLike } from "../gp/posterior.js";
import { lbfgsb } from "../optim/lbfgsb.js";
import type { Rng } from "../random.js";
import type { Config, SearchSpace } from "../space/space.js";

export interface BOInput {
  space: SearchSpace;
  rng: Rng;
  /** Encoded labeled inputs (n×D, D = d + tail.length) and their normalized targets. */
  X: Float64Array;
  y: Float64Array;
  n: number;
  /** External GP hyperparameters [σ², c, θ…, μ]. */
  params: ArrayLike<number>;
  meanY: number;
  stdY: number;
  /** Encoded pending inputs. */
  pending: Float64Array[];
  numFantasySamples: number;
  numInitCandidates: number;
  initialScoring: "thompson_indep" | "acq_func";
  isFree(config: Config): boolean;
  /** Fixed trailing input coordinates (the multi-fidelity resource, already encoded/warped). */
  tail?: number[];
  /**
   * Hyper-Tune (algorithms §6.13): score configs by the θ-weighted mix of the joint posterior at
   * these encoded resource levels instead of at one fixed `tail`; the GP's last input is the resource.
   */
  ensemble?: { tails: number[]; weights: number[] };
  /** Rows (labeled, then pending) whose predicted mean may be the incumbent; default all. */
  incumbentRows?: boolean[];
  /** A posterior for another kernel (exp-decay); default the Matérn GP's. */
  posterior?: (X: Float64Array, Y: Float64Array, rows: number, F: number) => PosteriorLike;
}

export interface Acquisition {
  config: Config | null;
  start: Config;
  /** −EI evaluations of the first local search. */
  evaluations: number;
  topScores: number[];
  /** P×F fantasized (normalized) targets, when there were pending points. */
  fantasies?: number[][];
  /** The incumbent f* per fantasy column, in criterion units. */
  incumbent: number[];
  /** α of the posterior on the labeled data alone (Matérn kernels), for a MeanModel. */
  alpha?: Float64Array;
}

export function proposeByEI(o: BOInput): Acquisition {
  const { space, rng, X, y, n, params, meanY, stdY } = o;
  const ens = o.ensemble;
  const tail = ens ? [] : (o.tail ?? []);
  const d = space.dim + (ens ? 1 : tail.length);
  const makePosterior =
    o.posterior ??
    ((Xs: Float64Array, Ys: Float64Array, rows: number, F: number) => new Posterior(Xs, Ys, rows, d, F, params));
  const post0 = makePosterior(X, y, n, 1);
  const alpha = o.posterior ? undefined : (post0 as Posterior).alpha();
  let post: PosteriorLike = post0,
    F = 1,
    Xall = X,
    rows = n;
  let fantasies: number[][] | undefined;
  const P = o.pending.length;
  if (P > 0) {
    F = o.numFantasySamples;
    const Q = new Float64Array(P * d);
    o.pending.forEach((p, i) => Q.set(p, i * d));
    const samples = sampleFantasies(post0, Q, P, F, rng);
    fantasies = Array.from({ length: P }, (_, i) => Array.from(samples.subarray(i * F, (i + 1) * F)));
    rows = n + P;
    Xall = new Float64Array(rows * d);
    Xall.set(X);
    Xall.set(Q, n * d);
    const Y = new Float64Array(rows * F);
    for (let i = 0; i < n; i++) Y.fill(y[i], i * F, (i + 1) * F);
    Y.set(samples, n * F);
    // the Matérn posterior grows its factor by the pending rows; other kernels refactor
    const extended = o.posterior ? null : (post0 as Posterior).extend(Q, P, Y, F);
    post = extended ?? makePosterior(Xall, Y, rows, F);
  }
  // incumbent per fantasy column: the lowest predicted mean over labeled and pending inputs
  // only the means: the variance at every data row would cost an O(n²·rows) solve (issue 15)
  // under Hyper-Tune, the ensemble's mean at the data's configs
  if (ens) post = new EnsemblePosterior(post, space.dim, ens.tails, ens.weights);
  const atData = ens ? post.predict(configsOf(Xall, rows, space.dim), rows, true) : post.predict(Xall, rows, true);
  const dc = space.dim + tail.length; // the coordinates the acquisition searches
  const best = new Float64Array(F).fill(Infinity);
  const useRow = (i: number) => !o.incumbentRows || o.incumbentRows[i] || !o.incumbentRows.some(Boolean);
  for (let i = 0; i < rows; i++) {
    if (!useRow(i)) continue;
    for (let f = 0; f < F; f++) best[f] = Math.min(best[f], atData.mean[i * F + f] * stdY + meanY);
  }

  // random candidates, scored (lower is better)
  const m = o.numInitCandidates;
  const cands = Array.from({ length: m }, () => space.sample(rng));
  const C = new Float64Array(m * dc);
  cands.forEach((c, j) => {
    space.encode(c, C, j * dc);
    tail.forEach((v, t) => (C[j * dc + space.dim + t] = v));
  });
  const pc = post.predict(C, m);
  const scores = cands.map((_, j) => {
    const s = Math.sqrt(pc.variance[j]) * stdY;
    const means = Array.from({ length: F }, (_, f) => pc.mean[j * F + f] * stdY + meanY);
    if (o.initialScoring === "acq_func") return negEI(means, s, best);
    let t = 0;
    for (let f = 0; f < F; f++) t += means[f] + s * rng.normal();
    return t / F;
  });
  const order = cands.map((_, j) => j).sort((a, b) => scores[a] - scores[b]);

  const objective = (x: Float64Array, g: Float64Array) => {
    const p = post.predictWithGrad(x);
    const sd = Math.sqrt(p.variance);
    const means = Array.from(p.mean, (v) => v * stdY + meanY);
    const r = negEIWithGrad(means, sd * stdY, best);
    g.fill(0);
    for (let f = 0; f < F; f++) for (let k = 0; k < dc; k++) g[k] += r.dMean[f] * stdY * p.dMean[f * dc + k];
    if (!p.floored) for (let k = 0; k < dc; k++) g[k] += (r.dStd * stdY * p.dVariance[k]) / (2 * sd);
    return r.value;
  };
  let evaluations = 0;
  // the tail (resource) stays fixed: its box is a point
  const lower = [...new Array(space.dim).fill(0), ...tail],
    upper = [...new Array(space.dim).fill(1), ...tail];
  for (let t = 0; t < order.length; t++) {
    const j = order[t];
    const start = cands[j];
    const r = lbfgsb(objective, C.subarray(j * dc, (j + 1) * dc), { lower, upper, maxIter: 1000 });
    if (t === 0) evaluations = r.evaluations;
    const optimized =
      r.status === "abnormal line search" || r.status === "non-finite objective" ? start : space.decode(r.x);
    const chosen = o.isFree(optimized) ? optimized : o.isFree(start) ? start : null;
    if (chosen)
      return {
        config: chosen,
        start,
        evaluations,
        topScores: order.slice(0, 5).map((k) => scores[k]),
        fantasies,
        incumbent: Array.from(best),
        alpha,
      };
  }
  return {
    config: null,
    start: cands[order[0]],
    evaluations,
    topScores: order.slice(0, 5).map((k) => scores[k]),
    fantasies,
    incumbent: Array.from(best),
  };
}

/** The config coordinates (the first d) of `rows` (d + 1)-dimensional data rows. */
function configsOf(Xall: Float64Array, rows: number, d: number): Float64Array {
  const Xc = new Float64Array(rows * d);
  for (let i = 0; i < rows; i++) Xc.set(Xall.subarray(i * (d + 1), i * (d + 1) + d), i * d);
  return Xc;
}
