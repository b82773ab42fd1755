// The live dashboard in headless Chromium: `serveDashboard` on a recorded run shows the incumbent
// curve of results.csv point for point and every view; it follows a checkpoint while it is
// rewritten (within 2 s), and a missing, half-written or foreign file shows "waiting", never a
// crash. HYPERWASM_SCREENSHOTS=1 writes each view's screenshot into docs/images/.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import {
  HyperbandScheduler,
  args,
  categorical,
  int,
  real,
  serveDashboard,
  simulated,
  writeResults,
} from "../src/node.js";
import { curvesChart } from "../src/dashboard/charts.js";
import { dashboardView } from "../src/dashboard/view.js";
import { launchChromium } from "./helpers/chromium.js";

const test = suite("dashboard");
const root = new URL("..", import.meta.url).pathname;

const curves = args(
  { x: real(0, 1), lr: real(1e-4, 1, { log: true }), units: int(8, 64), act: categorical("relu", "tanh"), epochs: 27 },
  async (c, report) => {
    const q =
      1 - ((c.x as number) - 0.3) ** 2 - (Math.log10(c.lr as number) + 2) ** 2 / 20 - (c.act === "tanh" ? 0.05 : 0);
    for (let e = 1; e <= 27; e++) {
      if ((c.x as number) > 0.97) throw new Error(`diverged at x = ${c.x}`);
      await report({ epoch: e, accuracy: q * (1 - Math.exp(-e / 4)), cost: 1 });
    }
  },
);

async function recordedRun(
  numTrials: number,
  searcher = "random",
  type: "stopping" | "promotion" = "stopping",
  seed = 3,
) {
  const s = new HyperbandScheduler(curves, {
    numTrials,
    seed,
    searcher,
    type,
    maxT: 27,
    gracePeriod: 1,
    executor: simulated({ workers: 4 }),
    logger: null,
  });
  await s.run();
  await s.joinJobs();
  return s;
}

/** The plotted incumbent points, read back from the page. */
const plotted = (page: Page) =>
  page.$$eval("#incumbent circle.pt", (els) =>
    els.map((e) => [Number(e.getAttribute("data-t")), Number(e.getAttribute("data-best"))]),
  );

