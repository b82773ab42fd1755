// HyperbandScheduler (algorithms §5): the worked examples as tables, and whole simulated runs checked
// against an independent statement of the rules written here.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { ConfigError, HyperbandScheduler, args, real, rungLevels, simulated } from "../src/node.js";
import { bracketProbabilities, findPromotable, promotionQuantiles, stoppingCutoff } from "../src/schedulers/rungs.js";
import { assertAllClose, assertClose, throwsExactly } from "./helpers/index.js";

const test = suite("Hyperband");

test("rung levels are exact integers (algorithms §10.1)", () => {
  const table: [number, number, number, number[]][] = [
    [1, 9, 3, [1, 3, 9]],
    [1, 27, 3, [1, 3, 9, 27]],
    [1, 81, 3, [1, 3, 9, 27, 81]],
    [1, 243, 3, [1, 3, 9, 27, 81, 243]],
    [1, 10, 3, [1, 3, 9]],
    [1, 1000, 10, [1, 10, 100, 1000]],
    [2, 20, 2, [2, 4, 8, 16]],
  ];
  for (const [gp, maxT, rf, want] of table) assert.equal(rungLevels(gp, maxT, rf), want, `${gp}, ${maxT}, ${rf}`);
});

test("promotion quantiles (algorithms §5.2)", () => {
  assertAllClose(promotionQuantiles([1, 3, 9], 9), [1 / 3, 1 / 3, 1], 1e-15, "q");
  assertAllClose(promotionQuantiles([1, 3, 9], 10), [1 / 3, 1 / 3, 0.9], 1e-15, "q");
});

test("bracket probabilities (algorithms §5.3)", () => {
  assertAllClose(bracketProbabilities([1, 3, 9], 3), [0.5455, 0.2727, 0.1818], 1e-4, "3 brackets");
  assertAllClose(
    bracketProbabilities([1, 3, 9, 27, 81], 5),
    [0.5694, 0.2373, 0.1054, 0.0527, 0.0351],
    1e-4,
    "5 brackets",
  );
  assert.equal(bracketProbabilities([1, 3, 9], 1), [1]);
});

test("stopping cutoffs (algorithms §5.4 worked examples)", () => {
  assertClose(stoppingCutoff([0.3, 0.55], 1 / 3), 0.4667, 1e-4, "two records");
  assertClose(stoppingCutoff([0.1, 0.5, 0.9], 1 / 3), 0.6333, 1e-4, "three records");
  assert.is(stoppingCutoff([0.42], 1 / 3), 0.42); // one record: the cutoff is that value; ties continue
});

test("promotion thresholds (algorithms §5.5, q = 1/3)", () => {
  const recs = (ys: number[]) => ys.map((reward, i) => ({ key: String(i), reward, promoted: false }));
  assert.is(findPromotable(recs([0.5, 0.9]), 1 / 3), undefined);
  for (const n of [3, 4, 5]) {
    const r = recs([0.2, 0.9, 0.5, 0.1, 0.3].slice(0, n));
    assert.is(findPromotable(r, 1 / 3)!.key, "1");
    r[1].promoted = true;
    assert.is(findPromotable(r, 1 / 3), undefined, `n = ${n}: only the best is eligible`);
  }
  const six = recs([0.2, 0.9, 0.5, 0.1, 0.3, 0.8]);
  six[1].promoted = true;
  assert.is(findPromotable(six, 1 / 3)!.key, "5");
});

