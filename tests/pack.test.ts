// The package as a consumer gets it: `npm pack`, install the tarball into an empty project, import
// it by name (ESM and types) and run a short search. Catches files missing from `files` or `exports`.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const test = suite("packed package");
const root = new URL("..", import.meta.url).pathname;

test("installs from its tarball and works by name: ESM, the Node entry, the data, the types", () => {
  const dir = mkdtempSync(join(tmpdir(), "hyperwasm-pack-"));
  try {
    execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", dir], { cwd: root, stdio: "pipe" });
    const tgz = readdirSync(dir).find((f) => f.endsWith(".tgz"))!;
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", `./${tgz}`], {
      cwd: dir,
      stdio: "pipe",
    });
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
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