test("a recorded run: the incumbent curve equals results.csv, and every view is drawn", async () => {
  const dir = mkdtempSync(join(tmpdir(), "hyperwasm-dash-"));
  const s = await recordedRun(60, "bayesopt");
  writeResults(s, dir);
  writeFileSync(join(dir, "checkpoint.json"), JSON.stringify(s.state()));
  const server = await serveDashboard({ source: dir, port: 0 });
  const { browser } = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 1800 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.waitForSelector("#incumbent circle.pt");
    const csv = readFileSync(join(dir, "results.csv"), "utf8").trim().split("\n");
    const cols = csv[0].split(",");
    const expected = csv.slice(1).map((l) => {
      const v = l.split(",");
      return [Number(v[cols.indexOf("runtime")]), Number(v[cols.indexOf("best")])];
    });
    assert.equal(await plotted(page), expected);
    assert.match((await page.textContent("#incumbent")) ?? "", `trial ${s.getBestTaskId()}`);
    const failed = [...s.trials.values()].filter((t) => t.status === "failed");
    assert.ok(failed.length > 0, "the run has failed trials to show");
    assert.match((await page.textContent("#table")) ?? "", `diverged at x = ${failed[0].config.x}`);
    assert.is(await page.$$eval("#curves polyline", (e) => e.length), s.trials.size - failed.length);
    assert.ok((await page.$$eval("#parallel polyline", (e) => e.length)) > 0);
    assert.match((await page.textContent("#importance")) ?? "", "GP inverse length scales");
    assert.match((await page.textContent("#rungs")) ?? "", "trials that reached it");
    assert.match((await page.textContent("#facts")) ?? "", "searcher time share");
    // sorting by the best reward puts the incumbent's trial first (descending on a second press)
    await page.click('[data-sort="best"]');
    await page.keyboard.press("Enter"); // the button keeps focus: the keyboard sorts too
    const first = await page.$eval("#table tbody tr", (r) => r.getAttribute("data-trial"));
    assert.is(Number(first), s.getBestTaskId());
    // filtering: only the failed trials
    for (const st of ["completed", "stopped", "paused", "running"]) await page.uncheck(`[data-status="${st}"]`);
    assert.is(await page.$$eval("#table tbody tr", (r) => r.length), failed.length);
    assert.equal(errors, []);
    if (process.env.HYPERWASM_SCREENSHOTS) {
      for (const st of ["completed", "stopped", "paused", "running"]) await page.check(`[data-status="${st}"]`);
      const out = join(root, "docs/images");
      mkdirSync(out, { recursive: true });
      await page.screenshot({ path: join(out, "dashboard.png"), fullPage: false });
      for (const id of ["incumbent", "curves", "parallel", "importance", "rungs", "facts", "table"])
        await (await page.$(`section:has(#${id})`))!.screenshot({ path: join(out, `dashboard-${id}.png`) });
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("it follows a checkpoint being written: waiting on a missing, half-written or foreign file; updates within 2 s", async () => {
  const dir = mkdtempSync(join(tmpdir(), "hyperwasm-dash-"));
  const server = await serveDashboard({ source: dir, port: 0 });
  const file = join(dir, "checkpoint.json");
  const early = JSON.stringify((await recordedRun(10)).state());
  const later = JSON.stringify((await recordedRun(25)).state());
  const { browser } = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(server.url);
    const within2s = (text: string) =>
      page.waitForFunction((t) => document.getElementById("status")?.textContent?.includes(t), text, { timeout: 2000 });
    await within2s("waiting: no ");
    writeFileSync(file, early.slice(0, early.length / 2));
    await within2s("is not complete JSON yet");
    writeFileSync(file, early);
    await within2s("10 trials");
    writeFileSync(file, '{"hello": "world"}');
    await within2s("waiting: the state lacks its trials");
    assert.is((await page.$$eval("#incumbent circle.pt", (e) => e.length)) > 0, true, "the last good views stay");
    writeFileSync(file, later);
    await within2s("25 trials");
    assert.equal(errors, []);
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("dashboardView: a model-free importance without a GP, and typed waiting for what is not a run", async () => {
  const s = await recordedRun(40);
  const v = dashboardView(s.state());
  assert.match(v.importance.method, "Spearman");
  const byName = Object.fromEntries(v.importance.scores.map((x) => [x.name, x.score]));
  assert.ok(byName.x > byName.units, `x drives the reward, units does not: ${JSON.stringify(byName)}`);
  assert.equal(v.levels, [1, 3, 9, 27]);
  // the rung's bar, from the raw history: the lowest accuracy at epoch 1 of a trial that went on
  const hist = Object.values(s.trainingHistory) as { epoch: number; accuracy: number }[][];
  const went = hist.filter((rows) => rows.some((r) => r.epoch > 1)).map((rows) => rows[0].accuracy);
  assert.is(v.rungs[0].reached, hist.filter((rows) => rows.some((r) => r.epoch === 1)).length);
  assert.is(v.rungs[0].threshold, Math.min(...went));
  assert.is(v.rungs[3].threshold, null, "nothing goes on from maxT");
  for (const bad of [null, 3, [], { trials: [] }])
    assert.throws(
      () => dashboardView(bad),
      (e: Error) => e.name === "Waiting",
    );
});

test("promotion: each trial that resumed a paused config is marked ▲ on its curve", async () => {
  const s = await recordedRun(40, "random", "promotion", 2);
  const resumed = [...s.trials.values()].filter((t) => t.resumeFrom !== undefined);
  assert.ok(resumed.length > 0, "the run promoted some configs");
  const svg = curvesChart(dashboardView(s.state()), () => true);
  assert.is(svg.split('class="mark promoted"').length - 1, resumed.length);
  assert.match(svg, `trial ${resumed[0].trialId} promoted from rung ${resumed[0].resumeFrom}`);
});

test("an edge experiment's GET /state as the source: passed through, or waiting with the reason", async () => {
  const state = (await recordedRun(5)).state();
  let status = 200;
  const upstream = createServer((_req, res) => res.writeHead(status).end(JSON.stringify(state)));
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", () => r()));
  const source = `http://127.0.0.1:${(upstream.address() as { port: number }).port}/e/x/state`;
  const server = await serveDashboard({ source, port: 0 });
  try {
    assert.equal(await (await fetch(`${server.url}state`)).json(), JSON.parse(JSON.stringify(state)));
    status = 500;
    const r = await fetch(`${server.url}state`);
    assert.is(r.status, 503);
    assert.equal(await r.json(), { waiting: `${source} answered 500` });
  } finally {
    await server.close();
    upstream.close();
  }
});

test.run();
