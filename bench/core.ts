// npm run bench:core — scheduler + searcher overhead per trial: FIFO + random in the simulated
// executor with 10,000 one-report trials, against a bare loop that only runs the same trainer
// calls (the reference in the same process), so the difference is what hyperwasm adds.
import { FIFOScheduler, args, int, real, simulated } from "../src/node.js";

const N = Number(process.argv[2] ?? 10000);
const space = { lr: real(1e-6, 1, { log: true }), units: int(16, 128), dropout: real(0, 0.75), bs: int(8, 128) };
const train = args(space, async (cfg, reporter) => {
  await reporter({ epoch: 1, accuracy: 1 / (1 + cfg.dropout), cost: 1 });
});

async function bare(): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < N; i++) {
    await train.fn({ lr: 0.01, units: 20, dropout: 0.5, bs: 16 }, async () => "continue", {
      trialId: i,
      checkpoint: { save: async () => {}, load: async () => undefined },
      signal: new AbortController().signal,
    });
  }
  return performance.now() - t;
}

async function hpo(workers: number): Promise<number> {
  const t = performance.now();
  const s = new FIFOScheduler(train, { numTrials: N, seed: 1, executor: simulated({ workers }), logger: null });
  await s.run();
  await s.joinJobs();
  if (s.trials.size !== N) throw new Error("not all trials ran");
  return performance.now() - t;
}

await hpo(1); // warm-up
const base = await bare();
console.log(`${N} trials, FIFO + random, simulated executor (Node ${process.version})\n`);
console.log("| workers | total ms | µs per trial | bare trainer calls, µs per trial | overhead µs per trial |");
console.log("|---|---|---|---|---|");
for (const w of [1, 4, 16]) {
  const ms = await hpo(w);
  console.log(
    `| ${w} | ${ms.toFixed(0)} | ${((ms * 1000) / N).toFixed(1)} | ${((base * 1000) / N).toFixed(1)} | ${(((ms - base) * 1000) / N).toFixed(1)} |`,
  );
}
