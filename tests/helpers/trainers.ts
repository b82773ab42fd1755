// Trainers that tests load by module URL (worker threads and child processes import them).
import { args, int, real } from "../../src/index.js";

/** Cheap objective: reward peaks at x = 0.3; k = 5 always throws. */
export const quadratic = args({ x: real(0, 1), k: int(1, 5), epochs: 3 }, async (cfg, reporter) => {
  if (cfg.k === 5) throw new Error("k = 5 is broken");
  for (let e = 1; e <= cfg.epochs; e++) {
    await reporter({ epoch: e, accuracy: 1 - (cfg.x - 0.3) ** 2 - 0.01 * cfg.k / e, cost: 1 });
  }
});

/** Kills its own worker thread when x > 0.9 (process.exit in a worker ends only that thread). */
export const crashing = args({ x: real(0, 1), epochs: 2 }, async (cfg, reporter) => {
  await reporter({ epoch: 1, accuracy: cfg.x, cost: 1 });
  if (cfg.x > 0.7) process.exit(3);
  await reporter({ epoch: 2, accuracy: cfg.x, cost: 1 });
});

/** Takes real time: 3 epochs of `ms` milliseconds each. */
export const slow = args({ x: real(0, 1), epochs: 3, ms: 30 }, async (cfg, reporter) => {
  for (let e = 1; e <= cfg.epochs; e++) {
    await new Promise((r) => setTimeout(r, cfg.ms));
    await reporter({ epoch: e, accuracy: 1 - Math.abs(cfg.x - 0.3) });
  }
});

/** Learning curves acc = x·(1 − e^{−r/3}) that resume from their checkpoint; 5 ms per epoch. */
export const resumable = args({ x: real(0, 1), epochs: 9 }, async (cfg, reporter, ctx) => {
  const saved = ctx.resumeFrom ? await ctx.checkpoint.load<{ epoch: number }>() : undefined;
  for (let r = (saved?.epoch ?? 0) + 1; r <= cfg.epochs; r++) {
    await new Promise((res) => setTimeout(res, 5));
    await ctx.checkpoint.save({ epoch: r });
    await reporter({ epoch: r, accuracy: cfg.x * (1 - Math.exp(-r / 3)), cost: 1 });
  }
});
