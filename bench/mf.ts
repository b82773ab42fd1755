// npm run bench:mf — multi-fidelity search on problems with crossing learning curves (configs
// that start slow end best; bench/mf-problems.ts), simulated executor with 4 workers and a budget
// in simulated seconds: anytime regret (at maxT) for random + FIFO, random + ASHA, bayesopt + FIFO
// and bayesopt + Hyperband with each resource kernel (stopping, and promotion for matern52),
// median and quartiles over seeds; a table, bench/mf.svg, and the searcher's time per decision as
// the data grow.
// Usage: npm run bench:mf -- [--seeds 10] [--budget 300] [--only lr,bowl] [--methods REGEX] [--report] [--no-cost]
//        [--versus "method A;method B"] (A against B per problem, with permutation p-values: mf-versus.ts)
// (--report runs nothing: it prints what the files hold)
// Each problem's curves are kept per method in bench/mf-results/<slug>-<seeds>x<budget>s.json.
// Without --only, the methods missing from a problem's file run; with --only, the named problems
// run (their --methods, or all) and the others come from their files. So one problem or one
// method can be re-run, or the work shared between processes, and the table and plot still
// cover everything the files hold; --methods also restricts what is reported.
// Observations carry noise (sd ≈ 0.01, a deterministic hash of config and epoch so runs replay):
// real learning curves are noisy, and noise-free data push the GP's noise variance onto its
// lower bound, where fits take ten times the evaluations.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { FIFOScheduler, HyperbandScheduler, simulated, type Trainer } from "../src/node.js";
import { linePlot } from "../src/results/svg.js";
import { MAXT, optimumAtMaxT, problems, trainer } from "./mf-problems.js";
import { costTable } from "./mf-cost.js";
import { quantile } from "./stats.js";
import { mfVersus } from "./mf-versus.js";

const { values: opt } = parseArgs({
  options: {
    seeds: { type: "string", default: "10" },
    budget: { type: "string", default: "300" },
    only: { type: "string" },
    methods: { type: "string" },
    report: { type: "boolean", default: false },
    "no-cost": { type: "boolean", default: false },
    versus: { type: "string" },
  },
});
const SEEDS = Number(opt.seeds);
const BUDGET = Number(opt.budget);
const only = opt.only?.split(",");
if (only)
  for (const o of only)
    if (!problems.some((p) => p.slug === o))
      throw new Error(`--only: no problem "${o}" (the problems are ${problems.map((p) => p.slug).join(", ")})`);
const resultsDir = new URL("./mf-results/", import.meta.url);

