// npm run bench:yahpo — search quality on YAHPO Gym's lcbench surrogate (bench/yahpo/README.md):
// 16 OpenML tasks, 4 simulated workers, 7,200 simulated seconds per run, each method and seed.
// Usage: npm run bench:yahpo -- [--seeds 10] [--tasks 3945,34539] [--methods REGEX] [--report]
//        [--versus "method A;method B"] (A against B per task, with permutation p-values: versus.ts)
// Each run is cached in bench/yahpo-results/<task>/<method>.json under its seed, so an
// interrupted run continues and one method can be re-run (delete its entries, or --rerun).
// The table and figure (bench/yahpo.svg) come from whatever the files hold (bench/yahpo/report.ts).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { methods, lcTrainer } from "./yahpo/methods.js";
import { TASKS } from "./yahpo/surrogate.js";
import { report, type Run, type TaskFile } from "./yahpo/report.js";
import { OPTUNA_METHODS, optunaRuns } from "./yahpo/optuna.js";
import { versus } from "./yahpo/versus.js";

const { values: opt } = parseArgs({
  options: {
    seeds: { type: "string", default: "10" },
    tasks: { type: "string" },
    methods: { type: "string" },
    report: { type: "boolean", default: false },
    rerun: { type: "boolean", default: false },
    versus: { type: "string" },
  },
});
const SEEDS = Number(opt.seeds);
const tasks = opt.tasks ? opt.tasks.split(",") : TASKS;
for (const t of tasks)
  if (!TASKS.includes(t)) throw new Error(`--tasks: no task ${t} (the tasks are ${TASKS.join(", ")})`);
const pattern = opt.methods ? new RegExp(opt.methods) : null;
const dir = new URL("./yahpo-results/", import.meta.url);
mkdirSync(dir, { recursive: true });
// one file per task and method, so processes running different methods never write the same file
const slug = (name: string) => name.replace(/[^a-z0-9]+/gi, "-").toLowerCase();
const fileOf = (task: string, name: string) => new URL(`${task}/${slug(name)}.json`, dir);
const loadRuns = (task: string, name: string): Record<string, Run> =>
  existsSync(fileOf(task, name)) ? JSON.parse(readFileSync(fileOf(task, name), "utf8")) : {};
const load = (task: string): TaskFile => {
  const out: TaskFile = {};
  for (const name of [...methods.map((m) => m.name), ...OPTUNA_METHODS]) {
    const runs = loadRuns(task, name);
    if (Object.keys(runs).length) out[name] = runs;
  }
  return out;
};
/** Rounded for the committed files: times to 0.01 s, accuracies to 1e-7 (regrets are ~1e-4 and up). */
const compact = (r: Run): Run => ({
  hits: r.hits.map(([t, a]) => [Math.round(t * 100) / 100, Math.round(a * 1e7) / 1e7]),
  trials: r.trials,
  wall: Math.round(r.wall * 100) / 100,
  searcher: Math.round(r.searcher * 100) / 100,
});
const store = (task: string, name: string, seed: number, run: Run) => {
  mkdirSync(new URL(`${task}/`, dir), { recursive: true });
  const runs = loadRuns(task, name);
  runs[seed] = compact(run);
  writeFileSync(fileOf(task, name), `${JSON.stringify(runs)}\n`);
};

/** Wraps the searcher's methods to add up the real seconds spent in them (its compute time). */
function timeSearcher(searcher: Record<string, unknown>): { seconds: number } {
  const total = { seconds: 0 };
  for (const k of ["getConfig", "update", "registerPending", "evaluationFailed", "dropPending", "predictAtMaxT"]) {
    const f = searcher[k];
    if (typeof f !== "function") continue;
    searcher[k] = (...a: unknown[]) => {
      const t0 = performance.now();
      try {
        return f.apply(searcher, a);
      } finally {
        total.seconds += (performance.now() - t0) / 1000;
      }
    };
  }
  return total;
}

if (!opt.report) {
  const ours = methods.filter((m) => !pattern || pattern.test(m.name));
  for (const task of tasks) {
    const trainer = lcTrainer(task);
    for (const m of ours)
      for (let seed = 1; seed <= SEEDS; seed++) {
        if (!opt.rerun && loadRuns(task, m.name)[seed]) continue;
        const t0 = performance.now();
        const s = m.make(trainer, seed);
        const searcherTime = timeSearcher(s.searcher as unknown as Record<string, unknown>);
        await s.run();
        await s.joinJobs();
        const wall = (performance.now() - t0) / 1000;
        // every trial that reached epoch 52: (simulated time of that report, its val accuracy)
        const hits = Object.values(s.trainingHistory)
          .flat()
          .filter((r) => r.epoch === 52)
          .map((r) => [r.time_since_start as number, r.accuracy as number] as [number, number])
          .sort((a, b) => a[0] - b[0]);
        store(task, m.name, seed, { hits, trials: s.trials.size, wall, searcher: searcherTime.seconds });
        console.error(
          `${task} ${m.name} seed ${seed}: ${s.trials.size} trials, ${hits.length} at 52, ${wall.toFixed(1)} s`,
        );
      }
    for (const [name, seed, run] of await optunaRuns(
      task,
      SEEDS,
      pattern,
      (n, sd) => Boolean(loadRuns(task, n)[sd]) && !opt.rerun,
    ))
      store(task, name, seed, run);
  }
}
// --methods also picks what the report compares (the ranks are over the tasks where all of them ran)
const files = Object.fromEntries(TASKS.map((t) => [t, load(t)]));
if (opt.versus) {
  const pair = opt.versus.split(";");
  const known = [...methods.map((m) => m.name), ...OPTUNA_METHODS];
  for (const name of pair)
    if (pair.length !== 2 || !known.includes(name))
      throw new Error(
        `--versus: expected "A;B" with two method names; got ${JSON.stringify(opt.versus)} (the methods are ${known.join(", ")})`,
      );
  versus(files, pair[0], pair[1], SEEDS);
} else report(files, SEEDS, new URL("./yahpo.svg", import.meta.url), pattern);
