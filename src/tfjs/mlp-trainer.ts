// A trainer for your own tabular classification data: the tutorial's two-layer MLP (algorithms
// §9.1) over any `DataSplit` (splitData, loadLetter). It reports after each epoch the validation
// accuracy under `metric` ("accuracy" by default: the schedulers' default rewardAttr, so the two
// agree without options) with epoch, eval_time, time_step and elapsed_time, and saves a checkpoint
// (weights + Adam state) so promotion-type Hyperband resumes a paused config instead of retraining.
import { ConfigError } from "../errors.js";
import { Rng } from "../random.js";
import { args, type Trainer } from "../space/args.js";
import { type Domain, int, real } from "../space/domains.js";
import type { DataSplit } from "../data/split.js";
import { type MlpConfig, type MlpState, TfMlp, useWasmBackend } from "./mlp.js";

/** The default search space: widths and batch sizes on a log scale, as their effect is relative. */
export const mlpSpace = {
  n_units_1: int(16, 256, { log: true }),
  n_units_2: int(16, 256, { log: true }),
  dropout_1: real(0, 0.5),
  dropout_2: real(0, 0.5),
  learning_rate: real(1e-5, 1e-1, { log: true }),
  batch_size: int(16, 256, { log: true }),
  scale_1: real(0.01, 1, { log: true }),
  scale_2: real(0.01, 1, { log: true }),
};

export type MlpSpace = { [K in keyof MlpConfig]: Domain | number };

export interface MlpTrainerOptions {
  /** Epochs per trial: Hyperband's maxT (default 9). */
  epochs?: number;
  /** Seeds weight initialisation, dropout and shuffles, with the trial id (default 1). */
  seed?: number;
  /** The search space (default `mlpSpace`); every MlpConfig key, each a domain or a fixed value. */
  space?: MlpSpace;
  /** The name the validation accuracy is reported under (default "accuracy"). */
  metric?: string;
}

/**
 * `data` is the split itself or a function that returns it (called once per process: in worker
 * threads each worker loads its own copy the first time a trial runs there).
 */
export function mlpTrainer(
  data: DataSplit | (() => DataSplit | Promise<DataSplit>),
  options: MlpTrainerOptions = {},
): Trainer {
  const space = options.space ?? mlpSpace;
  const missing = Object.keys(mlpSpace).filter((k) => !(k in space));
  if (missing.length)
    throw new ConfigError(
      `The space given to mlpTrainer has no ${missing.join(", ")}, but it must set every MLP setting`,
    );
  const metric = options.metric ?? "accuracy";
  let split: DataSplit | null = typeof data === "function" ? null : data;
  return args({ ...space, epochs: options.epochs ?? 9, seed: options.seed ?? 1 }, async (cfg, reporter, ctx) => {
    await useWasmBackend();
    split ??= await (data as () => DataSplit | Promise<DataSplit>)();
    const rng = new Rng(Number(cfg.seed) * 100003 + ctx.trialId);
    const net = new TfMlp(split.train.d, split.nClasses, cfg as unknown as MlpConfig, rng);
    let start = 1;
    if (ctx.resumeFrom) {
      const saved = await ctx.checkpoint.load<MlpState>();
      if (saved) {
        await net.load(saved);
        start = saved.epoch + 1;
      }
    }
    const t0 = performance.now();
    for (let epoch = start; epoch <= Number(cfg.epochs); epoch++) {
      const ts = performance.now();
      net.trainEpoch(split.train, rng);
      const te = performance.now();
      const accuracy = net.accuracy(split.valid);
      const now = performance.now();
      await ctx.checkpoint.save(await net.state(epoch));
      await new Promise((r) => setTimeout(r, 0)); // let timers and other trials run
      await reporter({
        epoch,
        [metric]: accuracy,
        eval_time: (now - te) / 1000,
        time_step: (now - ts) / 1000,
        elapsed_time: (now - t0) / 1000,
      });
    }
  });
}