type Method = { name: string; make: (t: Trainer, seed: number) => FIFOScheduler };
const base = (seed: number) => ({
  timeOut: BUDGET,
  seed,
  rewardAttr: "accuracy",
  executor: simulated({ workers: 4 }),
  logger: null,
});
// rows with model stopping run before bayesopt's default grace period became 3 (algorithms §5.2) pin it at 1
const g1 = (seed: number) => ({ ...base(seed), gracePeriod: 1 });
// the reference's refit thinning for Hyperband (algorithms §6.4): refit only when more results at maxT
// arrived; otherwise each decision refits on up to 500 points (see the cost table below). These rows
// keep AutoGluon's schedule (refitGrowth 1), as they ran before refitGrowth existed; the
// "library defaults" row is what a user gets without options (refitGrowth 1.25, algorithms §6.5)
const thin = { optSkipNumMaxResource: true, refitGrowth: 1, maxSizeDataForFit: 500 };
const methods: Method[] = [
  { name: "random + FIFO", make: (t, seed) => new FIFOScheduler(t, { ...base(seed) }) },
  { name: "random + ASHA", make: (t, seed) => new HyperbandScheduler(t, { ...base(seed) }) },
  { name: "bayesopt + FIFO", make: (t, seed) => new FIFOScheduler(t, { ...base(seed), searcher: "bayesopt" }) },
  ...["matern52", "matern52-res-warp", "exp-decay-sum", "exp-decay-combined", "exp-decay-delta1"].map(
    (k): Method => ({
      name: `MOBSTER stopping, ${k}`,
      make: (t, seed) =>
        new HyperbandScheduler(t, {
          ...base(seed),
          searcher: "bayesopt",
          searchOptions: { ...thin, gpResourceKernel: k },
          modelStopping: false, // the rung rule alone, as AutoGluon stops
        }),
    }),
  ),
  {
    name: "MOBSTER stopping + model stopping, matern52",
    make: (t, seed) =>
      new HyperbandScheduler(t, { ...g1(seed), searcher: "bayesopt", searchOptions: thin, modelStopping: true }),
  },
  {
    // what `searcher: "bayesopt"` under Hyperband does without options: rungs at 3, 9 and 27
    name: "MOBSTER stopping + model stopping, library defaults",
    make: (t, seed) => new HyperbandScheduler(t, { ...base(seed), searcher: "bayesopt" }),
  },
  {
    // the library defaults until issue 20: a first stop decision after one epoch
    name: "MOBSTER stopping + model stopping, gracePeriod 1",
    make: (t, seed) => new HyperbandScheduler(t, { ...g1(seed), searcher: "bayesopt" }),
  },
  {
    // the edge example's setting: each request stays bounded without threads (docs/edge.md)
    name: "MOBSTER stopping + model stopping, maxSizeDataForModel 100",
    make: (t, seed) =>
      new HyperbandScheduler(t, { ...g1(seed), searcher: "bayesopt", searchOptions: { maxSizeDataForModel: 100 } }),
  },
  {
    // algorithms §6.13: level weights from ranking losses, all brackets
    name: "Hyper-Tune, library defaults",
    make: (t, seed) => new HyperbandScheduler(t, { ...base(seed), searcher: "hypertune" }),
  },
  { name: "kde + FIFO", make: (t, seed) => new FIFOScheduler(t, { ...base(seed), searcher: "kde" }) },
  {
    name: "kde + ASHA stopping (BOHB)",
    make: (t, seed) => new HyperbandScheduler(t, { ...base(seed), searcher: "kde" }),
  },
  {
    name: "MOBSTER promotion, matern52",
    make: (t, seed) =>
      new HyperbandScheduler(t, {
        ...base(seed),
        type: "promotion",
        searcher: "bayesopt",
        searchOptions: thin,
        modelStopping: false,
      }),
  },
  {
    name: "MOBSTER promotion + model stopping, matern52",
    make: (t, seed) =>
      new HyperbandScheduler(t, { ...g1(seed), type: "promotion", searcher: "bayesopt", searchOptions: thin }),
  },
  {
    name: "MOBSTER promotion + model stopping, library defaults",
    make: (t, seed) => new HyperbandScheduler(t, { ...base(seed), type: "promotion", searcher: "bayesopt" }),
  },
  {
    name: "MOBSTER promotion + model stopping, gracePeriod 1",
    make: (t, seed) => new HyperbandScheduler(t, { ...g1(seed), type: "promotion", searcher: "bayesopt" }),
  },
];

const grid = Array.from({ length: 41 }, (_, i) => (BUDGET * i) / 40);
type Saved = {
  problem: string;
  seeds: number;
  budget: number;
  maxT: number;
  qstar: number;
  methods: { name: string; curves: number[][]; wallPerRun: number }[];
};

/** Runs `todo` on problem `pi` and puts each method's curves into `out` (replacing older ones). */
async function runProblem(pi: number, todo: Method[], out: Saved): Promise<void> {
  const p = problems[pi];
  const t = trainer(p);
  for (const m of todo) {
    const curves: number[][] = [];
    const t0 = performance.now();
    for (let seed = 1; seed <= SEEDS; seed++) {
      const s = m.make(t, seed);
      await s.run();
      await s.joinJobs();
      const hits = Object.values(s.trainingHistory)
        .flat()
        .filter((r) => r.epoch === MAXT)
        .map((r) => [r.time_since_start as number, r.accuracy as number, r.true_accuracy as number])
        .sort((a, b) => a[0] - b[0]);
      curves.push(
        grid.map((g) => {
          let best = -Infinity,
            truth = 0;
          for (const [time, acc, tru] of hits) if (time <= g && acc > best) [best, truth] = [acc, tru];
          return out.qstar - truth;
        }),
      );
    }
    out.methods = out.methods.filter((x) => x.name !== m.name);
    out.methods.push({ name: m.name, curves, wallPerRun: (performance.now() - t0) / 1000 / SEEDS });
    console.error(`${p.slug}: ${m.name} done`);
  }
}

mkdirSync(resultsDir, { recursive: true });
const picked = opt.methods ? methods.filter((m) => new RegExp(opt.methods!).test(m.name)) : methods;
if (picked.length === 0)
  throw new Error(`--methods: "${opt.methods}" matches none of ${methods.map((m) => `"${m.name}"`).join(", ")}`);
