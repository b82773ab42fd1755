// Trials on worker processes through BullMQ and Redis (hyperwasm/distributed): a real
// redis-server per test on 127.0.0.1, workers started with the `hyperwasm worker` command, and
// the failures the executor promises to survive: a worker killed mid-trial, the scheduler
// killed and resumed, Redis unreachable at start and lost mid-run.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { execFile, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Queue } from "bullmq";
import { ConfigError, FIFOScheduler, HyperbandScheduler, WorkerError, fileStore } from "../src/node.js";
import { distributed } from "../src/runtime/distributed/index.js";
import { fast, slow } from "./helpers/dist-trainers.js";
import { rejectsExactly, throwsExactly } from "./helpers/index.js";
import {
  type RedisProcess,
  type WorkerProcess,
  freePort,
  redisServerPath,
  startRedis,
  startWorker,
  stopWorkers,
} from "./helpers/redis.js";

const hasRedis = redisServerPath() !== null;
let skipped = 0;
const test = suite("distributed (BullMQ + Redis)");
/** A test that needs a real redis-server: skipped (and counted, and said) on a machine without one. */
const needsRedis = (name: string, fn: () => Promise<void>): void => {
  if (hasRedis) {
    test(name, fn);
    return;
  }
  skipped++;
  test.skip(name, fn);
};
const trainers = new URL("./helpers/dist-trainers.ts", import.meta.url).pathname;
const schedulerChild = new URL("./helpers/distributed-scheduler.ts", import.meta.url).pathname;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Row = { epoch: number; pid: number; resumed: number };
/** Every trial's reports are epochs resumeFrom+1, resumeFrom+2, … with nothing repeated. */
function assertNoDuplicates(history: Record<string, Row[]>): void {
  for (const [id, rows] of Object.entries(history)) {
    const epochs = rows.map((r) => r.epoch);
    const first = epochs[0];
    assert.equal(
      epochs,
      epochs.map((_, i) => first + i),
      `trial ${id}: epochs ${epochs.join(",")}`,
    );
  }
}

interface Setup {
  /** `hyperwasm worker` processes on queue "t", started with this trainer of dist-trainers.ts. */
  workers?: number;
  trainer?: string;
  workerArgs?: string[];
  workerEnv?: Record<string, string>;
  redisArgs?: string[];
  tls?: { cert: string; key: string };
}

/**
 * A private redis-server, worker processes (ready before `body` runs) and a temporary folder,
 * all torn down afterwards whatever `body` does.
 */
