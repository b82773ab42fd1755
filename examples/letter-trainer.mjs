// The tutorial's training function (run_mlp_openml) on the letter data, for hyperwasm:
// search space of SPEC §1.7, epochs = 9, reports after every epoch. Loaded inline, or by
// module URL inside worker threads (each worker loads the data once).
import { args, int, real, Rng } from "hyperwasm";
import { loadLetter } from "hyperwasm/node";
import { MLP, trainEpoch } from "./mlp.mjs";

let data = null;

export const train = args(
  {
    n_units_1: int(16, 128), n_units_2: int(16, 128),
    dropout_1: real(0, 0.75), dropout_2: real(0, 0.75),
    learning_rate: real(1e-6, 1, { log: true }),
    batch_size: int(8, 128),
    scale_1: real(0.001, 10, { log: true }), scale_2: real(0.001, 10, { log: true }),
    epochs: 9,
    seed: 1,
  },
  async (cfg, reporter, { trialId, resumeFrom, checkpoint }) => {
    data ??= loadLetter(cfg.seed);
    const rng = new Rng(cfg.seed * 100003 + trialId);
    const net = new MLP({
      d: data.train.d, h1: cfg.n_units_1, h2: cfg.n_units_2, classes: data.nClasses,
      scale1: cfg.scale_1, scale2: cfg.scale_2, dropout1: cfg.dropout_1, dropout2: cfg.dropout_2,
      lr: cfg.learning_rate, rng,
    });
    let start = 1;
    if (resumeFrom) {
      const saved = await checkpoint.load();
      if (saved) (net.load(saved.net), (start = saved.epoch + 1));
    }
    const t0 = performance.now();
    for (let epoch = start; epoch <= cfg.epochs; epoch++) {
      const ts = performance.now();
      trainEpoch(net, data.train, cfg.batch_size, rng);
      const te = performance.now();
      const objective = net.accuracy(data.valid);
      const now = performance.now();
      await checkpoint.save({ net: net.state(), epoch });
      // let timers and other trials run between epochs (training itself never yields)
      await new Promise((resolve) => setTimeout(resolve, 0));
      await reporter({
        epoch, objective,
        eval_time: (now - te) / 1000, time_step: (now - ts) / 1000, elapsed_time: (now - t0) / 1000,
      });
    }
  },
);

/** Accuracy of a config trained for `epochs` on train, scored on the held-out test set. */
export function scoreOnTest(config, epochs = 9, seed = 1) {
  data ??= loadLetter(seed);
  const rng = new Rng(seed * 100003 + 999999);
  const net = new MLP({
    d: data.train.d, h1: config.n_units_1, h2: config.n_units_2, classes: data.nClasses,
    scale1: config.scale_1, scale2: config.scale_2, dropout1: config.dropout_1, dropout2: config.dropout_2,
    lr: config.learning_rate, rng,
  });
  for (let e = 0; e < epochs; e++) trainEpoch(net, data.train, config.batch_size, rng);
  return net.accuracy(data.test);
}
