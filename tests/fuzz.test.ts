// Fuzzing restore() (seeded, bounded): random mutations of a valid saved state. Each one is
// refused with a ConfigError that leaves the scheduler exactly as it was, or restores a
// scheduler that keeps working (it suggests, takes reports and saves again) — never a TypeError
// and never a half-restored scheduler.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { ConfigError, type FIFOOptions, FIFOScheduler, HyperbandScheduler, simulated } from "../src/index.js";
import { Rng } from "../src/random.js";
import { curves } from "./helpers/scheduler-contract.js";

const test = suite("fuzz: restore");
type Json = unknown;

const JUNK: Json[] = [null, -1, 0, 1e308, "x", "", [], {}, [1, 2], { a: 1 }, true, 3.5];

/** Every path (list of keys) to a value inside `v`. */
function paths(v: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (prefix.length) out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
  return out;
}

function mutate(state: Json, rng: Rng): Json {
  const copy = structuredClone(state) as Record<string, Json>;
  const all = paths(copy);
  const path = all[rng.int(all.length)];
  let parent = copy as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, Json>;
  const last = path[path.length - 1];
  const how = rng.int(3);
  if (how === 0) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (how === 1) parent[last] = JUNK[rng.int(JUNK.length)];
  else if (Array.isArray(parent[last])) (parent[last] as Json[]).length = rng.int((parent[last] as Json[]).length + 1);
  else parent[last] = String(parent[last]);
  return copy;
}

const comparable = (s: FIFOScheduler) => JSON.stringify({ ...s.state(), savedAt: 0, elapsed: 0 });

async function fuzz(make: (o: FIFOOptions) => FIFOScheduler, seed: number, rounds: number) {
  const source = make({ numTrials: 12, seed: 1, executor: simulated({ workers: 2 }) });
  await source.run();
  await source.joinJobs();
  const valid = JSON.parse(JSON.stringify(source.state({ live: true })));
  const rng = new Rng(seed);
  let refused = 0;
  for (let i = 0; i < rounds; i++) {
    const mutant = mutate(valid, rng);
    const s = make({ numTrials: 20, seed: 2 });
    const before = comparable(s);
    try {
      s.restore(mutant);
    } catch (e) {
      assert.instance(e, ConfigError, `round ${i}: ${(e as Error).stack}`);
      assert.is(comparable(s), before, `round ${i}: a refused state changed the scheduler`);
      refused++;
      continue;
    }
    // restored: the scheduler must keep working
    try {
      const t = s.suggest();
      if (t) s.onReport(t.trialId, { epoch: 1, accuracy: 0.5 });
      s.restore(JSON.parse(JSON.stringify(s.state({ live: true }))));
    } catch (e) {
      if (e instanceof ConfigError || (e as Error).name === "TrialError") continue;
      assert.unreachable(
        `round ${i}: the restored scheduler failed with ${(e as Error).stack}\nmutant: ${JSON.stringify(mutant).slice(0, 300)}`,
      );
    }
  }
  // many mutations land in free-form report rows, which any value may fill
  assert.ok(refused > rounds / 10, `${refused} of ${rounds} mutants refused`);
}

test("FIFO + bayesopt: 300 mutated states", async () => {
  const gp = { numInitRandom: 3, numInitCandidates: 20, optMaxiter: 5 };
  await fuzz(
    (o) =>
      new FIFOScheduler(curves, {
        ...o,
        searcher: "bayesopt",
        searchOptions: gp,
        rewardAttr: "accuracy",
        logger: null,
      }),
    1,
    300,
  );
});

test("Hyperband promotion + random: 300 mutated states", async () => {
  await fuzz(
    (o) => new HyperbandScheduler(curves, { ...o, type: "promotion", rewardAttr: "accuracy", logger: null }),
    2,
    300,
  );
});

test.run();
