// The edge entry in the real workerd binary: an HPO experiment (Hyperband + bayesopt) driven over
// HTTP through examples/edge/worker.mjs, with its state in a Durable Object; bad requests get
// 4xx JSON errors and leave the experiment unchanged.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { dashboardView } from "../src/dashboard/view.js";
import { Rng } from "../src/random.js";
import { EdgeService } from "./helpers/workerd.js";

const test = suite("workerd");
const root = new URL("..", import.meta.url).pathname;
const edge = new EdgeService();
let base = "";

test.before(async () => {
  await edge.open();
  base = edge.base;
});

test.after(() => edge.close());

const post = (path: string, body: unknown) => edge.post(path, body);

/** Runs one experiment to its end over HTTP (9 epochs a trial); returns what it saw. */
async function drive(prefix: string) {
  const decisions: string[] = [];
  let stoppedEarly = 0;
  for (;;) {
    const s = await post(`${prefix}/suggest`, {});
    assert.is(s.status, 200, JSON.stringify(s.body));
    if (s.body.trialId === null) break;
    const { x, y } = s.body.config;
    const q = 1 - ((x - 0.3) ** 2 + (y - 0.6) ** 2);
    let ended = false;
    for (let epoch = 1; epoch <= 9; epoch++) {
      const r = await post(`${prefix}/report`, {
        trialId: s.body.trialId,
        result: { epoch, accuracy: q * (1 - Math.exp(-epoch / 2)) },
      });
      assert.is(r.status, 200, JSON.stringify(r.body));
      decisions.push(r.body.decision);
      if (r.body.decision !== "continue") {
        ended = true;
        if (epoch < 9) stoppedEarly++;
        break;
      }
    }
    if (!ended) assert.is((await post(`${prefix}/complete`, { trialId: s.body.trialId })).status, 200);
  }
  const best = await (await fetch(`${base}${prefix}/best`)).json();
  const state = await (await fetch(`${base}${prefix}/state`)).json();
  return { decisions, stoppedEarly, best, state };
}

test("drives a Hyperband + bayesopt experiment over HTTP to a good configuration; GET /state has the run", async () => {
  const { decisions, stoppedEarly, best, state } = await drive("");
  assert.is(best.trials, 40);
  // the state a dashboard reads: every trial, its history, the rung records
  assert.is(state.trials.length, 40);
  assert.is(Object.keys(state.trainingHistory).length, 40);
  assert.is(state.fingerprint.scheduler, "hyperband_stopping");
  // what `hyperwasm dashboard <url>/state` shows of it
  const view = dashboardView(state);
  assert.is(view.trials.length, 40);
  assert.is(view.rewardAttr, "accuracy");
  // bayesopt with model stopping: the first rung at 3 epochs (algorithms §5.2), then maxT
  assert.equal(view.levels, [3, 9]);
  const best9 = Math.max(
    ...Object.values(state.trainingHistory as Record<string, { epoch: number; accuracy: number }[]>)
      .flat()
      .filter((r) => r.epoch === 9)
      .map((r) => r.accuracy),
  );
  assert.is(best9, best.rewardAtMaxT);
  assert.ok(stoppedEarly >= 5, `${stoppedEarly} trials stopped at a rung`);
  assert.ok(best.rewardAtMaxT > 0.85, `best at maxT ${best.rewardAtMaxT}`);
  assert.ok(decisions.includes("stop") && decisions.includes("continue"));
});

test("a Hyperband + kde (BOHB) experiment, chosen at /create, also reaches a good configuration", async () => {
  assert.is((await post("/e/kde/create", { searcher: "kde", numTrials: 60, seed: 2 })).status, 200);
  const { stoppedEarly, best } = await drive("/e/kde");
  assert.is(best.trials, 60);
  assert.ok(stoppedEarly >= 5, `${stoppedEarly} trials stopped at a rung`);
  assert.ok(best.rewardAtMaxT > 0.9, `best at maxT ${best.rewardAtMaxT}`);
});

