// npm run bench:gp — (1) one NLL + gradient evaluation of the GP at n = 50…2000 (d = 8), against
// scikit-learn's log_marginal_likelihood(theta, eval_gradient=True) in the same run when a
// python3 with scikit-learn is found; (2) one full bayesopt getConfig (fit with 2 × 50 L-BFGS-B
// iterations + acquisition) at n = 50…500; (3) where the time of (1) goes at n = 1000 and 2000,
// timing the Wasm exports one by one, against the f64x2 multiply + add peak of this core measured
// in the same run (bench/asm/peak.ts). Release Wasm build.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import asc from "assemblyscript/asc";
import { initSync, wasm } from "../src/wasm/module.js";
import { arenaFor } from "../src/wasm/arena.js";
import { nllAndGrad } from "../src/gp/likelihood.js";
import { maternParamSpecs } from "../src/gp/params.js";
import { BayesOptSearcher } from "../src/searchers/bayesopt.js";
import { fitGP } from "../src/gp/fit.js";
import { Rng, real } from "../src/index.js";
import { silentLogger } from "../src/logger.js";
import { SearchSpace } from "../src/space/space.js";

initSync({ bytes: readFileSync(new URL("../build/release.wasm", import.meta.url)) });
const d = 8;
const sizes = [50, 100, 250, 500, 1000, 2000];

function data(n: number) {
  const rng = new Rng(n);
  const X = new Float64Array(n * d).map(() => rng.next());
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = Math.sin(6 * X[i * d]) + X[i * d + 1] ** 2 + 0.05 * rng.normal();
  return { X, y, n, d };
}

let sk: { versions: Record<string, string>; rows: Record<string, number> } | null = null;
for (const py of ["python3", "/usr/bin/python3"]) {
  try {
    sk = JSON.parse(
      execFileSync(py, [new URL("./sklearn_gp.py", import.meta.url).pathname, sizes.join(",")], {
        env: { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }),
    );
    break;
  } catch {
    /* try the next interpreter */
  }
}
if (!sk) console.log("(no python3 with scikit-learn found: the scikit-learn column is left out)");

console.log(
  `Machine: ${cpus()[0]?.model ?? "?"}, ${cpus().length} cores; Node ${process.version}` +
    (sk ? `; scikit-learn ${sk.versions.sklearn}, numpy ${sk.versions.numpy} (1 thread)` : ""),
);
console.log("\nOne NLL + gradient (all 11 hyperparameters), ms:\n");
console.log("| n | hyperwasm | scikit-learn | speed-up |");
console.log("|---|---|---|---|");
const specs = maternParamSpecs(d);
const ext = Float64Array.from(specs, (s) => (s.name === "mean_mean_value" ? 0 : s.init));
for (const n of sizes) {
  const dt = data(n);
  const g = new Float64Array(specs.length);
  const reps = n <= 500 ? 7 : 3;
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    nllAndGrad(dt, specs, ext, g);
    best = Math.min(best, performance.now() - t);
  }
  const s = sk?.rows[n];
  console.log(
    `| ${n} | ${best.toFixed(2)} | ${s !== undefined ? s.toFixed(2) : "–"} | ${s !== undefined ? `${(s / best).toFixed(1)}×` : "–"} |`,
  );
}

// the ceiling: f64x2 multiply + add throughput of this core, in this run
let peakBytes: Uint8Array<ArrayBuffer> | undefined;
const built = await asc.main(
  ["bench/asm/peak.ts", "-O3", "--runtime", "stub", "--use", "abort=", "--enable", "simd", "-o", "peak.wasm"],
  {
    writeFile: (name: string, contents: string | Uint8Array) => {
      if (name.endsWith(".wasm") && typeof contents !== "string") peakBytes = new Uint8Array(contents);
    },
  },
);
if (built.error || !peakBytes) throw new Error(`bench/asm/peak.ts did not compile: ${built.stderr}`);
const probe = new WebAssembly.Instance(new WebAssembly.Module(peakBytes), {}).exports as {
  mulAddPeak(n: number): number;
  mulAddPeakFlops(n: number): number;
};
let peakMs = Infinity;
for (let r = 0; r < 7; r++) {
  const t = performance.now();
  probe.mulAddPeak(2e7);
  peakMs = Math.min(peakMs, performance.now() - t);
}
const peak = probe.mulAddPeakFlops(2e7) / peakMs / 1e6;

