// Trainers that tests load by module URL (worker threads and child processes import them).
import { args, int, real } from "../../src/index.js";

/** Cheap objective: reward peaks at x = 0.3; k = 5 always throws. */
export const quadratic = args({ x: real(0, 1), k: int(1, 5), epochs: 3 }, async (cfg, reporter) => {
  if (cfg.k === 5) throw new Error("k = 5 is broken");
  for (let e = 1; e <= cfg.epochs; e++) {
    await reporter({ epoch: e, accuracy: 1 - (cfg.x - 0.3) ** 2 - (0.01 * cfg.k) / e, cost: 1 });
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

const branin = (x1: number, x2: number) =>
  (x2 - (5.1 / (4 * Math.PI ** 2)) * x1 ** 2 + (5 / Math.PI) * x1 - 6) ** 2 +
  10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) +
  10;
/** Branin (minimum 0.397887) as a reward to maximize. */
export const braninTrainer = args({ x1: real(-5, 10), x2: real(0, 15) }, async (c, reporter) => {
  await reporter({ epoch: 1, accuracy: -branin(c.x1, c.x2), cost: 1 });
});
export const BRANIN_MIN = 0.397887;

const H6A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const H6P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
];
const H6alpha = [1, 1.2, 3, 3.2];
/** Hartmann-6 (minimum −3.32237) as a reward to maximize. */
export const hartmann6 = args(
  { x0: real(0, 1), x1: real(0, 1), x2: real(0, 1), x3: real(0, 1), x4: real(0, 1), x5: real(0, 1) },
  async (c, reporter) => {
    const x = [c.x0, c.x1, c.x2, c.x3, c.x4, c.x5];
    const f = -H6alpha.reduce(
      (s, a, i) => s + a * Math.exp(-H6A[i].reduce((t, aij, j) => t + aij * (x[j] - H6P[i][j] * 1e-4) ** 2, 0)),
      0,
    );
    await reporter({ epoch: 1, accuracy: -f, cost: 1 });
  },
);
export const HARTMANN6_MIN = -3.32237;

/** Never reports when k = 1 (a hung trainer); reports once otherwise. */
export const hangsAtK1 = args({ x: real(0, 1), k: int(1, 3), epochs: 1 }, async (cfg, reporter) => {
  if (cfg.k === 1) await new Promise(() => {});
  await reporter({ epoch: 1, accuracy: cfg.x, cost: 1 });
});