test("bad requests get 4xx JSON errors and change nothing", async () => {
  const before = await (await fetch(`${base}/best`)).json();
  const cases: [string, unknown, number, string][] = [
    ["/report", "{not json", 400, "the request body is not valid JSON"],
    ["/report", { trialId: 9999, result: { epoch: 1, accuracy: 0.5 } }, 404, "trial 9999 is unknown"],
    ["/report", { trialId: "a", result: {} }, 400, 'The value of trialId is "a", but it must be an integer'],
    [
      "/report",
      { trialId: 0, result: { epoch: 1, accuracy: 0.5 } },
      409,
      "trial 0 has ended (completed); no further reports are accepted",
    ],
  ];
  for (const [path, body, status, error] of cases) {
    const r = await post(path, body);
    assert.is(r.status, status, JSON.stringify(r.body));
    assert.is(r.body.error, error);
  }
  assert.equal(await (await fetch(`${base}/best`)).json(), before);
});

const best = async (e = "default") => (await fetch(`${base}/e/${e}/best`)).json();

test("empty and repeated reports, and oversized bodies, are refused and change nothing", async () => {
  const e = "/e/strict";
  const s = await post(`${e}/suggest`, {});
  const id = s.body.trialId;
  assert.is((await post(`${e}/report`, { trialId: id, result: { epoch: 1, accuracy: 0.9 } })).status, 200);
  const before = await best("strict");
  const big = { trialId: id, result: { epoch: 2, accuracy: 0.5, blob: "x".repeat(20000) } };
  const cases: [unknown, number, string][] = [
    [{ trialId: id, result: {} }, 400, "The value of result is {}, but it must hold the report (accuracy and epoch)"],
    [
      { trialId: id, result: { epoch: 1, accuracy: 0.5 } },
      400,
      `The value of epoch in the report of trial ${id} is 1, but it must be greater than the epoch of its previous report (1): each report covers new epochs`,
    ],
    [big, 413, `the request body has ${JSON.stringify(big).length} bytes, but it must have at most 16384`],
  ];
  for (const [body, status, error] of cases) {
    const r = await post(`${e}/report`, body);
    assert.is(r.status, status, JSON.stringify(r.body));
    assert.is(r.body.error, error);
  }
  assert.equal(await best("strict"), before);
  assert.is((await post(`${e}/report`, { trialId: id, result: { epoch: 2, accuracy: 0.91 } })).status, 200);
});

test("50 concurrent requests: unique trial ids, and every accepted report is recorded", async () => {
  const e = "/e/concurrent";
  const suggested = await Promise.all(Array.from({ length: 20 }, () => post(`${e}/suggest`, {})));
  const ids = suggested.map((r) => r.body.trialId).sort((a, b) => a - b);
  assert.equal(ids, [...Array(20).keys()]);
  // 20 epoch-1 reports and 10 more suggestions at once
  const mixed = await Promise.all([
    ...ids.map((trialId) => post(`${e}/report`, { trialId, result: { epoch: 1, accuracy: Math.random() } })),
    ...Array.from({ length: 10 }, () => post(`${e}/suggest`, {})),
  ]);
  for (const r of mixed) assert.is(r.status, 200, JSON.stringify(r.body));
  assert.equal(
    mixed
      .slice(20)
      .map((r) => r.body.trialId)
      .sort((a, b) => a - b),
    [...Array(10).keys()].map((k) => 20 + k),
  );
  // a lost epoch-1 report would make epoch 2 "past its milestone 1"
  const continued = ids.filter((_, i) => mixed[i].body.decision === "continue");
  const second = await Promise.all(
    continued.map((trialId) => post(`${e}/report`, { trialId, result: { epoch: 2, accuracy: 0.5 } })),
  );
  for (const r of second) assert.is(r.status, 200, JSON.stringify(r.body));
});

test("10,000 trials in one experiment, which survives a restart of workerd", async () => {
  const e = "/e/scale";
  assert.is((await post(`${e}/create`, { searcher: "random", numTrials: 10000, seed: 3 })).status, 200);
  let stopped = 0;
  const client = async () => {
    for (;;) {
      const s = await post(`${e}/suggest`, {});
      assert.is(s.status, 200, JSON.stringify(s.body));
      if (s.body.trialId === null) return;
      const { x, y } = s.body.config;
      const r = await post(`${e}/report`, {
        trialId: s.body.trialId,
        result: { epoch: 1, accuracy: 1 - (x - 0.3) ** 2 - (y - 0.6) ** 2 },
      });
      assert.is(r.status, 200, JSON.stringify(r.body));
      if (r.body.decision === "continue")
        assert.is((await post(`${e}/complete`, { trialId: s.body.trialId })).status, 200);
      else stopped++;
    }
  };
  await Promise.all(Array.from({ length: 8 }, client));
  const done = await best("scale");
  assert.is(done.trials, 10000);
  assert.ok(stopped > 1000, `${stopped} trials stopped at rung 1`);
  // the objects are evicted with the process: they come back from their snapshot and log
  const defaultBefore = await best();
  await edge.stop();
  await edge.start();
  assert.equal(await best("scale"), done);
  assert.equal(await best(), defaultBefore);
  assert.is((await post(`${e}/suggest`, {})).body.trialId, null, "the budget stays spent");
});

