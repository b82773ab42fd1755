// Checkpoints that cannot be lost or mixed up (algorithms §4.5): a saved run is never replaced
// silently, a state from another experiment is refused with the difference named, a bad state
// or file is a ConfigError that names it and leaves the scheduler as it was, and a resumed run
// continues its clock and budget.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import {
  ConfigError,
  FIFOScheduler,
  type FIFOOptions,
  HyperbandScheduler,
  MemoryStore,
  args,
  fileStore,
  int,
  real,
  simulated,
} from "../src/node.js";
import { rejectsExactly, throwsExactly } from "./helpers/index.js";
import { quadratic } from "./helpers/trainers.js";

const test = suite("checkpoints");
const quiet = { logger: null, executor: simulated() } as const;
const fifo = (o: FIFOOptions = {}) => new FIFOScheduler(quadratic, { numTrials: 6, seed: 1, ...quiet, ...o });

async function run(s: FIFOScheduler): Promise<FIFOScheduler> {
  await s.run();
  await s.joinJobs();
  return s;
}

function withDir(body: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), "hyperwasm-ckpt-"));
    try {
      await body(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test(
  "a new run refuses a checkpoint file that holds a saved run; overwrite: true replaces it",
  withDir(async (dir) => {
    const path = join(dir, "c.json");
    await run(fifo({ checkpoint: fileStore(path) }));
    const saved = readFileSync(path, "utf8");
    await rejectsExactly(
      () => fifo({ numTrials: 2, checkpoint: fileStore(path) }).run(),
      ConfigError,
      `The value of checkpoint is ${JSON.stringify(path)}, which holds a saved run with 6 finished trials, but it must be empty for a new run: pass resume: true to continue that run, or overwrite: true (or another checkpoint) to start a new one`,
    );
    assert.is(readFileSync(path, "utf8"), saved, "the saved run is untouched");
    await run(fifo({ numTrials: 2, checkpoint: fileStore(path), overwrite: true }));
    assert.is(JSON.parse(readFileSync(path, "utf8")).trials.length, 2);
  }),
);

test("a state saved over another search space or by another scheduler is refused, naming the difference", async () => {
  const other = args({ lr: real(1e-4, 1, { log: true }), units: int(8, 64), epochs: 3 }, async (c, reporter) => {
    await reporter({ epoch: 1, accuracy: c.units / 64, cost: 1 });
  });
  const store = new MemoryStore();
  await run(new FIFOScheduler(other, { numTrials: 3, seed: 1, ...quiet, checkpoint: store }));
  const state = JSON.parse(store.data!);
  const s = fifo();
  throwsExactly(
    () => s.restore(state),
    ConfigError,
    "The value of state.fingerprint.space is a space of lr, units, but it must be this scheduler's space of k, x (the state was saved by a run over another space)",
  );
  assert.is(s.getBestConfig(), undefined, "nothing of the other run leaked in");
  const narrower = new FIFOScheduler(args({ x: real(0, 1), k: int(1, 4), epochs: 3 }, quadratic.fn), {
    numTrials: 2,
    ...quiet,
  });
  const quadState = (await run(fifo({ numTrials: 2 }))).state();
  throwsExactly(
    () => narrower.restore(quadState),
    ConfigError,
    'The value of state.fingerprint.space is a space where k is {"kind":"int","lower":1,"upper":5}, but it must be this scheduler\'s space, where k is {"kind":"int","lower":1,"upper":4} (the state was saved by a run over another space)',
  );
  const fifoState = (await run(fifo({ numTrials: 2 }))).state();
  throwsExactly(
    () => new HyperbandScheduler(quadratic, { numTrials: 2, ...quiet }).restore(fifoState),
    ConfigError,
    'The value of state.fingerprint.scheduler is "fifo", but it must be "hyperband_stopping" (the state was saved by another kind of scheduler)',
  );
});

test("a malformed state is a ConfigError naming the field, and the scheduler stays as it was", async () => {
  const s = await run(fifo());
  const good = s.state();
  const before = JSON.stringify({ ...good, savedAt: 0 });
  throwsExactly(
    () => s.restore(null),
    ConfigError,
    "The value of state is null, but it must be an object saved by scheduler.state()",
  );
  const { trials: _, ...noTrials } = good;
  throwsExactly(
    () => s.restore(noTrials),
    ConfigError,
    "The value of state.trials is undefined, but it must be a list of trial records",
  );
  throwsExactly(
    () => s.restore({ ...good, trials: [{ trialId: 0 }] }),
    ConfigError,
    'The value of state.trials[0] is {"trialId":0}, but it must be a trial record with trialId, config and status',
  );
  // the searcher's part is checked after the scheduler's part was applied: the restore rolls back as a whole
  throwsExactly(
    () => s.restore({ ...good, nextTrialId: 99, searcher: { results: 5 } }),
    ConfigError,
    "The value of state.searcher.results is 5, but it must be a list",
  );
  assert.is(
    JSON.stringify({ ...s.state(), savedAt: 0 }).replace(/"elapsed":[0-9.e-]+/, ""),
    before.replace(/"elapsed":[0-9.e-]+/, ""),
  );
});

test(
  "resuming from a file that is not a saved state names the file",
  withDir(async (dir) => {
    const path = join(dir, "c.json");
    writeFileSync(path, '{"version": 1, "trials": [');
    await rejectsExactly(
      () => fifo({ checkpoint: fileStore(path), resume: true }).run(),
      ConfigError,
      `The checkpoint ${JSON.stringify(path)} holds no saved state: it is not JSON (Unexpected end of JSON input)`,
    );
    writeFileSync(path, "{}");
    await rejectsExactly(
      () => fifo({ checkpoint: fileStore(path), resume: true }).run(),
      ConfigError,
      `The checkpoint ${JSON.stringify(path)} cannot be resumed here: The value of state.version is undefined, but it must be 1 (a state saved by this version of hyperwasm)`,
    );
  }),
);

test("a resumed run continues its clock: time already used counts against timeOut, runtimes go on", async () => {
  const store = new MemoryStore();
  const first = await run(fifo({ numTrials: 5, checkpoint: store }));
  const used = first.elapsed();
  assert.ok(used >= 10, `the first part used ${used} simulated seconds`);
  const resumed = await run(fifo({ numTrials: 100, timeOut: used + 6, checkpoint: store, resume: true }));
  const newTrials = [...resumed.trials.values()].filter((t) => t.trialId >= 5);
  assert.ok(newTrials.length > 0 && newTrials.length <= 2, `${newTrials.length} trials in the 6 s left`);
  for (const t of newTrials)
    assert.ok(t.startedAt >= used && t.startedAt < used + 6, `trial ${t.trialId} at ${t.startedAt}`);
  const runtimes = resumed.resultsTable().map((r) => r.runtime);
  assert.equal(
    runtimes,
    [...runtimes].sort((a, b) => a - b),
    "one timeline",
  );
  // a run whose budget was spent starts nothing more
  const spent = await run(fifo({ numTrials: 100, timeOut: used, checkpoint: store, resume: true }));
  assert.is(spent.trials.size, resumed.trials.size);
});

test("a checkpoint saved while restarted trials still wait to start keeps them (a second crash loses nothing)", () => {
  const a = fifo({ numTrials: 10 });
  const started = [a.suggest()!, a.suggest()!, a.suggest()!];
  a.onReport(1, { epoch: 1, accuracy: 0.5 });
  a.onComplete(1);
  const b = fifo({ numTrials: 10 });
  b.restore(JSON.parse(JSON.stringify(a.state()))); // trials 0 and 2 are to start again
  assert.is(b.suggest()!.trialId, 0); // one slot: trial 2 still waits
  const saved = b.state() as { running: { trialId: number; config: unknown }[] };
  assert.equal(
    saved.running.map((t) => [t.trialId, t.config]).sort(),
    [started[0], started[2]].map((t) => [t.trialId, t.config]),
  );
});

test(
  "temp files left by a process killed mid-save are removed by the next save",
  withDir(async (dir) => {
    const path = join(dir, "c.json");
    writeFileSync(`${path}.424242.tmp`, "half a state");
    writeFileSync(join(dir, "other.json.1.tmp"), "not ours");
    await run(fifo({ checkpoint: fileStore(path) }));
    assert.not.ok(existsSync(`${path}.424242.tmp`));
    assert.ok(existsSync(join(dir, "other.json.1.tmp")), "another checkpoint's temp file is left alone");
  }),
);

test.run();
