// The contract every scheduler passes (tests/schedulers.test.ts runs it for each one): seeded
// replay, a resumed run equals the uninterrupted one, the numTrials and timeOut budgets, and
// failing trials that never take the run down. Runs on the simulated executor.
import type { Test } from "uvu";
import * as assert from "uvu/assert";
import { args, int, MemoryStore, real, simulated } from "../../src/index.js";
import type { FIFOScheduler } from "../../src/schedulers/fifo.js";
import type { FIFOOptions } from "../../src/schedulers/options.js";
import type { Trainer } from "../../src/space/args.js";

export interface SchedulerCase {
  name: string;
  make(trainer: Trainer, options: FIFOOptions): FIFOScheduler;
}

/** Learning curves over 9 epochs, a cost of 1 per epoch; configs with x > 0.85 fail in epoch 1. */
export const curves = args({ x: real(0, 1), k: int(1, 3), epochs: 9 }, async (c, reporter, ctx) => {
  const q = 1 - (c.x - 0.4) ** 2 - 0.03 * c.k;
  for (let r = (ctx.resumeFrom ?? 0) + 1; r <= c.epochs; r++) {
    if (c.x > 0.85) throw new Error(`x = ${c.x} is broken`);
    await reporter({ epoch: r, accuracy: q * (1 - Math.exp(-r / (1 + 3 * c.x))), cost: 1 });
  }
});

const base = { rewardAttr: "accuracy", logger: null } as const;

async function run(s: FIFOScheduler): Promise<FIFOScheduler> {
  await s.run();
  await s.joinJobs();
  return s;
}

const fates = (s: FIFOScheduler) => [...s.trials.values()].map((t) => [t.trialId, t.status, t.resumeFrom ?? null]);

export function schedulerContract(test: Test, c: SchedulerCase): void {
  const make = (o: FIFOOptions) => c.make(curves, { ...base, ...o });

  test(`${c.name}: the same seed replays the run (configs, decisions, report rows)`, async () => {
    const o = { numTrials: 14, seed: 3, executor: simulated({ workers: 2 }) };
    const a = await run(make(o));
    const b = await run(make({ ...o, executor: simulated({ workers: 2 }) }));
    assert.equal(b.configHistory, a.configHistory);
    assert.equal(fates(b), fates(a));
    assert.equal(b.trainingHistory, a.trainingHistory);
  });

  test(`${c.name}: a run resumed from its checkpoint equals the uninterrupted run`, async () => {
    const store = new MemoryStore();
    const o = { seed: 5, executor: simulated({ workers: 1 }) };
    await run(make({ ...o, numTrials: 8, checkpoint: store }));
    const resumed = await run(make({ ...o, numTrials: 16, checkpoint: store, resume: true }));
    const whole = await run(make({ ...o, numTrials: 16 }));
    assert.equal(resumed.configHistory, whole.configHistory);
    assert.equal(fates(resumed), fates(whole));
    assert.is(resumed.getBestReward(), whole.getBestReward());
  });

  test(`${c.name}: a state saved while trials run restarts them first, in id order, with their configs`, () => {
    const s = make({ numTrials: 10, seed: 6 });
    const started = [s.suggest()!, s.suggest()!, s.suggest()!, s.suggest()!];
    assert.equal(
      started.map((t) => t.trialId),
      [0, 1, 2, 3],
    );
    s.onReport(1, { epoch: 1, accuracy: 0.5 });
    s.onEnded(1); // trial 1 ends; 0, 2 and 3 are still running when the state is saved
    s.onError(3, { name: "Error", message: "lost" });
    const state = JSON.parse(JSON.stringify(s.state()));
    const r = make({ numTrials: 10, seed: 99 });
    r.restore(state);
    const again = [r.suggest()!, r.suggest()!];
    assert.equal(
      again.map((t) => [t.trialId, t.config]),
      [started[0], started[2]].map((t) => [t.trialId, t.config]),
    );
    assert.equal(r.trials.get(1)!.status, s.trials.get(1)!.status);
    assert.is(r.trials.get(3)!.status, "failed");
    assert.is(r.suggest()!.trialId, 4, "then new trials continue the ids");
  });

  test(`${c.name}: numTrials starts exactly that many trials, and every one ends`, async () => {
    const s = await run(make({ numTrials: 11, seed: 1, executor: simulated({ workers: 3 }) }));
    assert.equal(
      [...s.trials.keys()].sort((a, b) => a - b),
      [...Array(11).keys()],
    );
    for (const t of s.trials.values()) assert.is.not(t.status, "running");
  });

  test(`${c.name}: timeOut is a budget on the executor's clock`, async () => {
    const s = await run(make({ timeOut: 30, seed: 2, executor: simulated({ workers: 2 }) }));
    assert.ok(s.trials.size >= 4, `${s.trials.size} trials`);
    for (const t of s.trials.values()) {
      assert.ok(t.startedAt < 30, `trial ${t.trialId} started at ${t.startedAt}`);
      // a running trial is stopped at its first report after the budget (one epoch costs 1 s)
      assert.ok(t.endedAt! <= 31, `trial ${t.trialId} ended at ${t.endedAt}`);
    }
  });

  test(`${c.name}: failing trials are recorded, never the best, and the run goes on`, async () => {
    const s = await run(make({ numTrials: 24, seed: 4, executor: simulated({ workers: 2 }) }));
    const failed = [...s.trials.values()].filter((t) => t.status === "failed");
    assert.ok(failed.length > 0, "some configs have x > 0.85");
    for (const t of failed) {
      assert.ok((t.config.x as number) > 0.85);
      assert.is(t.error!.message, `x = ${t.config.x} is broken`);
    }
    assert.ok((s.getBestConfig()!.x as number) <= 0.85);
    assert.ok(s.trials.size === 24 && [...s.trials.values()].every((t) => t.status !== "running"));
  });
}