test("invalid options name the option, the value and the rule", () => {
  const t = args({ x: real(0, 1), epochs: 9 }, async () => {});
  throwsExactly(
    () => new HyperbandScheduler(t, { numTrials: 1, reductionFactor: 1 }),
    ConfigError,
    "The value of reductionFactor is 1, but it must be an integer >= 2",
  );
  throwsExactly(
    () => new HyperbandScheduler(t, { numTrials: 1, gracePeriod: 10 }),
    ConfigError,
    "The value of gracePeriod is 10, but it must be <= maxT (9)",
  );
  throwsExactly(
    () => new HyperbandScheduler(t, { numTrials: 1, rungLevels: [1, 5, 3] }),
    ConfigError,
    "The value of rungLevels is [1, 5, 3], but it must be strictly increasing",
  );
  throwsExactly(
    () => new HyperbandScheduler(t, { numTrials: 1, rungLevels: [1, 3, 27] }),
    ConfigError,
    "The value of rungLevels is [1, 3, 27], but it must be a list whose last level is <= maxT (9)",
  );
  throwsExactly(
    () => new HyperbandScheduler(t, { numTrials: 1, type: "halving" as never }),
    ConfigError,
    'The value of type is "halving", but it must be one of "stopping", "promotion"',
  );
  const noEpochs = args({ x: real(0, 1) }, async () => {});
  throwsExactly(
    () => new HyperbandScheduler(noEpochs, { numTrials: 1 }),
    ConfigError,
    "The value of maxT is undefined, but it must be given, or the trainer must have a fixed epochs or maxT value",
  );
});

// learning curves: acc(x, r) = x · (1 − e^{−r/3}); every epoch costs 1
const curve = args({ x: real(0, 1), epochs: 9 }, async (cfg, reporter, ctx) => {
  const start = (ctx.resumeFrom ?? 0) + 1;
  for (let r = start; r <= cfg.epochs; r++) {
    await reporter({ epoch: r, accuracy: cfg.x * (1 - Math.exp(-r / 3)), cost: 1 });
    await ctx.checkpoint.save({ epoch: r });
  }
});

test("stopping: every decision equals an independent statement of the rule (1 and 4 workers)", async () => {
  for (const workers of [1, 4]) {
    const s = new HyperbandScheduler(curve, {
      numTrials: 40,
      seed: 3,
      rewardAttr: "accuracy",
      executor: simulated({ workers }),
      logger: null,
    });
    await s.run();
    await s.joinJobs();
    // replay all reports in arrival order (time, then arrival) and apply algorithms §5.4 directly
    const rows = Object.entries(s.trainingHistory).flatMap(([id, rs]) =>
      rs.map((r, i) => ({ id: Number(id), i, ...r }) as Record<string, unknown> & { id: number }),
    );
    rows.sort((a, b) => (a.time_since_start as number) - (b.time_since_start as number));
    const rungs: Record<number, number[]> = { 1: [], 3: [] };
    const expectStop = new Set<number>();
    for (const r of rows) {
      const e = r.epoch as number,
        y = r.accuracy as number;
      if (e === 1 || e === 3) {
        const prev = rungs[e];
        if (prev.length) {
          const v = [...prev].sort((a, b) => a - b),
            p = (2 / 3) * (v.length - 1),
            lo = Math.floor(p);
          const cut = v[lo] + (p - lo) * (v[Math.ceil(p)] - v[lo]);
          if (y < cut) expectStop.add(r.id);
        }
        prev.push(y);
      }
    }
    for (const t of s.trials.values()) {
      const n = s.trainingHistory[t.trialId].length;
      if (expectStop.has(t.trialId)) {
        assert.is(t.status, "stopped", `trial ${t.trialId}`);
        assert.ok(n === 1 || n === 3);
      } else {
        assert.is(n, 9, `trial ${t.trialId} runs to maxT`);
      }
    }
    assert.ok(expectStop.size > 5 && expectStop.size < 40, `${workers} workers: ${expectStop.size} stopped`);
  }
});

