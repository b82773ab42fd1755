// The contract every searcher passes (tests/searchers.test.ts runs it for each one): seeded
// replay, a state round trip mid-run, pending and failed evaluations, an exhausted space, and
// best-loss bookkeeping. The searcher is driven directly, as a scheduler would drive it.
import type { Test } from "uvu";
import * as assert from "uvu/assert";
import { silentLogger } from "../../src/logger.js";
import { Rng } from "../../src/random.js";
import type { Searcher, SearcherSetup } from "../../src/searchers/searcher.js";
import { bool, categorical, int, real } from "../../src/space/domains.js";
import { type Config, SearchSpace } from "../../src/space/space.js";

export interface SearcherCase {
  name: string;
  /** 'fifo' or a Hyperband kind (the searcher then gets the resource range [1, 9]). */
  scheduler: "fifo" | "hyperband_stopping" | "hyperband_promotion";
  make(setup: SearcherSetup): Searcher;
}

const continuous = new SearchSpace({ x: real(0, 1), lr: real(1e-4, 1, { log: true }), k: int(1, 4) });
/** Six configurations in all. */
const finite = new SearchSpace({ a: categorical("p", "q", "r"), b: bool() });

function setup(c: SearcherCase, space: SearchSpace, seed: number): SearcherSetup {
  const mf = c.scheduler !== "fifo";
  return {
    space,
    rng: new Rng(seed),
    logger: silentLogger,
    debugLog: false,
    scheduler: c.scheduler,
    ...(mf ? { minResource: 1, maxResource: 9 } : {}),
  };
}

/** A loss that depends on every hyperparameter (lower is better; the optimum is inside the box). */
function loss(c: Config, r = 9): number {
  const x = c.x as number;
  const lr = Math.log10(c.lr as number);
  const base = (x - 0.3) ** 2 + 0.05 * (lr + 2) ** 2 + 0.02 * (c.k as number);
  return base + 0.5 / r;
}

/**
 * Drives `steps` proposals with up to two evaluations in flight: each proposal is registered as
 * pending; the oldest in-flight one is then reported (at resources 1 and 3 for multi-fidelity
 * searchers). Returns the proposals' keys; stops early when the searcher returns null.
 */
function drive(s: Searcher, space: SearchSpace, mf: boolean, steps: number, inFlight: Config[] = []): string[] {
  const out: string[] = [];
  for (let i = 0; i < steps; i++) {
    const c = s.getConfig(mf ? { milestone: 1 } : {});
    if (!c) break;
    out.push(space.key(c));
    s.registerPending(c, mf ? 1 : undefined);
    inFlight.push(c);
    if (inFlight.length > 2) report(s, inFlight.shift()!, mf);
  }
  return out;
}

function report(s: Searcher, c: Config, mf: boolean): void {
  if (!mf) {
    s.update(c, loss(c));
    return;
  }
  s.update(c, loss(c, 1), 1);
  s.registerPending(c, 3);
  s.update(c, loss(c, 3), 3, true);
}

export function searcherContract(test: Test, c: SearcherCase): void {
  const mf = c.scheduler !== "fifo";

  test(`${c.name}: the same seed replays the same proposals, another seed does not`, () => {
    const a = drive(c.make(setup(c, continuous, 7)), continuous, mf, 14);
    const b = drive(c.make(setup(c, continuous, 7)), continuous, mf, 14);
    const other = drive(c.make(setup(c, continuous, 8)), continuous, mf, 14);
    assert.is(a.length, 14);
    assert.equal(b, a);
    assert.not.equal(other, a);
  });

  test(`${c.name}: a state saved mid-run (with evaluations in flight) continues as the uninterrupted run`, () => {
    const s = c.make(setup(c, continuous, 11));
    const inFlight: Config[] = [];
    drive(s, continuous, mf, 9, inFlight);
    assert.ok(inFlight.length > 0, "evaluations in flight at save time");
    const saved = JSON.parse(JSON.stringify(s.state()));
    // a searcher built with another seed: everything must come from the state
    const r = c.make(setup(c, continuous, 999));
    r.restore(saved);
    const cont = drive(s, continuous, mf, 7, [...inFlight]);
    assert.equal(drive(r, continuous, mf, 7, [...inFlight]), cont);
    assert.is(r.bestLoss(), s.bestLoss());
  });

  test(`${c.name}: never proposes a config that is pending, reported or failed`, () => {
    const s = c.make(setup(c, continuous, 3));
    const seen = new Set<string>();
    for (let i = 0; i < 16; i++) {
      const cfg = s.getConfig(mf ? { milestone: 1 } : {});
      assert.ok(cfg, `proposal ${i}`);
      const key = continuous.key(cfg!);
      assert.not.ok(seen.has(key), `proposal ${i} repeats ${key}`);
      seen.add(key);
      s.registerPending(cfg!, mf ? 1 : undefined);
      // a third of the proposals fail, a third are reported, a third stay pending
      if (i % 3 === 0) s.evaluationFailed(cfg!);
      else if (i % 3 === 1) report(s, cfg!, mf);
    }
  });

  test(`${c.name}: failed evaluations are never the best; the best is the lowest loss reported`, () => {
    const s = c.make(setup(c, continuous, 5));
    assert.is(s.bestLoss(), Infinity);
    assert.is(s.bestConfig(), undefined);
    let best = Infinity;
    let bestKey = "";
    for (let i = 0; i < 10; i++) {
      const cfg = s.getConfig(mf ? { milestone: 1 } : {})!;
      s.registerPending(cfg, mf ? 1 : undefined);
      if (i % 2 === 0) {
        s.evaluationFailed(cfg);
        continue;
      }
      report(s, cfg, mf);
      const l = mf ? Math.min(loss(cfg, 1), loss(cfg, 3)) : loss(cfg);
      if (l < best) [best, bestKey] = [l, continuous.key(cfg)];
    }
    assert.is(s.bestLoss(), best);
    assert.is(continuous.key(s.bestConfig()!), bestKey);
  });

  test(`${c.name}: an exhausted space gives null, never a repeat or an error`, () => {
    const s = c.make(setup(c, finite, 2));
    const keys: string[] = [];
    for (let i = 0; i < 10; i++) {
      const cfg = s.getConfig(mf ? { milestone: 1 } : {});
      if (!cfg) break;
      keys.push(finite.key(cfg));
      s.registerPending(cfg, mf ? 1 : undefined);
      if (mf) s.update(cfg, keys.length, 1, true);
      else s.update(cfg, keys.length);
    }
    assert.is(new Set(keys).size, keys.length, `no repeats: ${keys.join(" ")}`);
    assert.ok(keys.length >= 4 && keys.length <= 6, `${keys.length} distinct configs before null`);
    assert.is(s.getConfig(mf ? { milestone: 1 } : {}), null);
  });
}
