// npm run bench:mf — multi-fidelity search on problems with crossing learning curves (configs
// that start slow end best), simulated executor with 4 workers and a budget in simulated
// seconds: anytime regret (at maxT) for random + FIFO, random + ASHA, bayesopt + FIFO and
// bayesopt + Hyperband with each resource kernel (stopping, and promotion for matern52), median
// and quartiles over seeds; a table, bench/mf.svg, and the searcher's time per decision as the
// data grow. Usage: npm run bench:mf -- [seeds=10] [budget=300]
// Observations carry noise (sd ≈ 0.01, a deterministic hash of config and epoch so runs replay):
// real learning curves are noisy, and noise-free data push the GP's noise variance onto its
// lower bound, where fits take ten times the evaluations.
import { writeFileSync } from "node:fs";
import { FIFOScheduler, HyperbandScheduler, Rng, SearchSpace, args, real, silentLogger, simulated, type Trainer } from "../src/node.js";
import { MultiFidelitySearcher } from "../src/searchers/mobster.js";
import { linePlot } from "../src/results/svg.js";

const SEEDS = Number(process.argv[2] ?? 10);
const BUDGET = Number(process.argv[3] ?? 300);
const MAXT = 27;

// Each problem: final quality q(x) ∈ [0, 1] with a known maximum, and a learning speed s(x) that
// is slow where q is high, so early rungs rank configs wrongly.
type Problem = { name: string; dims: number; q: (x: number[]) => number; speed: (x: number[]) => number };
const problems: Problem[] = [
  { name: "bowl, slow optimum", dims: 3, q: (x) => 1 - ((x[0] - 0.8) ** 2 + (x[1] - 0.3) ** 2 + (x[2] - 0.5) ** 2), speed: (x) => 0.05 + 0.5 * (1 - x[0]) ** 2 },
  { name: "two basins", dims: 3, q: (x) => 0.9 * Math.exp(-8 * ((x[0] - 0.2) ** 2 + (x[1] - 0.2) ** 2)) + Math.exp(-8 * ((x[0] - 0.8) ** 2 + (x[1] - 0.7) ** 2)) * (1 - 0.2 * x[2]),
    speed: (x) => (x[0] < 0.5 ? 0.6 : 0.06) },
  { name: "ridge, 5-d", dims: 5, q: (x) => 1 - 0.5 * (x[0] - x[1]) ** 2 - 0.5 * (x[2] - 0.6) ** 2 - 0.3 * (x[3] - 0.4) ** 2 - 0.2 * x[4],
    speed: (x) => 0.04 + 0.4 * x[4] },
];

