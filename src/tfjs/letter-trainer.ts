// The tutorial's run_mlp_openml (algorithms §9.1): mlpTrainer over the letter data with the
// tutorial's search space, reporting the validation accuracy as `objective` as AutoGluon's does.
import type { Trainer } from "../space/args.js";
import { int, real } from "../space/domains.js";
import type { DataSplit } from "../data/split.js";
import { mlpTrainer } from "./mlp-trainer.js";

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
  data: () => DataSplit | Promise<DataSplit>,
  options: { epochs?: number; seed?: number } = {},
): Trainer {
  return mlpTrainer(data, { ...options, space: tutorialSpace, metric: "objective" });
}
