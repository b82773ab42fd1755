// What a run tells while it runs and leaves behind: scheduler events (trialstart, report,
// trialend, best), progress() lines, and writeResults() files.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import {
  ConfigError,
  FIFOScheduler,
  HyperbandScheduler,
  args,
  progress,
  real,
  simulated,
  writeResults,
} from "../src/node.js";
import { throwsExactly } from "./helpers/index.js";
import { curves } from "./helpers/scheduler-contract.js";

const test = suite("events and results");

async function run() {
  const s = new HyperbandScheduler(curves, {
    numTrials: 12,
    seed: 4,
    rewardAttr: "accuracy",
    executor: simulated({ workers: 2 }),
    logger: null,
  });
  const seen: Record<string, unknown[]> = { trialstart: [], report: [], trialend: [], best: [] };
  for (const type of Object.keys(seen)) s.addEventListener(type, (e) => seen[type].push((e as CustomEvent).detail));
  await s.run();
  await s.joinJobs();
  return { s, seen };
}

test("events: one trialstart and one trialend per trial, a report per row, best only when it improves", async () => {
  const { s, seen } = await run();
  assert.is(seen.trialstart.length, s.trials.size);
  assert.is(seen.trialend.length, s.trials.size);
  const ends = seen.trialend as { trialId: number; status: string }[];
  for (const e of ends) assert.is(e.status, s.trials.get(e.trialId)!.status);
  const rows = Object.values(s.trainingHistory).reduce((a, r) => a + r.length, 0);
  assert.is(seen.report.length, rows);
  const best = (seen.best as { reward: number }[]).map((b) => b.reward);
  assert.ok(best.length > 1);
  for (let i = 1; i < best.length; i++) assert.ok(best[i] > best[i - 1], `best ${best}`);
  const all = Object.values(s.trainingHistory)
    .flat()
    .map((r) => r.accuracy as number);
  assert.is(best[best.length - 1], Math.max(...all));
});

test("progress(): a line per finished trial on a plain stream, nothing redrawn", async () => {
  const lines: string[] = [];
  const stream = { write: (t: string) => (lines.push(t), true), isTTY: false } as never;
  const s = new HyperbandScheduler(curves, {
    numTrials: 6,
    seed: 1,
    rewardAttr: "accuracy",
    executor: simulated(),
    logger: null,
  });
  const p = progress(s, { stream });
  await s.run();
  await s.joinJobs();
  p.stop();
  assert.is(lines.length, 6);
  for (const l of lines)
    assert.match(l, /^trial +\d+ (completed|stopped|failed) +epochs \d+ +accuracy (\d\.\d{4}|–) +at \d+\.\d s/);
});

test("progress() on a terminal: only trials that end as the best get a line, and one status line is redrawn", async () => {
  const out: string[] = [];
  const stream = { write: (t: string) => (out.push(t), true), isTTY: true } as never;
  const draw = args({ x: real(0, 1) }, async (cfg, reporter) => {
    await reporter({ epoch: 1, accuracy: cfg.x, cost: 1 });
  });
  const s = new FIFOScheduler(draw, { numTrials: 30, seed: 1, executor: simulated(), logger: null });
  const bests: number[] = [];
  s.addEventListener("trialend", (e) => {
    const id = (e as CustomEvent).detail.trialId;
    if (s.getBestTaskId() === id) bests.push(id);
  });
  const p = progress(s, { stream, interval: 3600 });
  await s.run();
  await s.joinJobs();
  p.stop();
  const trialLines = out.filter((t) => t.startsWith("trial "));
  assert.ok(bests.length > 1 && bests.length < 30, `${bests.length} of 30 trials ended as the best`);
  assert.equal(
    trialLines.map((l) => Number(/^trial +(\d+)/.exec(l)![1])),
    bests,
  );
  // stop() leaves the final status line, ended by a newline
  assert.match(
    out.join(""),
    /\n\[30 s\] trials 30: 0 running, 30 completed, 0 stopped, 0 paused, 0 failed \| epochs 30 \| best 0\.\d{4}\n$/,
  );
  throwsExactly(
    () => progress(s, { lines: "some" as never }),
    ConfigError,
    'The value of lines is "some", but it must be one of "all", "best"',
  );
});

test("writeResults(): the five files, results.csv as toCSV(), run.json with the extra fields", async () => {
  const { s } = await run();
  const dir = mkdtempSync(join(tmpdir(), "hyperwasm-results-"));
  try {
    const files = writeResults(s, dir, { note: "x" });
    assert.equal(
      files.map((f) => f.slice(dir.length + 1)),
      ["history.csv", "history.json", "results.csv", "run.json", "best-error.svg"],
    );
    for (const f of files) assert.ok(existsSync(f));
    assert.is(readFileSync(join(dir, "results.csv"), "utf8"), s.toCSV());
    const runJson = JSON.parse(readFileSync(join(dir, "run.json"), "utf8"));
    assert.is(runJson.note, "x");
    assert.is(runJson.seed, 4);
    assert.is(runJson.trials.length, s.trials.size);
    const rows = readFileSync(join(dir, "history.csv"), "utf8").trim().split("\n");
    assert.is(
      rows.length - 1,
      Object.values(s.trainingHistory).reduce((a, r) => a + r.length, 0),
    );
    assert.match(readFileSync(join(dir, "best-error.svg"), "utf8"), /^<svg/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();

import { linePlot } from "../src/results/svg.js";

const plot = suite("linePlot");
const labels = (svg: string) => [...svg.matchAll(/text-anchor="end">([^<]+)</g)].map((m) => m[1]);

plot("a log axis within one decade still gets readable ticks", () => {
  const svg = linePlot([{ name: "regret", x: [0, 1, 2, 3], y: [0.3, 0.2, 0.08, 0.05] }], { logY: true });
  assert.equal(labels(svg), ["0.05", "0.1", "0.2"]);
  const wide = linePlot([{ name: "regret", x: [0, 1], y: [2e-7, 0.5] }], { logY: true });
  assert.equal(labels(wide), ["1e-6", "1e-5", "1e-4", "0.001", "0.01", "0.1"]);
});

plot.run();