async function withRedis(
  setup: Setup,
  body: (redis: RedisProcess, ws: WorkerProcess[], dir: string) => Promise<void>,
): Promise<void> {
  const redis = await startRedis(setup.redisArgs, setup.tls);
  const ws = Array.from({ length: setup.workers ?? 0 }, () =>
    startWorker(
      [
        "--redis",
        redis.url,
        "--queue",
        "t",
        "--trainer",
        `${trainers}#${setup.trainer ?? "fast"}`,
        ...(setup.workerArgs ?? []),
      ],
      setup.workerEnv,
    ),
  );
  const dir = mkdtempSync(join(tmpdir(), "hyperwasm-dist-"));
  try {
    await Promise.all(ws.map((w) => w.ready));
    await body(redis, ws, dir);
  } finally {
    await stopWorkers(ws);
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

needsRedis("Hyperband + bayesopt on three worker processes: stop decisions reach the trainers", async () => {
  await withRedis({ workers: 3 }, async (redis, ws) => {
    const s = new HyperbandScheduler(fast, {
      numTrials: 24,
      seed: 3,
      rewardAttr: "accuracy",
      searcher: "bayesopt",
      searchOptions: { numInitRandom: 4 },
      executor: distributed({ redis: redis.url, experiment: "t", capacity: 3 }),
      logger: null,
    });
    await s.run();
    await s.joinJobs();
    assert.is(s.trials.size, 24);
    const statuses = [...s.trials.values()].map((t) => t.status);
    assert.ok(
      statuses.every((x) => x === "completed" || x === "stopped"),
      statuses.join(","),
    );
    const history = s.trainingHistory as unknown as Record<string, Row[]>;
    assertNoDuplicates(history);
    const stopped = [...s.trials.values()].filter((t) => t.status === "stopped");
    assert.ok(stopped.length >= 8, `${stopped.length} stopped`);
    for (const t of stopped)
      assert.ok([1, 3].includes(history[t.trialId].at(-1)!.epoch), "stopped at a rung, not later");
    const pids = new Set(
      Object.values(history)
        .flat()
        .map((r) => r.pid),
    );
    const workerPids = new Set(ws.map((w) => w.proc.pid));
    assert.ok(
      [...pids].every((p) => workerPids.has(p)),
      "every epoch ran in a worker process",
    );
    assert.ok(pids.size >= 2, `trials spread over ${pids.size} workers`);
    assert.ok(
      ws.some((w) => / stop$/m.test(w.output())),
      "a worker logged a trial that was told to stop",
    );
  });
});

needsRedis("promotion: a paused trial resumes from the checkpoint its worker saved in Redis", async () => {
  await withRedis({ workers: 2 }, async (redis) => {
    const s = new HyperbandScheduler(fast, {
      type: "promotion",
      numTrials: 16,
      seed: 2,
      rewardAttr: "accuracy",
      executor: distributed({ redis: redis.url, experiment: "t", capacity: 2 }),
      logger: null,
    });
    await s.run();
    await s.joinJobs();
    const resumed = [...s.trials.values()].filter((t) => t.resumeFrom);
    assert.ok(resumed.length >= 2, `${resumed.length} promotions`);
    const history = s.trainingHistory as unknown as Record<string, Row[]>;
    for (const t of resumed) {
      assert.is(t.status === "failed", false, t.error?.message);
      // the trainer throws when it finds no checkpoint, and reports the epoch it restored
      assert.is(history[t.trialId][0].resumed, t.resumeFrom);
      assert.is(history[t.trialId][0].epoch, t.resumeFrom! + 1);
    }
  });
});

needsRedis("a worker killed mid-trial: its trial fails once, the others finish, nothing runs twice", async () => {
  await withRedis(
    { workers: 2, trainer: "slow", workerArgs: ["--lock-duration", "1000", "--stalled-interval", "300"] },
    async (redis, ws) => {
      const s = new FIFOScheduler(slow, {
        numTrials: 6,
        seed: 1,
        rewardAttr: "accuracy",
        executor: distributed({ redis: redis.url, experiment: "t", capacity: 2 }),
        logger: null,
      });
      const running = s.run();
      const victim = ws[0].proc.pid!;
      const history = s.trainingHistory as unknown as Record<string, Row[]>;
      let doomed: number[] = [];
      for (let i = 0; i < 400 && doomed.length === 0; i++) {
        await sleep(10);
        doomed = Object.entries(history)
          .filter(([, rows]) => rows.some((r) => r.pid === victim))
          .map(([id]) => Number(id));
      }
      assert.ok(doomed.length > 0, "the victim reported");
      ws[0].proc.kill("SIGKILL");
      await running;
      await s.joinJobs();
      assert.is(s.trials.size, 6);
      const lost = [...s.trials.values()].filter((t) => t.status === "failed");
      assert.equal(
        lost.map((t) => t.trialId),
        doomed.filter((id) => s.trials.get(id)!.status !== "completed"),
      );
      assert.is(lost.length, 1);
      assert.is(
        lost[0].error!.message,
        `trial ${lost[0].trialId} failed: its worker stopped responding (its job lock expired and a stalled-job check failed it)`,
      );
      for (const t of s.trials.values()) if (t.status !== "failed") assert.is(t.status, "completed");
      assertNoDuplicates(history);
      for (const t of s.trials.values()) if (t.status === "completed") assert.is(history[t.trialId].length, 6);
      assert.ok(
        history[lost[0].trialId].every((r) => r.pid === victim),
        "the failed trial was not re-run elsewhere",
      );
    },
  );
});

needsRedis(
  "the only worker killed mid-trial: the scheduler's own check fails the trial; a new worker runs the rest",
  async () => {
    await withRedis({ workers: 1, trainer: "slow", workerArgs: ["--lock-duration", "500"] }, async (redis, ws) => {
      const s = new FIFOScheduler(slow, {
        numTrials: 2,
        seed: 1,
        rewardAttr: "accuracy",
        logger: null,
        executor: distributed({ redis: redis.url, experiment: "t", capacity: 1, stalledCheck: 0.3 }),
      });
      const running = s.run();
      running.catch(() => {}); // if an assertion below fails first, Redis stops under the run: not an unhandled rejection
      for (let i = 0; i < 400 && !(s.trainingHistory[0]?.length > 0); i++) await sleep(10);
      assert.ok(s.trainingHistory[0]?.length > 0, "trial 0 reported");
      ws[0].proc.kill("SIGKILL");
      // no worker is left to run a stalled-job check: only the scheduler can notice
      for (let i = 0; i < 500 && s.trials.get(0)!.status !== "failed"; i++) await sleep(10);
      assert.is(s.trials.get(0)!.status, "failed");
      assert.is(
        s.trials.get(0)!.error!.message,
        "trial 0 failed: its worker stopped responding (its job lock expired and a stalled-job check failed it)",
      );
      const fresh = startWorker(["--redis", redis.url, "--queue", "t", "--trainer", `${trainers}#slow`]);
      try {
        await running;
        await s.joinJobs();
        assert.equal(
          [...s.trials.values()].map((t) => t.status),
          ["failed", "completed"],
        );
        assert.ok(
          (s.trainingHistory as unknown as Record<string, Row[]>)[1].every((r) => r.pid === fresh.proc.pid),
          "trial 1 ran on the new worker",
        );
      } finally {
        await stopWorkers([fresh]);
      }
    });
  },
);

needsRedis("stopped (AbortSignal) with no worker alive: queued trials leave the queue and the run ends", async () => {
  await withRedis({}, async (redis) => {
    const stop = new AbortController();
    const s = new FIFOScheduler(fast, {
      numTrials: 4,
      seed: 1,
      signal: stop.signal,
      logger: null,
      executor: distributed({ redis: redis.url, experiment: "t", capacity: 2 }),
    });
    const running = s.run();
    await sleep(300);
    stop.abort();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const hung = new Promise<string>((r) => (timer = setTimeout(() => r("still waiting after 5 s"), 5000)));
    const ended = (async () => (await running, await s.joinJobs(), "ended"))();
    assert.is(await Promise.race([ended, hung]), "ended");
    clearTimeout(timer);
    assert.equal(
      [...s.trials.values()].map((t) => [t.status, t.error?.message]),
      [0, 1].map((id) => ["failed", `trial ${id} did not run: the run was stopped before a worker took its job`]),
    );
    const q = new Queue("t", { connection: { host: "127.0.0.1", port: redis.port }, prefix: "hyperwasm" });
    assert.is(await q.getWaitingCount(), 0);
    await q.close();
  });
});

needsRedis(
  "the scheduler killed with SIGKILL and resumed re-attaches: trials finish once, stale jobs stop",
  async () => {
    await withRedis({ workers: 3, trainer: "slow" }, async (redis, _ws, dir) => {
      const path = join(dir, "state.json");
      const first = spawn(process.execPath, ["--import", "tsx", schedulerChild, redis.url, "t", path], {
        stdio: "ignore",
      });
      for (let i = 0; i < 1200; i++) {
        await sleep(25);
        if (existsSync(path) && JSON.parse(readFileSync(path, "utf8")).trials.length >= 2) break;
      }
      first.kill("SIGKILL");
      await new Promise((r) => first.once("exit", r));
      const saved = JSON.parse(readFileSync(path, "utf8"));
      assert.ok(
        saved.trials.length >= 2 && saved.trials.length < 10,
        `killed mid-run (${saved.trials.length} finished)`,
      );
      assert.ok(saved.running.length > 0, "trials were running when it died");

      const { stdout } = await promisify(execFile)(
        process.execPath,
        ["--import", "tsx", schedulerChild, redis.url, "t", path, "--resume"],
        { encoding: "utf8" },
      );
      const final = JSON.parse(stdout);
      const ids = final.trials.map((t: { trialId: number }) => t.trialId).sort((a: number, b: number) => a - b);
      assert.equal(ids, [...Array(10).keys()]);
      for (const t of final.trials)
        assert.ok(t.status === "completed" || t.status === "stopped", `${t.trialId}: ${t.status}`);
      for (const t of saved.trials) assert.equal(final.trainingHistory[t.trialId], saved.trainingHistory[t.trialId]);
      assertNoDuplicates(final.trainingHistory);
      // the first process's running jobs were told to stop and left the queue
      const q = new Queue("t", { connection: { host: "127.0.0.1", port: redis.port }, prefix: "hyperwasm" });
      for (let i = 0; i < 100 && (await q.getActiveCount()) > 0; i++) await sleep(50);
      assert.is(await q.getActiveCount(), 0);
      assert.is(await q.getWaitingCount(), 0);
      await q.close();
    });
  },
);

test("Redis unreachable at start: a clear error before any trial", async () => {
  const port = await freePort();
  const s = new FIFOScheduler(fast, {
    numTrials: 2,
    executor: distributed({ redis: `redis://127.0.0.1:${port}`, experiment: "t", connectTimeout: 2 }),
    logger: null,
  });
  await rejectsExactly(
    () => s.run(),
    WorkerError,
    `Cannot reach Redis at redis://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`,
  );
  assert.is(s.trials.size, 0);
});

needsRedis(
  "auth: the password reaches both clients (URL and HYPERWASM_REDIS_PASSWORD); a wrong one is a clear error",
  async () => {
    await withRedis(
      { workers: 1, redisArgs: ["--requirepass", "s3cret"], workerEnv: { HYPERWASM_REDIS_PASSWORD: "s3cret" } },
      async (redis) => {
        const wrong = new FIFOScheduler(fast, {
          numTrials: 1,
          executor: distributed({ redis: `redis://:nope@127.0.0.1:${redis.port}`, experiment: "t" }),
          logger: null,
        });
        await rejectsExactly(
          () => wrong.run(),
          WorkerError,
          `Cannot reach Redis at redis://:***@127.0.0.1:${redis.port}: WRONGPASS invalid username-password pair or user is disabled.`,
        );
        const s = new FIFOScheduler(fast, {
          numTrials: 3,
          rewardAttr: "accuracy",
          executor: distributed({ redis: `redis://:s3cret@127.0.0.1:${redis.port}`, experiment: "t", capacity: 1 }),
          logger: null,
        });
        await s.run();
        await s.joinJobs();
        assert.equal(
          [...s.trials.values()].map((t) => t.status),
          ["completed", "completed", "completed"],
        );
      },
    );
  },
);

needsRedis("TLS: a rediss:// worker with --tls-ca and a scheduler with ioredis TLS options", async () => {
  const certs = mkdtempSync(join(tmpdir(), "hyperwasm-tls-"));
  const cert = join(certs, "cert.pem"),
    key = join(certs, "key.pem");
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        key,
        "-out",
        cert,
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
      ],
      { stdio: "ignore" },
    );
    await withRedis({ workers: 1, tls: { cert, key }, workerArgs: ["--tls-ca", cert] }, async (redis, ws) => {
      assert.ok(ws[0].output().includes(`on rediss://127.0.0.1:${redis.port}`), ws[0].output());
      const s = new FIFOScheduler(fast, {
        numTrials: 2,
        rewardAttr: "accuracy",
        logger: null,
        executor: distributed({
          redis: { host: "127.0.0.1", port: redis.port, tls: { ca: readFileSync(cert) } },
          experiment: "t",
          capacity: 1,
        }),
      });
      await s.run();
      await s.joinJobs();
      assert.equal(
        [...s.trials.values()].map((t) => t.status),
        ["completed", "completed"],
      );
      // without the CA the certificate is not trusted: a clear error at start
      const untrusted = new FIFOScheduler(fast, {
        numTrials: 1,
        logger: null,
        executor: distributed({ redis: redis.url, experiment: "t", connectTimeout: 2 }),
      });
      const err = await untrusted.run().then(
        () => null,
        (e: Error) => e,
      );
      assert.instance(err, WorkerError);
      // Node 22+ appends a hint about --use-system-ca to OpenSSL's reason
      const reason = err!.message.replace(
        /; if the root CA is installed locally, try running Node\.js with --use-system-ca$/,
        "",
      );
      assert.is(reason, `Cannot reach Redis at rediss://127.0.0.1:${redis.port}: self-signed certificate`);
    });
  } finally {
    rmSync(certs, { recursive: true, force: true });
  }
});

