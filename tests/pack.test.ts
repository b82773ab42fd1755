// The package as a consumer gets it: `npm pack`, install the tarball into an empty project, import
// it by name (ESM and types) and run a short search; then run the README's code blocks there, as a
// newcomer would paste them. Catches files missing from `files` or `exports`, and a README that lies.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { execFileSync, spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { codeBlocks } from "./helpers/readme.js";

const test = suite("packed package");
const root = new URL("..", import.meta.url).pathname;
let dir = "";

test.before(() => {
  dir = mkdtempSync(join(tmpdir(), "hyperwasm-pack-"));
  execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", dir], { cwd: root, stdio: "pipe" });
  const tgz = readdirSync(dir).find((f) => f.endsWith(".tgz"))!;
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", `./${tgz}`], {
    cwd: dir,
    stdio: "pipe",
  });
  // the optional tfjs peers, as `npm install @tensorflow/tfjs @tensorflow/tfjs-backend-wasm` would
  // add them (linked from this checkout, whose node_modules then also serve their dependencies:
  // the test must not need the network)
  mkdirSync(join(dir, "node_modules/@tensorflow"), { recursive: true });
  for (const p of readdirSync(join(root, "node_modules/@tensorflow")))
    symlinkSync(join(root, "node_modules/@tensorflow", p), join(dir, "node_modules/@tensorflow", p));
});

test.after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("installs from its tarball and works by name: ESM, the Node entry, the data, the types", () => {
  {
    writeFileSync(
      join(dir, "main.ts"),
      `
import { FIFOScheduler, HyperbandScheduler, args, real, simulated, loadLetter, cholesky, type Config } from "hyperwasm";
const train = args({ x: real(0, 1), epochs: 3 }, async (cfg, reporter) => {
  for (let e = 1; e <= cfg.epochs; e++) await reporter({ epoch: e, accuracy: 1 - (cfg.x - 0.3) ** 2, cost: 1 });
});
const s = new HyperbandScheduler(train, { numTrials: 12, seed: 1, searcher: "bayesopt", executor: simulated({ workers: 2 }), logger: null,
  searchOptions: { numInitRandom: 3 } });
await s.run();
await s.joinJobs();
const best: Config | undefined = s.getBestConfig();
const letter = loadLetter();
console.log(JSON.stringify({ trials: s.trials.size, best, reward: s.getBestReward(), rows: letter.train.n, chol: cholesky([[4, 2], [2, 3]]).ok, fifo: typeof FIFOScheduler }));
`,
    );
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: [],
        },
        files: ["main.ts"],
      }),
    );
    // the types resolve through the package's exports map
    execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", dir], {
      cwd: dir,
      stdio: "pipe",
    });
    const js = join(dir, "run.mjs");
    // run the same program as plain JavaScript (types stripped by hand: only the annotations differ)
    writeFileSync(
      js,
      `
import { FIFOScheduler, HyperbandScheduler, args, real, simulated, loadLetter, cholesky } from "hyperwasm";
const train = args({ x: real(0, 1), epochs: 3 }, async (cfg, reporter) => {
  for (let e = 1; e <= cfg.epochs; e++) await reporter({ epoch: e, accuracy: 1 - (cfg.x - 0.3) ** 2, cost: 1 });
});
const s = new HyperbandScheduler(train, { numTrials: 12, seed: 1, searcher: "bayesopt", executor: simulated({ workers: 2 }), logger: null, searchOptions: { numInitRandom: 3 } });
await s.run();
await s.joinJobs();
const letter = loadLetter();
console.log(JSON.stringify({ trials: s.trials.size, best: s.getBestConfig(), reward: s.getBestReward(), rows: letter.train.n, chol: cholesky([[4, 2], [2, 3]]).ok, fifo: typeof FIFOScheduler }));
`,
    );
    const out = JSON.parse(execFileSync(process.execPath, [js], { cwd: dir, encoding: "utf8" }));
    assert.is(out.trials, 12);
    assert.ok(out.reward > 0.95, `best reward ${out.reward}`);
    assert.is(out.rows, 12060);
    assert.is(out.chol, true);
    assert.is(out.fifo, "function");
    // the worker command is installed as a bin
    const usage = execFileSync(join(dir, "node_modules/.bin/hyperwasm"), ["--help"], { cwd: dir, encoding: "utf8" });
    assert.ok(usage.startsWith("Usage: hyperwasm worker --redis URL --queue NAME --trainer MODULE[#EXPORT]"), usage);
    // …and without the optional queue packages it says what to install
    writeFileSync(
      join(dir, "train.mjs"),
      `import { args, real } from "hyperwasm";\nexport const train = args({ x: real(0, 1) }, async () => {});\n`,
    );
    try {
      execFileSync(
        join(dir, "node_modules/.bin/hyperwasm"),
        ["worker", "--redis", "redis://127.0.0.1:1", "--queue", "q", "--trainer", "./train.mjs#train"],
        { cwd: dir, stdio: "pipe" },
      );
      assert.unreachable("the worker started without bullmq");
    } catch (e) {
      const err = e as { status: number; stderr: Buffer };
      assert.is(err.status, 2);
      assert.is(
        err.stderr.toString().trim(),
        "ConfigError: hyperwasm worker needs the optional packages bullmq and ioredis: npm install bullmq ioredis",
      );
    }
  }
});

