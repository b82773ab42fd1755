// Trainers the distributed tests' worker processes load by module path. Each report carries the
// worker's pid, so a test knows which process ran which epoch.
import { args, real } from "../../src/index.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function curve(
  cfg: { x: number; epochs: number; ms: number },
  reporter: (r: Record<string, unknown>) => Promise<unknown>,
  ctx: { resumeFrom?: number; checkpoint: { load<T>(): Promise<T | undefined>; save(s: unknown): Promise<void> } },
) {
  const saved = ctx.resumeFrom ? await ctx.checkpoint.load<{ epoch: number; weights: Float64Array }>() : undefined;
  if (ctx.resumeFrom && !(saved?.weights instanceof Float64Array))
    throw new Error(`no checkpoint to resume from at ${ctx.resumeFrom}`);
  for (let e = (saved?.epoch ?? 0) + 1; e <= cfg.epochs; e++) {
    await sleep(cfg.ms);
    await ctx.checkpoint.save({ epoch: e, weights: new Float64Array([cfg.x, e]) });
    await reporter({
      epoch: e,
      accuracy: cfg.x * (1 - Math.exp(-e / 3)),
      pid: process.pid,
      resumed: saved ? saved.epoch : 0,
    });
  }
}

/** 9 epochs of ~2 ms. */
export const fast = args({ x: real(0, 1), epochs: 9, ms: 2 }, curve);
/** 6 epochs of 150 ms: long enough to kill things mid-trial. */
export const slow = args({ x: real(0, 1), epochs: 6, ms: 150 }, curve);
/** Another search space: a worker started with it must refuse the other trainers' jobs. */
export const other = args({ y: real(0, 1), epochs: 3 }, async (cfg, reporter) => {
  await reporter({ epoch: 1, accuracy: cfg.y });
});
/**
 * No work, three reports (bench:distributed): reports 2 and 3 carry the round trip of the
 * previous report → decision handshake, timed by the trainer itself.
 */
export const noop = args({ x: real(0, 1), epochs: 3 }, async (cfg, reporter) => {
  let rtt = -1;
  for (let e = 1; e <= cfg.epochs; e++) {
    const t = performance.now();
    await reporter({ epoch: e, accuracy: cfg.x, rtt_ms: rtt });
    rtt = performance.now() - t;
  }
});