console.log(
  `\nWhere one NLL + gradient goes (Wasm exports timed one by one, best of 3), ms; GFLOP/s and share of this core's f64x2 multiply + add peak (${peak.toFixed(1)} GFLOP/s, measured in this run):\n`,
);
console.log(
  "| n | kernel matrix | Cholesky | inverse from Cholesky | gradient reductions | Cholesky + inverse at the peak |",
);
console.log("|---|---|---|---|---|---|");
for (const n of [1000, 2000]) {
  const ex = wasm(),
    ar = arenaFor(ex),
    mark = ar.mark();
  const dt = data(n);
  const xp = ar.put(dt.X),
    tp = ar.put(new Float64Array(d).fill(1.5));
  const kp = ar.alloc(n * n),
    wp = ar.alloc(n * n),
    work = ar.alloc(n * n + 16 * n),
    scratch = ar.alloc(n * d + n + d),
    out = ar.alloc(d + 1);
  const best = (f: () => void) => {
    let b = Infinity;
    for (let r = 0; r < 3; r++) {
      const t = performance.now();
      f();
      b = Math.min(b, performance.now() - t);
    }
    return b;
  };
  const tK = best(() => ex.maternLower(xp, n, d, tp, 1, 0.01, kp, scratch));
  const tC = best(() => (ex.maternLower(xp, n, d, tp, 1, 0.01, kp, scratch), ex.cholesky(kp, n))) - tK;
  const tI = best(() => ex.inverseFromCholesky(kp, n, wp, work, 0));
  const tG = best(() => ex.maternGradReduce(xp, n, d, tp, 1, wp, out, scratch));
  const gf = (flops: number, ms: number) =>
    `${ms.toFixed(1)} (${(flops / ms / 1e6).toFixed(1)} GFLOP/s, ${((100 * flops) / ms / 1e6 / peak).toFixed(0)} %)`;
  console.log(
    `| ${n} | ${tK.toFixed(1)} | ${gf(n ** 3 / 3, tC)} | ${gf((2 * n ** 3) / 3, tI)} | ${tG.toFixed(1)} | ${(n ** 3 / peak / 1e6).toFixed(0)} |`,
  );
  ar.release(mark);
}

console.log(
  "\nOne bayesopt getConfig with n labeled points (GP fit 2 starts × 50 iterations, 250 candidates, local EI search), ms:\n",
);
console.log("| n | getConfig ms | GP fit alone, ms |");
console.log("|---|---|---|");
const spec: Record<string, ReturnType<typeof real>> = {};
for (let k = 0; k < d; k++) spec[`x${k}`] = real(0, 1);
const space = new SearchSpace(spec);
for (const n of [50, 100, 250, 500]) {
  const make = (opts: object) => {
    const s = new BayesOptSearcher(
      { space, rng: new Rng(1), logger: silentLogger, debugLog: false, scheduler: "fifo" },
      { numInitRandom: 1, ...opts },
    );
    const rng = new Rng(7);
    for (let i = 0; i < n; i++) {
      const c = space.sample(rng);
      const x = Object.values(c) as number[];
      s.update(c, Math.sin(6 * x[0]) + x[1] ** 2 + 0.05 * rng.normal());
    }
    return s;
  };
  const full = make({});
  let t = performance.now();
  full.getConfig();
  const total = performance.now() - t;
  // the fit alone, on the same kind of data
  const dt = data(n);
  t = performance.now();
  fitGP(
    dt,
    specs,
    Float64Array.from(specs, (p) => p.init),
    { nStarts: 2, maxIter: 50, rng: new Rng(3) },
  );
  const fit = performance.now() - t;
  console.log(`| ${n} | ${total.toFixed(0)} | ${fit.toFixed(0)} |`);
}
