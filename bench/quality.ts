// npm run bench:quality — search quality: median regret over 10 seeds after 20/40/60
// evaluations on Branin (2-d), Hartmann-6 and Branin with a categorical shift (3 choices), for
// bayesopt, skopt and random, in the simulated executor (one worker). Writes a table and
// bench/quality.svg.
import { writeFileSync } from "node:fs";
import { FIFOScheduler, args, categorical, real, simulated, type Trainer } from "../src/node.js";
import { linePlot } from "../src/results/svg.js";
import { BRANIN_MIN, HARTMANN6_MIN, braninTrainer, hartmann6 } from "../tests/helpers/trainers.js";

const SEEDS = Number(process.argv[2] ?? 10);
const N = 60;
const branin = (x1: number, x2: number) =>
  (x2 - (5.1 / (4 * Math.PI ** 2)) * x1 ** 2 + (5 / Math.PI) * x1 - 6) ** 2 +
  10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) +
  10;
const shift = { a: 0, b: 2, c: 5 } as const;
const braninCat = args({ x1: real(-5, 10), x2: real(0, 15), c: categorical("b", "c", "a") }, async (cfg, reporter) => {
  await reporter({ epoch: 1, accuracy: -(branin(cfg.x1, cfg.x2) + shift[cfg.c]), cost: 1 });
});
const problems: [string, Trainer, number][] = [
  ["Branin", braninTrainer, BRANIN_MIN],
  ["Hartmann-6", hartmann6, HARTMANN6_MIN],
  ["Branin + categorical", braninCat, BRANIN_MIN],
];
const searchers = ["random", "bayesopt", "skopt"];
const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

console.log(`Median regret over ${SEEDS} seeds (simulated executor, 1 worker; Node ${process.version})\n`);
console.log("| problem | searcher | after 20 | after 40 | after 60 | s per run |");
console.log("|---|---|---|---|---|---|");
const svgs: string[] = [];
for (const [name, trainer, min] of problems) {
  const series = [];
  for (const searcher of searchers) {
    const curves: number[][] = [];
    const t = performance.now();
    for (let seed = 1; seed <= SEEDS; seed++) {
      const s = new FIFOScheduler(trainer, {
        numTrials: N,
        seed,
        searcher,
        executor: simulated(),
        logger: null,
        searchOptions: searcher === "bayesopt" ? { mapReward: "minus_x" } : {},
      });
      await s.run();
      await s.joinJobs();
      let best = Infinity;
      curves.push(
        Array.from({ length: N }, (_, i) => {
          const rows = s.trainingHistory[String(i)];
          if (rows) best = Math.min(best, -(rows[0].accuracy as number) - min);
          return best;
        }),
      );
    }
    const secs = (performance.now() - t) / 1000 / SEEDS;
    const med = Array.from({ length: N }, (_, i) => median(curves.map((c) => c[i])));
    series.push({ name: searcher, x: med.map((_, i) => i + 1), y: med.map((v) => Math.max(v, 1e-6)) });
    console.log(
      `| ${name} | ${searcher} | ${med[19].toPrecision(3)} | ${med[39].toPrecision(3)} | ${med[59].toPrecision(3)} | ${secs.toFixed(2)} |`,
    );
  }
  svgs.push(
    linePlot(series, {
      title: `${name}: median regret over ${SEEDS} seeds`,
      xLabel: "evaluations",
      yLabel: "regret",
      logY: true,
      width: 520,
      height: 320,
    }),
  );
}
// three panels stacked in one file
const H = 320;
writeFileSync(
  new URL("./quality.svg", import.meta.url),
  `<svg xmlns="http://www.w3.org/2000/svg" width="520" height="${H * svgs.length}">\n` +
    svgs
      .map((s, i) => `<g transform="translate(0 ${i * H})">${s.replace(/^<svg[^>]*>/, "").replace(/<\/svg>$/, "")}</g>`)
      .join("\n") +
    "\n</svg>\n",
);
console.log("\nwrote bench/quality.svg");