/** A reproducible N(0, 1)-ish value from a config and an epoch (sum of 4 hashed uniforms, scaled). */
function noise(x: number[], r: number): number {
  let h = 2166136261 ^ r;
  for (const v of x) h = Math.imul(h ^ Math.floor(v * 2 ** 30), 16777619);
  let s = 0;
  for (let k = 0; k < 4; k++) {
    h = Math.imul(h ^ (h >>> 15), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    s += ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
  }
  return (s - 2) * Math.sqrt(3);
}

/** The best noise-free accuracy at maxT: 200,000 random points, then a shrinking pattern search. */
function optimumAtMaxT(p: Problem): number {
  const f = (x: number[]) => p.q(x) * (1 - Math.exp(-p.speed(x) * MAXT));
  const rng = new Rng(7);
  let best = Array.from({ length: p.dims }, () => 0.5), fb = f(best);
  for (let i = 0; i < 200_000; i++) {
    const x = Array.from({ length: p.dims }, () => rng.next());
    const v = f(x);
    if (v > fb) [best, fb] = [x, v];
  }
  for (let h = 0.01; h > 1e-7; h /= 2) {
    for (let moved = true; moved; ) {
      moved = false;
      for (let k = 0; k < p.dims; k++) for (const sgn of [-1, 1]) {
        const x = best.slice();
        x[k] = Math.min(1, Math.max(0, x[k] + sgn * h));
        const v = f(x);
        if (v > fb) [best, fb, moved] = [x, v, true];
      }
    }
  }
  return fb;
}

function trainer(p: Problem): Trainer {
  const spec: Record<string, unknown> = { epochs: MAXT };
  for (let k = 0; k < p.dims; k++) spec[`x${k}`] = real(0, 1);
  return args(spec, async (cfg: Record<string, unknown>, reporter) => {
    const x = Array.from({ length: p.dims }, (_, k) => cfg[`x${k}`] as number);
    const q = p.q(x), s = p.speed(x);
    for (let r = 1; r <= MAXT; r++) {
      const truth = q * (1 - Math.exp(-s * r));
      await reporter({ epoch: r, accuracy: truth + 0.01 * noise(x, r), true_accuracy: truth, cost: 1 });
    }
  });
}

type Method = { name: string; make: (t: Trainer, seed: number) => FIFOScheduler };
const base = (seed: number) => ({ timeOut: BUDGET, seed, rewardAttr: "accuracy", executor: simulated({ workers: 4 }), logger: null });
// the reference's refit thinning for Hyperband (SPEC §6.4): refit only when more results at maxT
// arrived; otherwise each decision refits on up to 500 points (see the cost table below)
const thin = { optSkipNumMaxResource: true };
const methods: Method[] = [
  { name: "random + FIFO", make: (t, seed) => new FIFOScheduler(t, { ...base(seed) }) },
  { name: "random + ASHA", make: (t, seed) => new HyperbandScheduler(t, { ...base(seed) }) },
  { name: "bayesopt + FIFO", make: (t, seed) => new FIFOScheduler(t, { ...base(seed), searcher: "bayesopt" }) },
  ...["matern52", "matern52-res-warp", "exp-decay-sum", "exp-decay-combined", "exp-decay-delta1"].map((k): Method => ({
    name: `MOBSTER stopping, ${k}`, make: (t, seed) => new HyperbandScheduler(t, { ...base(seed), searcher: "bayesopt", searchOptions: { ...thin, gpResourceKernel: k } }),
  })),
  { name: "MOBSTER promotion, matern52", make: (t, seed) => new HyperbandScheduler(t, { ...base(seed), type: "promotion", searcher: "bayesopt", searchOptions: thin }) },
];

const grid = Array.from({ length: 41 }, (_, i) => (BUDGET * i) / 40);
const quart = (v: number[], p: number) => {
  const s = [...v].sort((a, b) => a - b);
  const i = p * (s.length - 1), lo = Math.floor(i);
  return s[lo] + (i - lo) * ((s[Math.ceil(i)] ?? s[lo]) - s[lo]);
};

console.log(`Anytime regret at maxT = ${MAXT} (the best noise-free accuracy at maxT minus that of the trial with the best observed final accuracy), ${SEEDS} seeds, 4 simulated workers, budget ${BUDGET} s\n`);
console.log("| problem | method | regret at 25 % | at 50 % | at 100 % (median [q1, q3]) | time to ASHA's final regret | wall s per run |");
console.log("|---|---|---|---|---|---|---|");
const svgs: string[] = [];
for (const [pi, p] of problems.entries()) {
  const t = trainer(p);
  const qstar = optimumAtMaxT(p);
  const series = [];
  let ashaFinal = NaN;
  for (const m of methods) {
    const curves: number[][] = [];
    const t0 = performance.now();
    for (let seed = 1; seed <= SEEDS; seed++) {
      const s = m.make(t, seed);
      await s.run();
      await s.joinJobs();
      const hits = Object.values(s.trainingHistory).flat().filter((r) => r.epoch === MAXT)
        .map((r) => [r.time_since_start as number, r.accuracy as number, r.true_accuracy as number]).sort((a, b) => a[0] - b[0]);
      curves.push(grid.map((g) => {
        let best = -Infinity, truth = 0;
        for (const [time, acc, tru] of hits) if (time <= g && acc > best) [best, truth] = [acc, tru];
        return qstar - truth;
      }));
    }
    const wall = (performance.now() - t0) / 1000 / SEEDS;
    const med = grid.map((_, i) => quart(curves.map((c) => c[i]), 0.5));
    if (m.name === "random + ASHA") ashaFinal = med[med.length - 1];
    const reach = grid.find((_, i) => med[i] <= ashaFinal);
    const at = (f: number) => med[Math.round(f * 40)];
    const fin = curves.map((c) => c[40]);
    console.log(`| ${p.name} | ${m.name} | ${at(0.25).toFixed(4)} | ${at(0.5).toFixed(4)} | ${at(1).toFixed(4)} [${quart(fin, 0.25).toFixed(4)}, ${quart(fin, 0.75).toFixed(4)}] | ` +
      `${Number.isNaN(ashaFinal) ? "–" : reach === undefined ? "not reached" : `${reach.toFixed(0)} s (${((100 * reach) / BUDGET).toFixed(0)} %)`} | ${wall.toFixed(2)} |`);
    series.push({ name: m.name, x: grid, y: med.map((v) => Math.max(v, 1e-4)) });
  }
  svgs.push(linePlot(series, { title: `${p.name}: median regret`, xLabel: "simulated seconds", yLabel: "regret at maxT", logY: true, width: 900, height: 360 }));
}
writeFileSync(new URL("./mf.svg", import.meta.url), `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="${360 * svgs.length}">\n` +
  svgs.map((s, i) => `<g transform="translate(0 ${i * 360})">${s.replace(/^<svg[^>]*>/, "").replace(/<\/svg>$/, "")}</g>`).join("\n") + "\n</svg>\n");

// the searcher's cost per decision as data grow, with and without refit thinning. Between
// decisions one result arrives, at a rung drawn as ASHA produces them (27 : 9 : 3 : 1 for
// r = 1, 3, 9, 27), so the thinned columns refit as often as they would in a run.
console.log("\nMOBSTER (matern52) getConfig, ms per decision (mean over the decisions after reaching N observations; the model sees at most maxSizeDataForModel = 500):\n");
console.log("| observations N | refit every decision | optSkipPeriod 10 | optSkipNumMaxResource |");
console.log("|---|---|---|---|");
const space = new SearchSpace(Object.fromEntries(Array.from({ length: 3 }, (_, k) => [`x${k}`, real(0, 1)])));
const p0 = problems[0];
const observe = (rng: Rng, r: number) => {
  const c = space.sample(rng);
  const x = [0, 1, 2].map((k) => c[`x${k}`] as number);
  return { c, acc: p0.q(x) * (1 - Math.exp(-p0.speed(x) * r)) + 0.01 * noise(x, r) };
};
const rung = (rng: Rng) => {
  const u = rng.next() * 40;
  return u < 27 ? 1 : u < 36 ? 3 : u < 39 ? 9 : 27;
};
for (const N of [100, 250, 500, 1000]) {
  const cells: string[] = [];
  for (const [opts, reps] of [[{ optSkipInitLength: 0 }, 5], [{ optSkipInitLength: 0, optSkipPeriod: 10 }, 40], [{ optSkipInitLength: 0, optSkipNumMaxResource: true }, 40]] as const) {
    const s = new MultiFidelitySearcher({ space, rng: new Rng(1), logger: silentLogger, debugLog: false, scheduler: "hyperband_stopping", minResource: 1, maxResource: MAXT }, { numInitRandom: 1, ...opts });
    const rng = new Rng(2);
    for (let i = 0; i < N; i++) {
      const r = rung(rng), { c, acc } = observe(rng, r);
      s.update(c, acc, r);
    }
    s.getConfig({ milestone: 1 }); // the first fit on all N
    let total = 0;
    for (let k = 0; k < reps; k++) {
      const r = rung(rng), { c, acc } = observe(rng, r);
      s.update(c, acc, r);
      const t = performance.now();
      s.getConfig({ milestone: 1 });
      total += performance.now() - t;
    }
    cells.push((total / reps).toFixed(0));
  }
  console.log(`| ${N} | ${cells.join(" | ")} |`);
}
console.log("\nwrote bench/mf.svg");