test("fuzz: 300 random bad requests each get a 4xx JSON error and change nothing", async () => {
  const e = "/e/fuzz";
  const running: number[] = [];
  for (let i = 0; i < 4; i++) running.push((await post(`${e}/suggest`, {})).body.trialId);
  for (const trialId of running) await post(`${e}/report`, { trialId, result: { epoch: 1, accuracy: 0.9 } });
  const ended = running.pop()!;
  assert.is((await post(`${e}/complete`, { trialId: ended })).status, 200);
  const before = await best("fuzz");
  const rng = new Rng(5);
  const pick = <T>(xs: T[]): T => xs[rng.int(xs.length)];
  const junk = () => pick<unknown>([null, 0, -1, 1.5, "2", "", [], {}, [1], { a: 1 }, true, Number.POSITIVE_INFINITY]);
  const live = () => pick(running);
  const badResult = (): unknown => {
    const r: Record<string, unknown> = { epoch: 2, accuracy: 0.5 };
    const how = rng.int(6);
    if (how === 0) return junk();
    if (how === 1) delete r[pick(["epoch", "accuracy"])];
    if (how === 2) r.accuracy = pick<unknown>([null, "0.5", [], {}, true]);
    if (how === 3) r.epoch = pick<unknown>([0, -1, 1.5, "2", null, 1]); // 1: not after epoch 1
    if (how === 4) r.epoch = pick([4, 7, 9]); // past the milestone at 3
    if (how === 5) return {};
    return r;
  };
  const makeCase = (): [string, string, unknown] => {
    switch (rng.int(7)) {
      case 0:
        return ["POST", pick(["/report", "/complete", "/fail"]), pick<unknown>(["{bad", "[1,2]", "3", '"x"', "null"])];
      case 1:
        return [
          "POST",
          pick(["/report", "/complete", "/fail"]),
          { trialId: pick<unknown>(["1", 1.5, -3, 9999, null, undefined, [0]]) },
        ];
      case 2:
        return [
          "POST",
          pick(["/report", "/complete", "/fail"]),
          { trialId: ended, result: { epoch: 2, accuracy: 0.5 } },
        ];
      case 3:
        return ["POST", "/report", { trialId: live(), result: badResult() }];
      case 4:
        return [pick(["GET", "PUT", "DELETE"]), pick(["/report", "/suggest", "/nothing", "/create"]), undefined];
      case 5:
        return ["POST", "/create", { searcher: pick(["grid", "random"]), numTrials: junk() }];
      default:
        return ["POST", "/report", { trialId: live(), result: { epoch: 2, accuracy: 0.5, pad: "y".repeat(17000) } }];
    }
  };
  for (let i = 0; i < 300; i++) {
    const [method, path, body] = makeCase();
    const init: RequestInit = { method };
    if (method === "POST") init.body = typeof body === "string" ? body : JSON.stringify(body);
    const r = await fetch(base + e + path, init);
    const text = await r.text();
    assert.ok(
      r.status >= 400 && r.status < 500,
      `${method} ${path} ${String(init.body).slice(0, 80)} → ${r.status} ${text}`,
    );
    assert.type(JSON.parse(text).error, "string", text);
  }
  assert.equal(await best("fuzz"), before);
  for (const trialId of running) {
    const r = await post(`${e}/report`, { trialId, result: { epoch: 2, accuracy: 0.95 } });
    assert.is(r.status, 200, JSON.stringify(r.body));
  }
});

test("the edge bundle carries no base64 copy of the Wasm it imports", () => {
  const bundle = readFileSync(join(root, "dist/edge.js"), "utf8");
  assert.ok(bundle.includes('from "./release.wasm"') || bundle.includes("from './release.wasm'"), "imports the module");
  assert.not.match(bundle, /RELEASE_WASM_BASE64 = "AGFz/);
});

test.run();
