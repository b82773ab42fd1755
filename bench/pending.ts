// npm run bench:pending: the posterior over labeled + pending rows that every decision with
// trials in flight builds (20 fantasy columns): a full factorization of the n + P rows against
// the labeled factor extended by the P pending rows (Posterior.extend). Same process, same
// data, release build, best of 5; both give the same predictions to 1e-9 (tests/gp.test.ts).
import { Posterior } from "../src/gp/posterior.js";
import { gpDecision } from "../src/gp/wasm.js";
import { Rng } from "../src/random.js";

const d = 8;
const params = [0.01, 1, ...new Array(d).fill(1.5), 0];
const F = 20;
const best = (f: () => void) => {
  let t = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    f();
    t = Math.min(t, performance.now() - t0);
  }
  return t;
};
console.log("| n labeled | P pending | full factorization, ms | extended, ms | speed-up |\n|---|---|---|---|---|");
for (const n of [250, 500, 1000]) {
  for (const P of [1, 4, 16]) {
    const rng = new Rng(n + P);
    const X = new Float64Array((n + P) * d).map(() => rng.next());
    const y = new Float64Array(n).map(() => rng.normal());
    const Y = new Float64Array((n + P) * F).map((_, i) => (i < n * F ? y[Math.floor(i / F)] : rng.normal()));
    const full = best(() => gpDecision(() => void new Posterior(X, Y, n + P, d, F, params)));
    // the extension alone (the labeled factor exists anyway: it samples the fantasies)
    let ext = Number.POSITIVE_INFINITY;
    for (let r = 0; r < 5; r++) {
      gpDecision(() => {
        const post0 = new Posterior(X.subarray(0, n * d), y, n, d, 1, params);
        const t0 = performance.now();
        post0.extend(X.subarray(n * d), P, Y, F);
        ext = Math.min(ext, performance.now() - t0);
      });
    }
    console.log(`| ${n} | ${P} | ${full.toFixed(2)} | ${ext.toFixed(2)} | ${(full / ext).toFixed(1)}× |`);
  }
}
