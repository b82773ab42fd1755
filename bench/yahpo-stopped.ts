// npm run bench:yahpo-stopped -- --task 146212 --seeds 12,15 [--methods REGEX]: did stopping throw
// the winners away? Runs each method and seed as bench:yahpo does, then finishes every trial that
// did not reach epoch 52 with the surrogate (which gives a config's whole curve) and counts, by the
// epoch the trial ended at, those whose accuracy at 52 beats the run's final incumbent (the best
// accuracy at 52 among the trials that got there). Regret is over the run's own trials: (M − a) /
// (M − m) with M the best true value at 52 of any of its trials, m the task's minimum.
import { parseArgs } from "node:util";
import { methods, lcTrainer } from "./yahpo/methods.js";
import { type LcConfig, TASKS, curve, statistics } from "./yahpo/surrogate.js";

const { values: opt } = parseArgs({
  options: {
    task: { type: "string", default: "146212" },
    seeds: { type: "string", default: "1" },
    methods: { type: "string", default: "^MOBSTER stopping \\+ model stopping" },
  },
});
const task = opt.task!;
if (!TASKS.includes(task)) throw new Error(`--task: no task ${task} (the tasks are ${TASKS.join(", ")})`);
const seeds = opt.seeds!.split(",").map(Number);
const picked = methods.filter((m) => new RegExp(opt.methods!).test(m.name));
if (picked.length === 0) throw new Error(`--methods: "${opt.methods}" matches none of the methods`);
const min = statistics()[task].min;

console.log(`Task ${task}: trials stopped early whose accuracy at epoch 52 beats the run's incumbent\n`);
console.log(
  "| method | seed | trials | at 52 | incumbent's regret | best stopped trial's regret | stopped but better (by last epoch) | trials by last epoch |",
);
console.log("|---|---|---|---|---|---|---|---|");
for (const m of picked)
  for (const seed of seeds) {
    const s = m.make(lcTrainer(task), seed);
    await s.run();
    await s.joinJobs();
    const rows: { last: number; final: number }[] = [];
    for (const rec of s.trials.values()) {
      const hist = s.trainingHistory[String(rec.trialId)] ?? [];
      const last = Math.max(0, ...hist.map((r) => r.epoch as number));
      rows.push({ last, final: (await curve(task, rec.config as unknown as LcConfig)).acc[51] });
    }
    const M = Math.max(...rows.map((r) => r.final));
    const regret = (a: number) => ((M - a) / (M - min)).toFixed(4);
    const incumbent = Math.max(...rows.filter((r) => r.last === 52).map((r) => r.final));
    const stopped = rows.filter((r) => r.last < 52);
    const count = (rs: typeof rows) => {
      const by: Record<number, number> = {};
      for (const r of rs) by[r.last] = (by[r.last] ?? 0) + 1;
      return Object.entries(by)
        .map(([e, n]) => `${n} at ${e}`)
        .join(", ");
    };
    const better = stopped.filter((r) => r.final > incumbent);
    console.log(
      `| ${m.name} | ${seed} | ${rows.length} | ${rows.length - stopped.length} | ${regret(incumbent)} | ` +
        `${stopped.length ? regret(Math.max(...stopped.map((r) => r.final))) : "–"} | ${better.length}${better.length ? ` (${count(better)})` : ""} | ${count(rows)} |`,
    );
  }
