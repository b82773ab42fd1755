// What a run tells while it runs and leaves behind: scheduler events (trialstart, report,
// trialend, best), progress() lines, and writeResults() files.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { HyperbandScheduler, progress, simulated, writeResults } from "../src/node.js";
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
