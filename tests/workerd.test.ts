// The edge entry in the real workerd binary: an HPO experiment (Hyperband + bayesopt) driven over
// HTTP through examples/edge/worker.mjs, with its state in a Durable Object; bad requests get
// 4xx JSON errors and leave the experiment unchanged.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const test = suite("workerd");
const root = new URL("..", import.meta.url).pathname;
let proc: ChildProcess | null = null;
let dir = "";
let base = "";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

test.before(async () => {
  dir = mkdtempSync(join(tmpdir(), "hyperwasm-workerd-"));
  copyFileSync(join(root, "examples/edge/worker.mjs"), join(dir, "worker.mjs"));
  copyFileSync(join(root, "dist/edge.js"), join(dir, "hyperwasm.js"));
  copyFileSync(join(root, "dist/release.wasm"), join(dir, "release.wasm"));
  const port = await freePort();
  writeFileSync(
    join(dir, "config.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .hpo) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const hpo :Workerd.Worker = (
  modules = [
    (name = "worker.mjs", esModule = embed "worker.mjs"),
    (name = "hyperwasm", esModule = embed "hyperwasm.js"),
    (name = "release.wasm", wasm = embed "release.wasm"),
  ],
  compatibilityDate = "2024-09-23",
  durableObjectNamespaces = [ (className = "Experiment", uniqueKey = "hyperwasm-test") ],
  durableObjectStorage = (inMemory = void),
  bindings = [ (name = "EXPERIMENT", durableObjectNamespace = "Experiment") ],
);
`,
  );
  proc = spawn(join(root, "node_modules/.bin/workerd"), ["serve", join(dir, "config.capnp")], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  proc.stderr!.on("data", (d) => (stderr += d));
  base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      await fetch(`${base}/best`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`workerd did not start: ${stderr}`);
});

test.after(() => {
  proc?.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

const post = async (path: string, body: unknown) => {
  const r = await fetch(base + path, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body) });
  return { status: r.status, body: await r.json() };
};

test("drives a Hyperband + bayesopt experiment over HTTP to a good configuration", async () => {
  const decisions: string[] = [];
  let stoppedEarly = 0;
  for (;;) {
    const s = await post("/suggest", {});
    assert.is(s.status, 200, JSON.stringify(s.body));
    if (s.body.trialId === null) break;
    const { x, y } = s.body.config;
    const q = 1 - ((x - 0.3) ** 2 + (y - 0.6) ** 2);
    let ended = false;
    for (let epoch = 1; epoch <= 9; epoch++) {
      const r = await post("/report", {
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
    if (!ended) assert.is((await post("/complete", { trialId: s.body.trialId })).status, 200);
  }
  const best = await (await fetch(`${base}/best`)).json();
  assert.is(best.trials, 40);
  assert.ok(stoppedEarly >= 5, `${stoppedEarly} trials stopped at a rung`);
  assert.ok(best.rewardAtMaxT > 0.85, `best at maxT ${best.rewardAtMaxT}`);
  assert.ok(decisions.includes("stop") && decisions.includes("continue"));
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

test.run();