test("promotion: paused configs resume from their checkpoint and never re-run finished epochs", async () => {
  const s = new HyperbandScheduler(curve, {
    numTrials: 30,
    seed: 5,
    type: "promotion",
    rewardAttr: "accuracy",
    executor: simulated({ workers: 1 }),
    logger: null,
  });
  await s.run();
  await s.joinJobs();
  const byConfig = new Map<string, number[]>();
  for (const [id, rows] of Object.entries(s.trainingHistory)) {
    const key = JSON.stringify(s.configHistory[id]);
    byConfig.set(key, [...(byConfig.get(key) ?? []), ...rows.map((r) => r.epoch as number)]);
  }
  let promoted = 0;
  for (const epochs of byConfig.values()) {
    assert.equal(
      epochs,
      epochs.map((_, i) => i + 1),
      "epochs of a config's lineage are 1, 2, 3, … without repeats",
    );
    if (epochs.length > 1) promoted++;
  }
  assert.ok(promoted >= 3, `${promoted} configs promoted`);
  const resumed = [...s.trials.values()].filter((t) => t.resumeFrom !== undefined);
  assert.ok(resumed.length >= 3);
  for (const t of resumed) assert.is(s.trainingHistory[t.trialId][0].epoch, t.resumeFrom! + 1);
  // with 1 worker nothing is promoted before 3 records exist at rung 1 (q = 1/3)
  assert.is(resumed[0].trialId >= 3, true);
  assert.ok(s.getBestRewardAtMaxT() <= s.getBestReward());
});

test("promotion with a trainer that ignores checkpoints retrains; its re-reports are not new rung records", async () => {
  const fromScratch = args({ x: real(0, 1), epochs: 9 }, async (cfg, reporter) => {
    for (let r = 1; r <= cfg.epochs; r++)
      await reporter({ epoch: r, accuracy: cfg.x * (1 - Math.exp(-r / 3)), cost: 1 });
  });
  const s = new HyperbandScheduler(fromScratch, {
    numTrials: 20,
    seed: 5,
    type: "promotion",
    rewardAttr: "accuracy",
    executor: simulated(),
    logger: null,
  });
  await s.run();
  await s.joinJobs();
  const resumed = [...s.trials.values()].filter((t) => t.resumeFrom !== undefined);
  assert.ok(resumed.length > 0);
  for (const t of resumed) assert.is(s.trainingHistory[t.trialId][0].epoch, 1);
});

test("a report without a positive integer epoch fails the trial", async () => {
  const bad = args({ x: real(0, 1), epochs: 3 }, async (_c, reporter) => {
    await reporter({ epoch: 0.5, accuracy: 0.1, cost: 1 });
  });
  const s = new HyperbandScheduler(bad, {
    numTrials: 1,
    seed: 1,
    rewardAttr: "accuracy",
    executor: simulated(),
    logger: null,
  });
  await s.run();
  await s.joinJobs();
  assert.is(
    s.trials.get(0)!.error!.message,
    'The value of epoch in the report of trial 0 is 0.5, but it must be a positive integer (timeAttr is "epoch"; Hyperband needs it in every report)',
  );
});

test("three brackets: trials start at the first milestone of their sampled bracket", async () => {
  const s = new HyperbandScheduler(curve, {
    numTrials: 60,
    seed: 2,
    brackets: 3,
    rewardAttr: "accuracy",
    executor: simulated({ workers: 2 }),
    logger: null,
  });
  await s.run();
  await s.joinJobs();
  const brackets = new Set(Object.values(s.trainingHistory).map((rows) => rows[0].bracket));
  assert.equal([...brackets].sort(), [0, 1, 2]);
  // a trial in bracket 2 (rungs [9]) is never stopped early
  for (const rows of Object.values(s.trainingHistory)) if (rows[0].bracket === 2) assert.is(rows.length, 9);
});

