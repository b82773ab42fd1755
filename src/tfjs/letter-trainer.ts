// The tutorial's run_mlp_openml (algorithms §9.1) as a hyperwasm trainer: reports epoch, objective
// (validation accuracy), eval_time, time_step and elapsed_time after each epoch, and saves a
// checkpoint (weights + Adam state) so promotion-type Hyperband resumes instead of retraining.
import { args, type Trainer } from "../space/args.js";
import { int, real } from "../space/domains.js";
import { Rng } from "../random.js";
import type { LetterSplit } from "../data/letter.js";
import { TfMlp, type MlpState, useWasmBackend } from "./mlp.js";

/** algorithms §1.7: the tutorial's search space. */
export const tutorialSpace = {
  n_units_1: int(16, 128),
  n_units_2: int(16, 128),
  dropout_1: real(0, 0.75),
  dropout_2: real(0, 0.75),
  learning_rate: real(1e-6, 1, { log: true }),
  batch_size: int(8, 128),
  scale_1: real(0.001, 10, { log: true }),
  scale_2: real(0.001, 10, { log: true }),
};

/**
 * A trainer over `data()`, called once per process (e.g. loadLetter from hyperwasm/node; in a
 * Web Worker, a fetch of letter.csv through splitLetter).
 */
export function letterTrainer(
  data: () => LetterSplit | Promise<LetterSplit>,
  options: { epochs?: number; seed?: number } = {},
): Trainer {
  let split: LetterSplit | null = null;
  return args(
    { ...tutorialSpace, epochs: options.epochs ?? 9, seed: options.seed ?? 1 },
    async (cfg, reporter, ctx) => {
      await useWasmBackend();
      split ??= await data();
      const rng = new Rng(cfg.seed * 100003 + ctx.trialId);
      const net = new TfMlp(split.train.d, split.nClasses, cfg, rng);
      try {
        let start = 1;
        if (ctx.resumeFrom) {
          const saved = await ctx.checkpoint.load<MlpState>();
          if (saved) {
            await net.load(saved);
            start = saved.epoch + 1;
          }
        }
        const t0 = performance.now();
        for (let epoch = start; epoch <= cfg.epochs; epoch++) {
          const ts = performance.now();
          net.trainEpoch(split.train, rng);
          const te = performance.now();
          const objective = net.accuracy(split.valid);
          const now = performance.now();
          await ctx.checkpoint.save(await net.state(epoch));
          await new Promise((r) => setTimeout(r, 0)); // let timers and other trials run
          await reporter({
            epoch,
            objective,
            eval_time: (now - te) / 1000,
            time_step: (now - ts) / 1000,
            elapsed_time: (now - t0) / 1000,
          });
        }
      } finally {
        net.dispose();
      }
    },
  );
}
