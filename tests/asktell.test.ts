// Driving a scheduler by hand (ask/tell), as another process or a simulation does: the clock
// starts at the first ask or runs on the driver's own time, and a promotion names the paused
// trial it continues.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { ConfigError, FIFOScheduler, HyperbandScheduler, args, real } from "../src/index.js";
import { curves } from "./helpers/scheduler-contract.js";
import { throwsExactly } from "./helpers/index.js";

const test = suite("ask/tell");
const flat = args({ x: real(0, 1), epochs: 3 }, async () => {});

test("timeOut counts from the first suggest(), on the driver's clock", () => {
  let now = 100; // the driver's seconds, on an origin of its own
  const s = new FIFOScheduler(flat, { timeOut: 0.5, seed: 1, logger: null, clock: () => now });
  now = 1024; // a long wait between construction and the first ask uses none of the budget
  const first = s.suggest();
  assert.ok(first, "the first ask is answered");
  assert.is(s.trials.get(first.trialId)!.startedAt, 0);
  now += 0.25;
  const second = s.suggest();
  assert.ok(second, "0.25 s in, the budget is not spent");
  assert.is(s.trials.get(second.trialId)!.startedAt, 0.25);
  now += 0.25;
  assert.is(s.suggest(), null);
  assert.is(s.elapsed(), 0.5);
});

test("a clock that is not a function is refused, named", () => {
  throwsExactly(
    () => new FIFOScheduler(flat, { numTrials: 1, clock: 5 as never }),
    ConfigError,
    "The value of clock is 5, but it must be a function that returns the time in seconds",
  );
});

test("promotion: a resumed config's suggestion names the paused trial it continues", () => {
  const s = new HyperbandScheduler(curves, {
    type: "promotion",
    numTrials: 40,
    seed: 3,
    logger: null,
    rewardAttr: "accuracy",
  });
  const resumed: { trialId: number; resumes?: number; resumeFrom?: number; key: string }[] = [];
  // one trial at a time, each reporting until the scheduler pauses or ends it
  for (let t = s.suggest(); t; t = s.suggest()) {
    if (t.resumeFrom !== undefined) resumed.push({ ...t, key: JSON.stringify(t.config) });
    let decision = "continue";
    const x = t.config.x as number;
    for (let r = (t.resumeFrom ?? 0) + 1; r <= 9 && decision === "continue"; r++)
      decision = s.onReport(t.trialId, { epoch: r, accuracy: x * (1 - Math.exp(-r)) });
    if (decision === "continue") s.onComplete(t.trialId);
    else s.onEnded(t.trialId);
  }
  assert.ok(resumed.length >= 3, `${resumed.length} promotions`);
  for (const r of resumed) {
    assert.type(r.resumes, "number");
    assert.ok(r.resumes! < r.trialId);
    const paused = s.trials.get(r.resumes!)!;
    assert.is(paused.status, "paused");
    assert.is(JSON.stringify(paused.config), r.key);
    // the paused trial got exactly as far as the resumed one starts from
    assert.is(s.trainingHistory[r.resumes!].at(-1)!.epoch, r.resumeFrom);
  }
});

test("a stop or pause ends the trial at once: a driver that never calls onEnded leaves nothing running", () => {
  for (const type of ["stopping", "promotion"] as const) {
    const s = new HyperbandScheduler(curves, { type, numTrials: 30, seed: 4, logger: null, rewardAttr: "accuracy" });
    for (let t = s.suggest(); t; t = s.suggest()) {
      let decision = "continue";
      let r = t.resumeFrom ?? 0;
      while (r < 9 && decision === "continue")
        decision = s.onReport(t.trialId, { epoch: ++r, accuracy: (t.config.x as number) * (1 - Math.exp(-r)) });
      const expected = r === 9 ? "completed" : decision === "pause" ? "paused" : "stopped";
      if (decision === "continue") s.onComplete(t.trialId);
      else assert.is(s.trials.get(t.trialId)!.status, expected);
      // no onEnded: the driver forgot it
    }
    const statuses = [...s.trials.values()].map((t) => t.status);
    assert.not.ok(statuses.includes("running"), `${type}: ${statuses.join(" ")}`);
    assert.equal((s.state() as { running: unknown[] }).running, []);
    assert.ok(statuses.includes(type === "stopping" ? "stopped" : "paused"));
    // a late onEnded changes nothing
    const snapshot = () => JSON.stringify([[...s.trials.values()], (s.state() as { searcher: unknown }).searcher]);
    const before = snapshot();
    for (const id of s.trials.keys()) s.onEnded(id);
    assert.is(snapshot(), before);
  }
});

test.run();