test("promotion: every decision equals an independent statement of ASHA (1 and 4 workers)", async () => {
  type Ev =
    | { kind: "suggest"; id: number; config: string; resumeFrom?: number }
    | { kind: "report"; id: number; epoch: number; y: number; decision: string };
  class Recording extends HyperbandScheduler {
    events: Ev[] = [];
    override suggest() {
      const s = super.suggest();
      if (s)
        this.events.push({
          kind: "suggest",
          id: s.trialId,
          config: JSON.stringify(s.config),
          resumeFrom: s.resumeFrom,
        });
      return s;
    }
    override onReport(id: number, result: Record<string, unknown>) {
      const decision = super.onReport(id, result);
      this.events.push({ kind: "report", id, epoch: result.epoch as number, y: result.accuracy as number, decision });
      return decision;
    }
  }
  for (const workers of [1, 4]) {
    const s = new Recording(curve, {
      numTrials: 50,
      seed: 11,
      type: "promotion",
      rewardAttr: "accuracy",
      executor: simulated({ workers }),
      logger: null,
    });
    await s.run();
    await s.joinJobs();
    // the rule, restated: levels [1, 3] are rungs below maxT = 9, q = 1/3 at both
    const levels = [1, 3];
    const recs: Record<number, { config: string; y: number; promoted: boolean }[]> = { 1: [], 3: [] };
    const eligible = (rung: number) => {
      const rs = recs[rung];
      if (rs.length < 3) return [];
      return rs
        .map((r, i) => ({ r, i }))
        .sort((a, b) => b.r.y - a.r.y || a.i - b.i)
        .slice(0, Math.floor(rs.length / 3))
        .map((x) => x.r);
    };
    const configOf = new Map<number, string>();
    const resumed = new Map<number, number>();
    let promotions = 0,
      pauses = 0;
    for (const e of s.events) {
      if (e.kind === "suggest") {
        configOf.set(e.id, e.config);
        let expected: { rung: number; rec: { config: string; y: number; promoted: boolean } } | null = null;
        for (const rung of [...levels].reverse()) {
          const rec = eligible(rung).find((r) => !r.promoted);
          if (rec) {
            expected = { rung, rec };
            break;
          }
        }
        if (expected) {
          assert.is(e.resumeFrom, expected.rung, `trial ${e.id} should resume from ${expected.rung}`);
          assert.is(e.config, expected.rec.config);
          expected.rec.promoted = true;
          resumed.set(e.id, expected.rung);
          promotions++;
        } else assert.is(e.resumeFrom, undefined, `trial ${e.id} should be a new config`);
        continue;
      }
      const from = resumed.get(e.id);
      if (from !== undefined && e.epoch <= from) continue;
      if (e.epoch >= 9) {
        assert.is(e.decision, "stop");
      } else if (levels.includes(e.epoch)) {
        const rec = { config: configOf.get(e.id)!, y: e.y, promoted: false };
        recs[e.epoch].push(rec);
        const mine = eligible(e.epoch).includes(rec);
        if (mine) rec.promoted = true;
        assert.is(e.decision, mine ? "continue" : "pause", `trial ${e.id} at ${e.epoch}`);
        if (!mine) pauses++;
      } else assert.is(e.decision, "continue");
    }
    assert.ok(promotions >= 3 && pauses >= 10, `${workers} workers: ${promotions} promotions, ${pauses} pauses`);
  }
});

test("Hyperband runs inline and in worker threads, stopping and promotion, 1 and 3 brackets", async () => {
  const { inline, workerPool } = await import("../src/node.js");
  const moduleUrl = new URL("./helpers/trainers.ts", import.meta.url);
  const { resumable } = await import("./helpers/trainers.js");
  for (const type of ["stopping", "promotion"] as const) {
    for (const brackets of [1, 3]) {
      for (const executor of [
        inline({ concurrency: 2 }),
        workerPool({ module: moduleUrl, exportName: "resumable", size: 2 }),
      ]) {
        const s = new HyperbandScheduler(resumable, {
          numTrials: 14,
          seed: 4,
          type,
          brackets,
          rewardAttr: "accuracy",
          executor,
          logger: null,
        });
        await s.run();
        await s.joinJobs();
        const statuses = [...s.trials.values()].map((t) => t.status);
        assert.is(statuses.length, 14);
        assert.ok(!statuses.includes("failed") && !statuses.includes("running"), statuses.join());
        assert.ok(
          statuses.includes(type === "stopping" ? "stopped" : "paused"),
          `${type} ${brackets}: ${statuses.join()}`,
        );
        if (type === "promotion") {
          for (const t of s.trials.values())
            if (t.resumeFrom) assert.is(s.trainingHistory[t.trialId][0].epoch, t.resumeFrom + 1);
        }
      }
    }
  }
});

test.run();