needsRedis("Redis lost mid-run: the run stops with a clear error and its checkpoint intact", async () => {
  await withRedis({ workers: 2, trainer: "slow" }, async (redis, _ws, dir) => {
    const path = join(dir, "state.json");
    const s = new FIFOScheduler(slow, {
      numTrials: 20,
      rewardAttr: "accuracy",
      checkpoint: fileStore(path),
      logger: null,
      executor: distributed({ redis: redis.url, experiment: "t", capacity: 2, redisTimeout: 1 }),
    });
    const running = s.run();
    for (let i = 0; i < 400 && [...s.trials.values()].filter((t) => t.status === "completed").length < 2; i++)
      await sleep(10);
    await redis.stop("SIGKILL");
    const t0 = Date.now();
    const err = await running.then(
      () => null,
      (e: Error) => e,
    );
    assert.instance(err, WorkerError);
    assert.match(
      err!.message,
      new RegExp(
        `^Lost the connection to Redis at redis://127\\.0\\.0\\.1:${redis.port} \\(.+\\); the run stops here\\. Its checkpoint \\(if one is configured\\) keeps the last saved state: run again with resume: true\\.$`,
      ),
    );
    assert.ok(Date.now() - t0 < 8000, "noticed within the redisTimeout and its retries");
    await s.joinJobs();
    const saved = JSON.parse(readFileSync(path, "utf8"));
    assert.is(saved.version, 1);
    assert.ok(saved.trials.length >= 2, "finished trials are in the checkpoint");
    // the workers say it once each, not once per retry and connection
    await sleep(2500);
    for (const w of _ws) {
      assert.not.match(w.output(), "Unhandled error event");
      const lines = w
        .output()
        .split("\n")
        .filter((l) => l.includes("lost the connection to Redis"));
      assert.is(lines.length, 1, w.output());
    }
  });
});