const readSaved = (file: URL) => (existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Saved) : undefined);
const saved: Saved[] = [];
for (const [pi, p] of problems.entries()) {
  const file = new URL(`${p.slug}-${SEEDS}x${BUDGET}s.json`, resultsDir);
  const cached = readSaved(file);
  const have = new Set(cached?.methods.map((m) => m.name));
  // with --only, the other problems come from their files (several processes can share the work);
  // without it, only the methods missing from a problem's file run
  const todo = opt.report ? [] : only ? (only.includes(p.slug) ? picked : []) : picked.filter((m) => !have.has(m.name));
  const r = cached ?? {
    problem: p.name,
    seeds: SEEDS,
    budget: BUDGET,
    maxT: MAXT,
    qstar: optimumAtMaxT(p),
    methods: [],
  };
  if (todo.length) {
    await runProblem(pi, todo, r);
    // another process may have written other methods of this problem meanwhile: keep them
    for (const m of readSaved(file)?.methods ?? [])
      if (!todo.some((x) => x.name === m.name) && !r.methods.some((x) => x.name === m.name)) r.methods.push(m);
    r.methods.sort((a, b) => methods.findIndex((x) => x.name === a.name) - methods.findIndex((x) => x.name === b.name));
    writeFileSync(file, `${JSON.stringify(r)}\n`);
  } else if (cached) console.error(`${p.slug}: results from ${file.pathname}`);
  r.methods = r.methods.filter((m) => picked.some((x) => x.name === m.name));
  if (r.methods.length === 0) {
    console.error(
      `${p.slug}: no results for ${SEEDS} seeds and budget ${BUDGET} in ${file.pathname}; run with --only ${p.slug}`,
    );
    continue;
  }
  saved.push(r);
}

if (opt.versus) {
  const pair = opt.versus.split(";");
  for (const name of pair)
    if (pair.length !== 2 || !methods.some((m) => m.name === name))
      throw new Error(
        `--versus: expected "A;B" with two method names; got ${JSON.stringify(opt.versus)} (the methods are ${methods.map((m) => m.name).join(", ")})`,
      );
  console.log(mfVersus(saved, pair[0], pair[1]).join("\n"));
  process.exit(0);
}
console.log(
  `Anytime regret at maxT = ${MAXT} (the best noise-free accuracy at maxT minus that of the trial with the best observed final accuracy), ${SEEDS} seeds, 4 simulated workers, budget ${BUDGET} s\n`,
);
console.log(
  "| problem | method | regret at 25 % | at 50 % | at 100 % (median [q1, q3]) | time to ASHA's final regret | wall s per run |",
);
console.log("|---|---|---|---|---|---|---|");
const svgs: string[] = [];
for (const r of saved) {
  const series = [];
  let ashaFinal = NaN;
  for (const m of r.methods) {
    const med = grid.map((_, i) =>
      quantile(
        m.curves.map((c) => c[i]),
        0.5,
      ),
    );
    if (m.name === "random + ASHA") ashaFinal = med[med.length - 1];
    const reach = grid.find((_, i) => med[i] <= ashaFinal);
    const at = (f: number) => med[Math.round(f * 40)];
    const fin = m.curves.map((c) => c[40]);
    console.log(
      `| ${r.problem} | ${m.name} | ${at(0.25).toFixed(4)} | ${at(0.5).toFixed(4)} | ${at(1).toFixed(4)} [${quantile(fin, 0.25).toFixed(4)}, ${quantile(fin, 0.75).toFixed(4)}] | ` +
        `${Number.isNaN(ashaFinal) ? "–" : reach === undefined ? "not reached" : `${reach.toFixed(0)} s (${((100 * reach) / BUDGET).toFixed(0)} %)`} | ${m.wallPerRun.toFixed(2)} |`,
    );
    series.push({ name: m.name, x: grid, y: med.map((v) => Math.max(v, 1e-4)) });
  }
  svgs.push(
    linePlot(series, {
      title: `${r.problem}: median regret`,
      xLabel: "simulated seconds",
      yLabel: "regret at maxT",
      logY: true,
      width: 900,
      height: 360,
    }),
  );
}
writeFileSync(
  new URL("./mf.svg", import.meta.url),
  `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="${360 * svgs.length}">\n` +
    svgs
      .map(
        (s, i) => `<g transform="translate(0 ${i * 360})">${s.replace(/^<svg[^>]*>/, "").replace(/<\/svg>$/, "")}</g>`,
      )
      .join("\n") +
    "\n</svg>\n",
);

console.log("\nwrote bench/mf.svg");
if (!opt["no-cost"]) costTable();
