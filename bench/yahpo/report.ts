// bench:yahpo's tables and figure from the cached runs. Regret of a run at time T: (M − a)/(M − m),
// a = validation accuracy at epoch 52 of the trial with the best one among those that reached
// epoch 52 by T (the surrogate is deterministic: observed = true), m = the task's min from
// instance_target_statistics.csv and M = the larger of its max and the best value any run of
// any method found (good configs beat the statistics' max). A run with no trial at 52 by T has
// regret 1 (counted in the table). Ranks: per task, methods ordered by median regret over seeds
// (ties share the mean rank), averaged over the tasks where every listed method has runs.
import { writeFileSync } from "node:fs";
import { linePlot } from "../../src/results/svg.js";
import { quantile } from "../stats.js";
import { BUDGET } from "./methods.js";
import { TASKS, statistics } from "./surrogate.js";

export interface Run {
  hits: [number, number][];
  trials: number;
  /** Wall seconds of the run, and of it the seconds spent in the searcher's methods (its compute). */
  wall: number;
  searcher: number;
}
export type TaskFile = Record<string, Record<string, Run>>;

const POINTS = [0.1, 0.25, 0.5, 1];
const GRID = Array.from({ length: 41 }, (_, i) => i / 40);
const q = quantile;

const stats = statistics();

/** The regret of a run at fraction f of the budget, given the task's M (see the header). */
export function regretAt(task: string, run: Run, M: number, f: number): number {
  let best = -Infinity;
  for (const [t, a] of run.hits) if (t <= f * BUDGET && a > best) best = a;
  return best === -Infinity ? 1 : (M - best) / (M - stats[task].min);
}

/** M for a task: the larger of the statistics' max and the best value any cached run found. */
export function taskMax(task: string, f: TaskFile): number {
  const all = Object.values(f).flatMap((byseed) => Object.values(byseed).flatMap((r) => r.hits.map((h) => h[1])));
  return Math.max(stats[task].max, ...all);
}

export function report(files: Record<string, TaskFile>, seeds: number, svgPath: URL, pattern: RegExp | null): void {
  const names = [...new Set(Object.values(files).flatMap((f) => Object.keys(f)))].filter(
    (n) => !pattern || pattern.test(n),
  );
  // per task and method: the median regret over seeds on the grid, and the seeds' final regrets
  const med: Record<string, Record<string, number[]>> = {};
  const finals: Record<string, number[]> = {};
  const finalsOf: Record<string, Record<string, number[]>> = {};
  /** Per task and method, each POINT's regrets over the seeds. */
  const atPoints: Record<string, Record<string, number[][]>> = {};
  const unfinished: Record<string, number> = {};
  for (const task of TASKS) {
    const f = files[task] ?? {};
    const M = taskMax(task, f);
    med[task] = {};
    for (const name of names) {
      const runs = Object.values(f[name] ?? {}).slice(0, seeds);
      if (runs.length === 0) continue;
      med[task][name] = GRID.map((g) =>
        q(
          runs.map((r) => regretAt(task, r, M, g)),
          0.5,
        ),
      );
      finalsOf[task] ??= {};
      finalsOf[task][name] = runs.map((r) => regretAt(task, r, M, 1));
      atPoints[task] ??= {};
      atPoints[task][name] = POINTS.map((p) => runs.map((r) => regretAt(task, r, M, p)));
    }
  }
  // every column compares like with like: only the tasks where each method has runs
  const complete = TASKS.filter((t) => names.every((n) => med[t][n]));
  for (const t of complete)
    for (const n of names) {
      (finals[n] ??= []).push(...finalsOf[t][n]);
      unfinished[n] = (unfinished[n] ?? 0) + finalsOf[t][n].filter((v) => v === 1).length;
    }
  const rankOn = (task: string, gi: number) => {
    const v = names.map((n) => med[task][n][gi]);
    return names.map((_, i) => {
      const below = v.filter((x) => x < v[i]).length,
        equal = v.filter((x) => x === v[i]).length;
      return below + (equal + 1) / 2;
    });
  };
  const meanRank = GRID.map((_, gi) => {
    const sums = names.map(() => 0);
    for (const t of complete) rankOn(t, gi).forEach((r, i) => (sums[i] += r));
    return sums.map((s) => s / Math.max(1, complete.length));
  });
  const runsOf = (n: string) => complete.flatMap((t) => Object.values(files[t]?.[n] ?? {}).slice(0, seeds));
  console.log(
    `YAHPO lcbench, ${complete.length} of 16 tasks with runs of every method below (up to ${seeds} seeds each), 4 simulated workers, ${BUDGET} simulated s per run.\n`,
  );
  console.log(
    "| method | runs on those tasks | mean rank at 10 % | 25 % | 50 % | 100 % | final regret, median [q1, q3] over those runs | runs with no trial at 52 | ASHA's final regret by 50 % (tasks) | searcher s per run |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|");
  const asha = "random + ASHA stopping";
  names.forEach((n, i) => {
    const ranks = POINTS.map((p) => meanRank[Math.round(p * 40)][i].toFixed(2));
    const fin = finals[n] ?? [];
    const reach = complete.filter((t) => med[t][asha] && med[t][n][20] <= med[t][asha][40]).length;
    const runs = runsOf(n);
    const searcher = runs.reduce((a, r) => a + r.searcher, 0) / Math.max(1, runs.length);
    console.log(
      `| ${n} | ${runs.length} | ${ranks.join(" | ")} | ${q(fin, 0.5).toFixed(4)} [${q(fin, 0.25).toFixed(4)}, ${q(fin, 0.75).toFixed(4)}] | ${unfinished[n] ?? 0} | ${med[complete[0]]?.[asha] ? `${reach} of ${complete.length}` : "–"} | ${searcher.toFixed(1)} |`,
    );
  });
  // the regret distribution over all runs on those tasks at each budget point
  console.log(
    `\nRegret over the runs on those tasks, median [q1, q3]:\n\n| method | ${POINTS.map((p) => `${p * 100} %`).join(" | ")} |\n|---|${POINTS.map(() => "---|").join("")}`,
  );
  for (const n of names) {
    const cells = POINTS.map((_, pi) => {
      const v = complete.flatMap((t) => atPoints[t][n][pi]);
      return `${q(v, 0.5).toFixed(4)} [${q(v, 0.25).toFixed(4)}, ${q(v, 0.75).toFixed(4)}]`;
    });
    console.log(`| ${n} | ${cells.join(" | ")} |`);
  }
  console.log(
    `\nFinal median regret per task (over seeds):\n\n| task | ${names.join(" | ")} |\n|---|${names.map(() => "---|").join("")}`,
  );
  for (const t of TASKS) console.log(`| ${t} | ${names.map((n) => med[t][n]?.[40].toFixed(4) ?? "–").join(" | ")} |`);
  writeFileSync(
    svgPath,
    linePlot(
      names.map((n, i) => ({ name: n, x: GRID.map((g) => g * BUDGET), y: meanRank.map((r) => r[i]) })),
      {
        title: `YAHPO lcbench: mean rank over ${complete.length} tasks (lower is better)`,
        xLabel: "simulated seconds",
        yLabel: "mean rank",
        width: 900,
        height: 420,
      },
    ),
  );
}