needsRedis(
  "a worker whose scheduler is gone exits on SIGTERM within its lock duration, its trial told to stop",
  async () => {
    await withRedis(
      { workers: 1, trainer: "slow", workerArgs: ["--lock-duration", "2000"] },
      async (redis, ws, dir) => {
        const path = join(dir, "state.json");
        const scheduler = spawn(process.execPath, ["--import", "tsx", schedulerChild, redis.url, "t", path], {
          stdio: "ignore",
        });
        for (let i = 0; i < 400 && !/trial \d+ \(/.test(ws[0].output()); i++) await sleep(25);
        scheduler.kill("SIGKILL");
        await new Promise((r) => scheduler.once("exit", r));
        await sleep(500); // the worker's trial now waits for a decision that never comes
        const t0 = Date.now();
        ws[0].proc.kill("SIGTERM");
        const code = await ws[0].exited;
        const took = Date.now() - t0;
        assert.is(code, 0);
        assert.ok(took < 2000, `exited after ${took} ms`);
        assert.match(ws[0].output(), /trial \d+ \([^)]*\): stop/);
      },
    );
  },
);

test("a --trainer module that does not exist is one line and exit 2", () => {
  const cli = new URL("../src/runtime/distributed/cli.ts", import.meta.url).pathname;
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", cli, "worker", "--redis", "redis://127.0.0.1:1", "--queue", "t", "--trainer", "nope.mjs#train"],
    { encoding: "utf8" },
  );
  assert.is(r.status, 2);
  assert.is(
    r.stderr.trim(),
    `ConfigError: The value of --trainer is "nope.mjs#train", but it must be a module that exists (there is no ${join(process.cwd(), "nope.mjs")})`,
  );
});

