// The seeded generator and the random searcher (algorithms §6.2).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { Rng, bool, int } from "../src/index.js";
import { silentLogger } from "../src/logger.js";
import { RandomSearcher } from "../src/searchers/random.js";
import { SearchSpace } from "../src/space/space.js";

const test = suite("Rng and RandomSearcher");

test("the same seed gives the same stream, a restored state continues it", () => {
  const a = new Rng(123),
    b = new Rng(123),
    c = new Rng(124);
  const xs = Array.from({ length: 50 }, () => a.next());
  assert.equal(
    Array.from({ length: 50 }, () => b.next()),
    xs,
  );
  assert.is.not(c.next(), xs[0]);
  const state = a.state();
  const cont = Array.from({ length: 10 }, () => a.next());
  const r = Rng.restore(JSON.parse(JSON.stringify(state)));
  assert.equal(
    Array.from({ length: 10 }, () => r.next()),
    cont,
  );
});

test("Rng(1) starts with the stream an independent implementation gives (tests/fixtures/make_rng.py)", () => {
  // splitmix32 seeding + xoshiro128**, recomputed in Python: a change to a seeding constant, a
  // shift or a rotation changes every seeded run, so it must show up here
  const r = new Rng(1);
  assert.equal(
    [r.next(), r.next(), r.next(), r.next()],
    [0.5686059948349658, 0.8893939367683266, 0.4705824180198359, 0.35296769838967534],
  );
});

test("uniform in [0, 1) and standard normal, by their moments", () => {
  const r = new Rng(5);
  let s = 0,
    s2 = 0,
    n = 0,
    m = 0,
    m2 = 0;
  const N = 100000;
  for (let i = 0; i < N; i++) {
    const u = r.next();
    assert.ok(u >= 0 && u < 1);
    s += u;
    s2 += u * u;
    const z = r.normal();
    m += z;
    m2 += z * z;
    n++;
  }
  assert.ok(Math.abs(s / n - 0.5) < 0.005);
  assert.ok(Math.abs(s2 / n - 1 / 3) < 0.005);
  assert.ok(Math.abs(m / n) < 0.02);
  assert.ok(Math.abs(m2 / n - 1) < 0.02);
});

const setup = (space: SearchSpace, seed = 1) => ({
  space,
  rng: new Rng(seed),
  logger: silentLogger,
  debugLog: false,
  scheduler: "fifo",
});

test("first the default config, then no duplicates, then null when the space is exhausted", () => {
  const space = new SearchSpace({ k: int(1, 3), b: bool() });
  const s = new RandomSearcher(setup(space));
  const seen: string[] = [];
  for (let i = 0; i < 6; i++) {
    const c = s.getConfig();
    assert.ok(c);
    if (i === 0) assert.equal(c, { b: false, k: 2 });
    seen.push(JSON.stringify(c));
  }
  assert.is(new Set(seen).size, 6);
  assert.is(s.getConfig(), null);
});

test("firstIsDefault: false starts with a random draw; best tracks the lowest loss per config", () => {
  const space = new SearchSpace({ k: int(1, 1000) });
  const s = new RandomSearcher(setup(space, 3), { firstIsDefault: false });
  const c = s.getConfig()!;
  assert.is.not(c.k, 500);
  assert.is(s.bestLoss(), Infinity);
  s.update(c, 0.2);
  s.update(c, 0.1);
  assert.is(s.bestLoss(), 0.1);
  const d = s.getConfig()!;
  s.update(d, 0.3);
  assert.equal(s.bestConfig(), c);
  s.update(d, 0.05);
  assert.equal(s.bestConfig(), d);
});

test.run();
