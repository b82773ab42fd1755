// `npm run bench:mf -- --report --versus "A;B"`: method A against method B on each problem, at
// 25, 50 and 100 % of the budget: each side's median regret over its seeds, P(A < B) (the share
// of seed pairs A wins, ties half) and a seeded two-sided permutation p-value (bench/stats.ts).
import { Rng } from "../src/random.js";
import { pairShare, permutationP, quantile } from "./stats.js";

export interface ProblemCurves {
  problem: string;
  /** Per method, each seed's regret on a grid of 41 points over the budget. */
  methods: { name: string; curves: number[][] }[];
}

const POINTS = [0.25, 0.5, 1];

/** The printout's rows, one per problem where both methods ran (throws on an unknown name). */
export function mfVersus(saved: readonly ProblemCurves[], a: string, b: string): string[] {
  const rng = new Rng(1);
  const rows: string[] = [];
  for (const r of saved) {
    const A = r.methods.find((m) => m.name === a),
      B = r.methods.find((m) => m.name === b);
    if (!A || !B) continue;
    const cells = POINTS.map((p) => {
      const i = Math.round(p * (A.curves[0].length - 1));
      const va = A.curves.map((c) => c[i]),
        vb = B.curves.map((c) => c[i]);
      const pv = permutationP(va, vb, rng);
      return `${quantile(va, 0.5).toFixed(4)} / ${quantile(vb, 0.5).toFixed(4)}, ${pairShare(va, vb).toFixed(2)}, p ${pv.toFixed(3)}`;
    });
    rows.push(`| ${r.problem} (${A.curves.length} / ${B.curves.length} seeds) | ${cells.join(" | ")} |`);
  }
  if (rows.length === 0) throw new Error(`--versus: no problem has results for both "${a}" and "${b}"`);
  return [
    `${a} (A) against ${b} (B): median regret A / B, P(A < B), permutation p.`,
    "",
    `| problem | ${POINTS.map((p) => `${p * 100} %`).join(" | ")} |`,
    `|---|${POINTS.map(() => "---|").join("")}`,
    ...rows,
  ];
}