needsRedis("a worker with another trainer refuses the jobs; the trials fail, the run goes on", async () => {
  await withRedis({ workers: 1, trainer: "other" }, async (redis) => {
    const s = new FIFOScheduler(fast, {
      numTrials: 2,
      executor: distributed({ redis: redis.url, experiment: "t", capacity: 1 }),
      logger: null,
    });
    await s.run();
    await s.joinJobs();
    const failed = [...s.trials.values()];
    assert.equal(
      failed.map((t) => t.status),
      ["failed", "failed"],
    );
    assert.is(
      failed[0].error!.message,
      `The scheduler's search space [["x",{"kind":"real","lower":0,"upper":1,"log":false}]] differs from this worker's trainer's [["y",{"kind":"real","lower":0,"upper":1,"log":false}]]: start the worker with the scheduler's trainer module`,
    );
  });
});

test("bad options and command lines are typed errors that name the value and the rule", () => {
  throwsExactly(
    () => distributed({ redis: "redis://127.0.0.1:6379", experiment: "my:exp" }),
    ConfigError,
    `The value of experiment is "my:exp", but it must be a non-empty string of letters, digits, '.', '_' and '-' (it names the queue)`,
  );
  throwsExactly(
    () => distributed({ redis: "redis://127.0.0.1:6379", experiment: "e", capacity: 0 }),
    ConfigError,
    "The value of options.capacity is 0, but it must be an integer >= 1",
  );
  throwsExactly(
    () => distributed({ redis: "redis://127.0.0.1:6379", experiment: "e", stalledCheck: 0 }),
    ConfigError,
    "The value of options.stalledCheck is 0, but it must be a number > 0",
  );
  throwsExactly(
    () => distributed({ redis: 6379 as never, experiment: "e" }),
    ConfigError,
    "The value of options.redis is 6379, but it must be a redis:// or rediss:// URL or an ioredis options object",
  );
  const cli = new URL("../src/runtime/distributed/cli.ts", import.meta.url).pathname;
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", cli, "worker", "--redis", "redis://127.0.0.1:1", "--queue", "t"],
    { encoding: "utf8" },
  );
  assert.is(r.status, 2);
  assert.is(
    r.stderr.trim(),
    "ConfigError: The value of --trainer is undefined, but it must be given (see hyperwasm worker --help)",
  );
  const bad = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      cli,
      "worker",
      "--redis",
      "redis://127.0.0.1:1",
      "--queue",
      "t",
      "--trainer",
      `${trainers}#fast`,
      "--concurrency",
      "0",
    ],
    { encoding: "utf8" },
  );
  assert.is(bad.status, 2);
  assert.is(bad.stderr.trim(), `ConfigError: The value of --concurrency is "0", but it must be an integer >= 1`);
});

if (!hasRedis)
  console.log(
    `distributed: ${skipped} tests SKIPPED: no redis-server binary on this machine (Debian: apt-get install redis-server; .ci/run installs it)`,
  );
test.run();
