// `npm start` end to end (from the built package): a short budget still runs a real trial on
// letter, writes the results, and scores the best config on the held-out test set.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const test = suite("tutorial example");
const script = new URL("../examples/tutorial.mjs", import.meta.url).pathname;

test("runs trials on letter and writes results.csv and run.json", () => {
  const out = mkdtempSync(join(tmpdir(), "hyperwasm-tutorial-"));
  try {
    execFileSync(
      process.execPath,
      [
        script,
        "--scheduler",
        "fifo",
        "--time-out",
        "30",
        "--num-trials",
        "2",
        "--workers",
        "2",
        "--quiet",
        "--out",
        out,
      ],
      { encoding: "utf8" },
    );
    const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8"));
    assert.is(run.trials.length, 2);
    for (const t of run.trials) assert.is(t.status, "completed");
    for (const rows of Object.values(run.trainingHistory) as { epoch: number; objective: number }[][]) {
      assert.equal(
        rows.map((r) => r.epoch),
        [1, 2, 3, 4, 5, 6, 7, 8, 9],
      );
    }
    // the default config learns: far above the 1/26 of guessing
    assert.ok(run.bestReward > 0.5, `best validation accuracy ${run.bestReward}`);
    assert.ok(run.testAccuracy > 0.5, `test accuracy ${run.testAccuracy}`);
    const csv = readFileSync(join(out, "results.csv"), "utf8").trim().split("\n");
    assert.is(csv.length, 1 + 18);
    // --resume continues the checkpoint in the output folder: the two trials stay, a third runs
    const args = ["--scheduler", "fifo", "--time-out", "60", "--num-trials", "3", "--quiet", "--out", out];
    execFileSync(process.execPath, [script, ...args, "--resume"], { encoding: "utf8" });
    const resumed = JSON.parse(readFileSync(join(out, "run.json"), "utf8"));
    assert.equal(
      resumed.trials.map((t: { trialId: number }) => t.trialId),
      [0, 1, 2],
    );
    assert.equal(resumed.trainingHistory["0"], run.trainingHistory["0"]);
    assert.equal(resumed.configHistory["1"], run.configHistory["1"]);
    const third = resumed.trainingHistory["2"][0].time_since_start;
    assert.ok(third >= run.trainingHistory["1"][8].time_since_start, "the resumed run's clock continues");
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("--resume without a saved run says so", () => {
  const out = mkdtempSync(join(tmpdir(), "hyperwasm-tutorial-"));
  try {
    const r = spawnSync(process.execPath, [script, "--resume", "--out", out], { encoding: "utf8" });
    assert.is(r.status, 2);
    assert.is(
      r.stderr.split("\n")[0],
      `--resume continues the run saved in ${join(out, "checkpoint.json")}, but there is none (run without --resume first)`,
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("runs Hyperband promotion in worker threads: resumed trials continue from their checkpoint", () => {
  const out = mkdtempSync(join(tmpdir(), "hyperwasm-tutorial-"));
  try {
    execFileSync(
      process.execPath,
      [
        script,
        "--scheduler",
        "hbp",
        "--searcher",
        "random",
        "--time-out",
        "8",
        "--workers",
        "2",
        "--quiet",
        "--out",
        out,
      ],
      { encoding: "utf8" },
    );
    const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8"));
    const resumed = run.trials.filter((t: { resumeFrom?: number }) => t.resumeFrom !== undefined);
    for (const t of resumed) assert.is(run.trainingHistory[t.trialId][0].epoch, t.resumeFrom + 1);
    assert.ok(run.trials.length >= 3);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("Ctrl-C stops the run cleanly and still writes what was done", async () => {
  const out = mkdtempSync(join(tmpdir(), "hyperwasm-tutorial-"));
  try {
    // not a TTY, so progress comes as plain lines: the first finished trial is the cue
    const child = spawn(
      process.execPath,
      [script, "--scheduler", "fifo", "--searcher", "random", "--time-out", "120", "--out", out],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let text = "";
    const exited = new Promise<number | null>((r) => child.once("exit", r));
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on("data", (d) => {
        text += d;
        if (/^trial +\d+ completed/m.test(text)) resolve();
      });
      void exited.then(() => reject(new Error(`exited before a trial finished:\n${text}`)));
    });
    const t0 = Date.now();
    child.kill("SIGINT");
    assert.is(await exited, 0);
    assert.ok(Date.now() - t0 < 60_000, "stopped long before the 120 s budget");
    assert.match(text, "stopping (Ctrl-C again to quit at once)");
    const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8"));
    const done = run.trials.filter((t: { status: string }) => t.status === "completed");
    assert.ok(done.length >= 1, "the finished trial is in run.json");
    assert.ok(run.testAccuracy > 0.05, `the best config was scored on the test set: ${run.testAccuracy}`);
    const csv = readFileSync(join(out, "results.csv"), "utf8").trim().split("\n");
    assert.ok(csv.length >= 1 + 9, `results.csv has the finished trial's epochs (${csv.length - 1} rows)`);
    assert.match(readFileSync(join(out, "best-error.svg"), "utf8"), "<svg");
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

/** Runs the tutorial with bad arguments: it must exit 2 before any work, with this first line. */
function refused(args: string[]): string {
  const r = spawnSync(process.execPath, [script, ...args], { encoding: "utf8" });
  assert.is(r.status, 2, `npm start -- ${args.join(" ")} should exit with status 2`);
  assert.match(r.stderr, "usage: npm start --");
  return r.stderr.split("\n")[0];
}

test("refuses a scheduler that is not available with a clear message", () => {
  assert.is(refused(["--scheduler", "nope"]), "--scheduler nope is not available (choose one of fifo, hbs, hbp)");
});

test("refuses bad numbers, naming the flag, the text given and the rule", () => {
  assert.is(refused(["--workers", "abc"]), 'The value of --workers is "abc", but it must be an integer >= 1');
  assert.is(refused(["--workers", "0"]), 'The value of --workers is "0", but it must be an integer >= 1');
  assert.is(refused(["--time-out=-5"]), 'The value of --time-out is "-5", but it must be a number > 0');
  assert.is(refused(["--seed", "1.5"]), 'The value of --seed is "1.5", but it must be an integer >= 0');
  assert.is(refused(["--num-trials", ""]), 'The value of --num-trials is "", but it must be an integer >= 1');
  assert.is(refused(["--num-init-random", "-1"]), "Option '--num-init-random' argument is ambiguous.");
  assert.is(refused(["--bogus"]), "Unknown option '--bogus'");
});

test.run();
