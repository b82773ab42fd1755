// Fantasy targets for pending evaluations (algorithms §6.11): F joint
// samples of the posterior at the P pending inputs, so the acquisition treats running trials as
// if they had reported plausible values.
import type { Rng } from "../random.js";
import type { PosteriorLike } from "./posterior.js";
import { gpWasm } from "./wasm.js";

/** P×F samples (row i = pending input i), from N(mean, Σ + 1e-5 I); independent if Σ will not factor. */
export function sampleFantasies(post: PosteriorLike, Q: Float64Array, P: number, F: number, rng: Rng): Float64Array {
  const pred = post.predict(Q, P);
  const samples = new Float64Array(P * F);
  if (P === 1) {
    const s = Math.sqrt(pred.variance[0]);
    for (let f = 0; f < F; f++) samples[f] = pred.mean[0] + s * rng.normal();
    return samples;
  }
  const cov = post.covariance(Q, P);
  for (let i = 0; i < P; i++) cov[i * P + i] += 1e-5;
  const { ex, ar } = gpWasm();
  const mark = ar.mark();
  const cp = ar.put(cov);
  const ok = ex.cholesky(cp, P) === 0;
  const L = ar.take(cp, P * P);
  ar.release(mark);
  for (let f = 0; f < F; f++) {
    const z = Array.from({ length: P }, () => rng.normal());
    for (let i = 0; i < P; i++) {
      let v = pred.mean[i];
      if (ok) for (let k = 0; k <= i; k++) v += L[i * P + k] * z[k];
      else v += Math.sqrt(pred.variance[i]) * z[i];
      samples[i * F + f] = v;
    }
  }
  return samples;
}
