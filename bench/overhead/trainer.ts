// bench:overhead's trainer: a busy loop of fixed work per epoch (calibrated to about 40 ms on an
// idle core, passed in as `work`), so CPU taken by the searcher slows epochs down as it would slow
// real training; and a learning curve whose configs cross (slow starters can end best).
import { args, real } from "../../src/index.js";

export const space = {
  x0: real(0, 1),
  x1: real(0, 1),
  x2: real(0, 1),
  x3: real(0, 1),
  lr: real(1e-4, 1, { log: true }),
};

/** Iterations of `spin` that take about `ms` milliseconds here. */
export function calibrate(ms: number): number {
  let n = 1e5;
  for (;;) {
    const t = performance.now();
    spin(n);
    const took = performance.now() - t;
    if (took > 200) return Math.round((n * ms) / took);
    n *= 2;
  }
}

/** Kept so that the loop's result is used and the loop cannot be optimized away. */
export let sink = 0;
function spin(n: number): void {
  let a = 1.0001;
  for (let i = 0; i < n; i++) a = a * 1.0000001 + 1e-9;
  sink += a;
}

/** The final accuracy (at epoch 27) lies in [0.5, 0.95]; a high learning rate learns fast, ends worse. */
export function accuracy(c: Record<string, number>, epoch: number): number {
  const q = (c.x0 - 0.7) ** 2 + (c.x1 - 0.2) ** 2 + 0.5 * (c.x2 - 0.5) ** 2 + 0.25 * (c.x3 - 0.4) ** 2;
  const u = Math.log10(c.lr) + 4; // 0..4
  const rate = 0.05 + 0.3 * u;
  const final = 0.95 - 0.45 * Math.min(1, q) - 0.05 * (u - 1.5) ** 2 * 0.3;
  return 0.5 + (final - 0.5) * (1 - Math.exp(-rate * epoch));
}

export async function train(c: Record<string, unknown>, report: (r: Record<string, number>) => Promise<unknown>) {
  for (let e = 1; e <= (c.epochs as number); e++) {
    spin(c.work as number);
    await report({ epoch: e, accuracy: accuracy(c as Record<string, number>, e) });
  }
}

/** The workers run this export with the arguments the main thread sends (its `work` included). */
export default args({ ...space, epochs: 27, work: 0 }, train);
