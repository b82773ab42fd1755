// Checkpoint and resume (algorithms §4.5): a process killed with SIGKILL mid-run is resumed by a
// second one; every finished trial of the first is present once, unchanged, and the run completes.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FIFOScheduler, MemoryStore, simulated, ConfigError } from "../src/node.js";
import { quadratic } from "./helpers/trainers.js";
import { rejectsExactly } from "./helpers/index.js";

const test = suite("checkpoint and resume");
const child = new URL("./helpers/resume-child.ts", import.meta.url).pathname;

test("a run killed with SIGKILL resumes: nothing finished is lost or counted twice", async () => {
  const dir = mkdtempSync(join(tmpdir(), "hyperwasm-resume-"));
  const path = join(dir, "state.json");
  try {
    const first = spawn(process.execPath, ["--import", "tsx", child, path], { stdio: "ignore" });
    // wait until at least 4 trials are checkpointed, then kill without warning
    for (let i = 0; i < 600; i++) {
      await new Promise((r) => setTimeout(r, 25));
      if (existsSync(path) && JSON.parse(readFileSync(path, "utf8")).trials.length >= 4) break;
    }
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));
    const saved = JSON.parse(readFileSync(path, "utf8"));
    assert.ok(saved.trials.length >= 4 && saved.trials.length < 16, `killed mid-run (${saved.trials.length} finished)`);

    const out = execFileSync(process.execPath, ["--import", "tsx", child, path, "--resume"], { encoding: "utf8" });
    const final = JSON.parse(out);
    const ids = final.trials.map((t: { trialId: number }) => t.trialId).sort((a: number, b: number) => a - b);
    assert.equal(ids, [...Array(16).keys()]);
    for (const t of final.trials) assert.is(t.status, "completed");
    for (const t of saved.trials) {
      assert.equal(final.configHistory[t.trialId], saved.configHistory[t.trialId]);
      assert.equal(final.trainingHistory[t.trialId], saved.trainingHistory[t.trialId]);
    }
    for (const rows of Object.values(final.trainingHistory) as unknown[][]) assert.is(rows.length, 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("resume without a saved state is an error", async () => {
  const s = new FIFOScheduler(quadratic, {
    numTrials: 2,
    executor: simulated(),
    checkpoint: new MemoryStore(),
    resume: true,
    logger: null,
  });
  await rejectsExactly(
    () => s.run(),
    ConfigError,
    "The value of resume is true, but it must be false when the checkpoint holds no state yet",
  );
});

test.run();
