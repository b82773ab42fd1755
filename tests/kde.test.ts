// The KDE searcher (BOHB's; algorithms §6.9), rule by rule on hand-made data, then under both
// schedulers.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { ConfigError, FIFOScheduler, HyperbandScheduler, Rng, args, real, simulated } from "../src/node.js";
import { KDESearcher } from "../src/searchers/kde.js";
import { SearchSpace } from "../src/space/space.js";
import { throwsExactly } from "./helpers/index.js";

const test = suite("kde searcher");
const space = new SearchSpace({ x: real(0, 1), y: real(0, 1) });
// `lines` collects the searcher's proposal lines ("[id: random]" or "[id: KDE at resource r]")
const make = (options: Record<string, unknown> = {}, lines: string[] = [], scheduler = "fifo") =>
  new KDESearcher(
    {
      space,
      rng: new Rng(3),
      logger: { info: (m: string) => m.startsWith("[") && lines.push(m), warn: () => {} },
      debugLog: true,
      scheduler,
      ...(scheduler === "fifo" ? {} : { minResource: 1, maxResource: 9 }),
    },
    options,
  );

/** Twelve results at `r`: good (low loss) near x = 0.2, bad near x = 0.8; y is noise. */
function feed(s: KDESearcher, r?: number, shift = 0) {
  const rng = new Rng(9);
  for (let i = 0; i < 12; i++) {
    const good = i < 4;
    const x = (good ? 0.2 : 0.8) + 0.05 * (rng.next() - 0.5) + shift;
    s.update({ x, y: rng.next() }, good ? 0.1 + 0.01 * i : 1 + 0.01 * i, r);
  }
}

test("without enough results (minPoints + 2 at one level) every proposal is random; the first is the default", () => {
  const lines: string[] = [];
  const s = make({}, lines); // d = 2: minPoints 3, a model from 5 results
  assert.equal(s.getConfig(), { x: 0.5, y: 0.5 });
  for (let i = 0; i < 4; i++) s.update(s.getConfig()!, i);
  s.getConfig();
  assert.ok(
    lines.every((l) => l.includes(": random]")),
    lines.join("\n"),
  );
});

test("the model proposes where the good results are (l(x)/g(x)), and randomFraction keeps some proposals random", () => {
  const lines: string[] = [];
  const s = make({ randomFraction: 0 }, lines);
  feed(s);
  for (let i = 0; i < 20; i++) {
    const c = s.getConfig()!;
    assert.ok(Math.abs((c.x as number) - 0.2) < 0.2, `x = ${c.x}`);
  }
  assert.ok(lines.every((l) => l.includes("KDE at resource 0")));
  const mixed: string[] = [];
  const m = make({ randomFraction: 0.5 }, mixed);
  feed(m);
  for (let i = 0; i < 40; i++) m.getConfig();
  const random = mixed.filter((l) => l.includes(": random]")).length;
  assert.ok(random > 10 && random < 30, `${random} of 40 random`);
});

test("under Hyperband the model uses the largest level with enough results", () => {
  const lines: string[] = [];
  const s = make({ randomFraction: 0 }, lines, "hyperband_stopping");
  feed(s, 1); // good near 0.2 at r = 1
  feed(s, 3, 0.5); // at r = 3 the good ones sit near 0.7 (the curves cross)
  s.update({ x: 0.5, y: 0.5 }, 0.3, 9); // one result at 9: too few to model
  const c = s.getConfig()!;
  assert.ok(lines[0].includes("KDE at resource 3"), lines[0]);
  assert.ok(Math.abs((c.x as number) - 0.7) < 0.2, `x = ${c.x}`);
});

test("the split: the best topNPercent (at least minPoints) are good, the rest (at least minPoints) bad; failures are bad", () => {
  const s = make({ minPoints: 2 });
  for (let i = 0; i < 20; i++) s.update({ x: i / 20, y: 0.5 }, i); // loss i: config i/20 is i-th best
  const key = (i: number) => space.key({ x: i / 20, y: 0.5 });
  let { good, bad } = s.split(0);
  assert.equal(good, [key(0), key(1), key(2)]); // round(0.15 · 20) = 3
  assert.equal(
    bad,
    Array.from({ length: 17 }, (_, i) => key(i + 3)),
  );
  const few = make({ minPoints: 4 });
  for (let i = 0; i < 6; i++) few.update({ x: i / 20, y: 0.5 }, i);
  ({ good, bad } = few.split(0));
  assert.equal(good.length, 4); // minPoints, although 15 % of 6 rounds to 1
  assert.equal(bad, [key(2), key(3), key(4), key(5)]); // minPoints worst: the sets may overlap
  s.evaluationFailed({ x: 0.99, y: 0.1 });
  ({ bad } = s.split(0));
  assert.ok(bad.includes(space.key({ x: 0.99, y: 0.1 })), "a failed config is among the bad");
  assert.is(s.modelLevel(), 0);
  assert.is(make().modelLevel(), null);
});

test("options: unknown names and values out of range are typed errors", () => {
  throwsExactly(
    () => make({ topNPercent: 0 }),
    ConfigError,
    "The value of searchOptions.topNPercent is 0, but it must be in [1, 99]",
  );
  throwsExactly(
    () => make({ bandwidth: 1 }),
    ConfigError,
    "The value of searchOptions.bandwidth is 1, but it must be one of the known options (topNPercent, minPoints, numCandidates, bandwidthFactor, minBandwidth, randomFraction)",
  );
});

const bowl = args({ x: real(0, 1), y: real(0, 1), epochs: 9 }, async (c, reporter) => {
  const q = 1 - (c.x - 0.3) ** 2 - (c.y - 0.6) ** 2;
  for (let r = 1; r <= 9; r++) await reporter({ epoch: r, accuracy: q * (1 - Math.exp(-r)), cost: 1 });
});

test("runs under FIFO and Hyperband by name; its later proposals are better than its early random ones", async () => {
  for (const S of [FIFOScheduler, HyperbandScheduler]) {
    const s = new S(bowl, {
      searcher: "kde",
      numTrials: 60,
      seed: 1,
      executor: simulated({ workers: 2 }),
      logger: null,
    });
    await s.run();
    await s.joinJobs();
    assert.is(s.trials.size, 60);
    const q = (c: Record<string, unknown>) => 1 - ((c.x as number) - 0.3) ** 2 - ((c.y as number) - 0.6) ** 2;
    const proposals = Object.values(s.configHistory).map(q);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const [early, late] = [mean(proposals.slice(0, 15)), mean(proposals.slice(-20))];
    assert.ok(
      late > early + 0.05,
      `${S.name}: mean quality of the first 15 proposals ${early}, of the last 20 ${late}`,
    );
  }
});

test.run();