test("`hyperwasm dashboard` from the tarball: serves the page, the bundle it loads, and the run's state", async () => {
  const run = join(dir, "run");
  mkdirSync(run, { recursive: true });
  const bin = join(dir, "node_modules/.bin/hyperwasm");
  const p = spawn(bin, ["dashboard", run, "--port", "0"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  try {
    const url = await new Promise<string>((ok, fail) => {
      let out = "";
      p.stdout!.on("data", (d) => {
        out += d;
        const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) ok(m[1]);
      });
      p.once("exit", (code) => fail(new Error(`exited with ${code}: ${out}`)));
    });
    const page = await (await fetch(url)).text();
    assert.match(page, "hyperwasm.mountDashboard");
    const bundle = await fetch(`${url}hyperwasm.iife.js`);
    assert.is(bundle.status, 200);
    assert.match(await bundle.text(), "mountDashboard");
    const waiting = await fetch(`${url}state`);
    assert.is(waiting.status, 503);
    assert.equal(await waiting.json(), { waiting: `no ${join(run, "checkpoint.json")} yet` });
    writeFileSync(join(run, "checkpoint.json"), '{"trials": []}');
    assert.equal(await (await fetch(`${url}state`)).json(), { trials: [] });
  } finally {
    p.kill("SIGINT");
  }
});

/** Runs one README block in the consumer project; `best` is the last number it printed. */
function runBlock(title: string): { out: string; best: number } {
  const [code] = codeBlocks(readFileSync(join(root, "README.md"), "utf8"), title);
  assert.ok(code, `the README has a js block under "## ${title}"`);
  const file = join(dir, `${title.replace(/\W+/g, "-").toLowerCase()}.mjs`);
  writeFileSync(file, code);
  // plain output to parse: uvu sets FORCE_COLOR, which would colour console.log's objects
  const { FORCE_COLOR: _, ...env } = process.env;
  const out = execFileSync(process.execPath, [file], {
    cwd: dir,
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const numbers = out.match(/-?\d+(\.\d+)?(e-?\d+)?/g) ?? [];
  return { out, best: Number(numbers[numbers.length - 1]) };
}

test("README, Quick start: runs as pasted and finds the toy problem's optimum (lr near 0.01)", () => {
  const { out, best } = runBlock("Quick start");
  // the toy's best possible value is about 0.98 (lr = 0.01, 256 tanh units, 9 epochs)
  assert.ok(best > 0.9, out);
  const lr = Number(/lr: ([\d.e-]+)/.exec(out)?.[1]);
  assert.ok(lr > 0.002 && lr < 0.05, out);
});

test("README, Your own data: a CSV the project ships, through splitData and mlpTrainer, to result files", () => {
  // 3,000 rows of the shipped letter data stand in for the user's file (26 classes, chance 0.04)
  const letter = readFileSync(join(root, "data/letter.csv"), "utf8").split("\n");
  writeFileSync(join(dir, "my-data.csv"), `${letter.slice(0, 3001).join("\n")}\n`);
  const { out } = runBlock("Your own data");
  const best = Number(/best validation accuracy ([\d.]+)/.exec(out)?.[1]);
  assert.ok(best > 0.6, out);
  for (const f of ["history.csv", "history.json", "results.csv", "run.json", "best-error.svg"])
    assert.ok(existsSync(join(dir, "results", f)), f);
});

test("README, Coming from Optuna: the ask/tell loop minimizes (x − 2)² + log2(n)", () => {
  const { out, best } = runBlock("Coming from Optuna");
  assert.ok(best >= 0 && best < 0.5, out);
});

test.run();
