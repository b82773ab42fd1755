// `npm run bench:yahpo -- --report --versus "A;B"`: method A against method B task by task, with
// how far apart they are beside the medians. Per task and budget point: each side's median
// regret over its seeds, P(A < B) (the share of seed pairs in which A's regret is lower, ties
// half), and a two-sided permutation p-value for that share (10,000 relabellings, seeded, so the
// printout is reproducible). With 10 seeds a side, p < 0.05 needs P(A < B) below about 0.27 or
// above 0.73: medians that differ with a p well above that are within the run-to-run spread.
import { Rng } from "../../src/random.js";
import { pairShare, permutationP, quantile } from "../stats.js";
import { type Run, type TaskFile, regretAt, taskMax } from "./report.js";
import { TASKS } from "./surrogate.js";

const median = (v: number[]) => quantile(v, 0.5);

export function versus(files: Record<string, TaskFile>, a: string, b: string, seeds: number): void {
  const rng = new Rng(1);
  const points = [0.25, 0.5, 1];
  console.log(`\n${a} (A) against ${b} (B), per task: median regret A / B, P(A < B), permutation p.\n`);
  console.log(`| task | ${points.map((p) => `${p * 100} %`).join(" | ")} |\n|---|${points.map(() => "---|").join("")}`);
  let ahead = 0,
    behindSignificant = 0,
    compared = 0;
  for (const task of TASKS) {
    const f = files[task] ?? {};
    const runsA: Run[] = Object.values(f[a] ?? {}).slice(0, seeds);
    const runsB: Run[] = Object.values(f[b] ?? {}).slice(0, seeds);
    if (!runsA.length || !runsB.length) continue;
    compared++;
    const M = taskMax(task, f);
    const cells = points.map((p) => {
      const A = runsA.map((r) => regretAt(task, r, M, p));
      const B = runsB.map((r) => regretAt(task, r, M, p));
      const share = pairShare(A, B);
      const pv = permutationP(A, B, rng);
      if (p === 1) {
        if (median(A) <= median(B)) ahead++;
        else if (pv < 0.05) behindSignificant++;
      }
      return `${median(A).toFixed(4)} / ${median(B).toFixed(4)}, ${share.toFixed(2)}, p ${pv.toFixed(3)}`;
    });
    console.log(`| ${task} (${runsA.length} / ${runsB.length} seeds) | ${cells.join(" | ")} |`);
  }
  console.log(
    `\nAt 100 %: A's median is no worse on ${ahead} of ${compared} tasks; behind with p < 0.05 on ${behindSignificant}.`,
  );
}
