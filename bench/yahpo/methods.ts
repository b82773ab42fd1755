// bench:yahpo's methods and the trainer that replays the lcbench surrogate on the simulated
// executor: one epoch of config x on task t costs time(x, t, e) − time(x, t, e − 1) simulated
// seconds (time made non-decreasing first), and the surrogate is asked only for the epochs a trial
// reaches, one call per stretch between rung levels (most ASHA trials end after one epoch).
import { FIFOScheduler, HyperbandScheduler, args, int, real, simulated, type Trainer } from "../../src/node.js";
import { EPOCHS, type LcConfig, epochs } from "./surrogate.js";

export const BUDGET = 7200;
const STRETCHES = [1, 3, 9, 27, EPOCHS];

export const lcSpace = {
  batch_size: int(16, 512, { log: true }),
  learning_rate: real(1e-4, 0.1, { log: true }),
  momentum: real(0.1, 0.99),
  weight_decay: real(1e-5, 0.1),
  num_layers: int(1, 5),
  max_units: int(64, 1024, { log: true }),
  max_dropout: real(0, 1),
};

export function lcTrainer(task: string): Trainer {
  return args({ ...lcSpace, epochs: EPOCHS }, async (cfg, reporter, ctx) => {
    const acc: number[] = [];
    const time: number[] = [];
    const upTo = async (e: number) => {
      if (acc.length >= e) return;
      const last = STRETCHES.find((s) => s >= e)!;
      const got = await epochs(task, cfg as unknown as LcConfig, acc.length + 1, last);
      acc.push(...got.acc);
      for (const t of got.time) time.push(Math.max(t, time.at(-1) ?? 0));
    };
    const start = (ctx.resumeFrom ?? 0) + 1;
    for (let e = start; e <= EPOCHS; e++) {
      await upTo(e);
      const cost = time[e - 1] - (e > 1 ? time[e - 2] : 0);
      await reporter({ epoch: e, accuracy: acc[e - 1], cost });
    }
  });
}

export type Method = { name: string; make: (t: Trainer, seed: number) => FIFOScheduler };
const base = (seed: number) => ({
  timeOut: BUDGET,
  seed,
  rewardAttr: "accuracy",
  executor: simulated({ workers: 4 }),
  logger: null,
});
// rows run before bayesopt's default grace period became 3 (algorithms §5.2) pin it at 1
const g1 = (seed: number) => ({ ...base(seed), gracePeriod: 1 });
// AutoGluon's thinning as these rows were run (before refitGrowth): refitGrowth 1 keeps the cached
// seeds and new ones comparable (algorithms §6.5)
const thin = { optSkipNumMaxResource: true, refitGrowth: 1, maxSizeDataForFit: 500 };
export const methods: Method[] = [
  { name: "random + FIFO", make: (t, s) => new FIFOScheduler(t, base(s)) },
  { name: "random + ASHA stopping", make: (t, s) => new HyperbandScheduler(t, base(s)) },
  { name: "random + ASHA promotion", make: (t, s) => new HyperbandScheduler(t, { ...base(s), type: "promotion" }) },
  { name: "kde + ASHA stopping (BOHB)", make: (t, s) => new HyperbandScheduler(t, { ...base(s), searcher: "kde" }) },
  {
    name: "bayesopt + FIFO",
    make: (t, s) =>
      new FIFOScheduler(t, {
        ...base(s),
        searcher: "bayesopt",
        searchOptions: { refitGrowth: 1, maxSizeDataForFit: 500 },
      }),
  },
  {
    // what `searcher: "bayesopt"` under Hyperband does without options (algorithms §5.2, §6.5):
    // rungs at 3, 9 and 27 epochs
    name: "MOBSTER stopping + model stopping (library defaults)",
    make: (t, s) => new HyperbandScheduler(t, { ...base(s), searcher: "bayesopt" }),
  },
  {
    // the library defaults until issue 20: a first stop decision after one epoch
    name: "MOBSTER stopping + model stopping, gracePeriod 1",
    make: (t, s) => new HyperbandScheduler(t, { ...g1(s), searcher: "bayesopt" }),
  },
  {
    name: "Hyper-Tune (library defaults)",
    make: (t, s) => new HyperbandScheduler(t, { ...base(s), searcher: "hypertune" }),
  },
  {
    name: "MOBSTER stopping + model stopping, AutoGluon refits",
    make: (t, s) => new HyperbandScheduler(t, { ...g1(s), searcher: "bayesopt", searchOptions: thin }),
  },
  {
    // the stopping rule's ablation: the rung's quantile alone decides (algorithms §5.8 off)
    name: "MOBSTER stopping, rung rule (library defaults otherwise)",
    make: (t, s) => new HyperbandScheduler(t, { ...base(s), searcher: "bayesopt", modelStopping: false }),
  },
  {
    // the warped resource kernel (algorithms §6.4) with the library's other defaults
    name: "MOBSTER stopping + model stopping, matern52-res-warp",
    make: (t, s) =>
      new HyperbandScheduler(t, {
        ...g1(s),
        searcher: "bayesopt",
        searchOptions: { gpResourceKernel: "matern52-res-warp" },
      }),
  },
  {
    name: "MOBSTER promotion + model stopping (library defaults)",
    make: (t, s) => new HyperbandScheduler(t, { ...base(s), type: "promotion", searcher: "bayesopt" }),
  },
  {
    name: "MOBSTER promotion + model stopping, gracePeriod 1",
    make: (t, s) => new HyperbandScheduler(t, { ...g1(s), type: "promotion", searcher: "bayesopt" }),
  },
];
