// One-line mutations of core logic, each of which some test must catch. `npm run mutants`
// applies each in turn, runs the test files that should notice, and restores the file; it ends
// with the mutants that survived (exit 1 if any). `npm run mutants -- skopt` runs those whose
// name contains "skopt". Not part of `npm test` (it takes minutes).
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

const MUTANTS = [
  [
    "bayesopt's grace period: 3 even with modelStopping: false",
    "src/schedulers/hyperband-options.ts",
    'const model = options.searcher === "bayesopt" && options.modelStopping !== false;',
    'const model = options.searcher === "bayesopt";',
    "model-stopping",
  ],
  [
    "bayesopt's grace period: 3 even where it leaves a single rung",
    "src/schedulers/hyperband-options.ts",
    "return model && 3 * (options.reductionFactor ?? 3) <= maxT ? 3 : 1;",
    "return model && 3 <= maxT ? 3 : 1;",
    "model-stopping",
  ],
  [
    "bayesopt's grace period: the searcher's lowest resource is not the first rung",
    "src/schedulers/hyperband.ts",
    "minResource: levelsFrom(o, maxT)[0]",
    "minResource: o.gracePeriod ?? 1",
    "model-stopping",
  ],
  [
    "MOBSTER's bookkeeping: a result keeps its config's other pending levels when the trial ended",
    "src/searchers/mobster-data.ts",
    "this.pending = this.pending.filter((p) => !(p.key === key && (p.r === r || terminated)));",
    "this.pending = this.pending.filter((p) => !(p.key === key && p.r === r));",
    "mobster",
  ],
  [
    "MOBSTER's bookkeeping: the checkpoint forgets failed configs",
    "src/searchers/mobster-data.ts",
    "return { labeled: this.labeled, pending: this.pending, failed: [...this.failed] };",
    "return { labeled: this.labeled, pending: this.pending, failed: [] };",
    "mobster|searchers|checkpoint",
  ],
  [
    "maxSizeDataForFit: the fit sees every point",
    "src/searchers/gp-searcher.ts",
    "if (n <= this.common.maxSizeDataForFit) return { X, y, n };",
    "return { X, y, n };",
    "searcher-thread",
  ],
  [
    "solveLowerMany: the tiled rows add the accumulated sum instead of subtracting it",
    "assembly/triangular.ts",
    "v128.store(x, f64x2.mul(f64x2.sub(v128.load(x), a0), s));",
    "v128.store(x, f64x2.mul(f64x2.add(v128.load(x), a0), s));",
    "linalg",
    "npm run asbuild",
  ],
  [
    "hypertune: θ votes for the largest loss",
    "src/searchers/hypertune-weights.ts",
    "const min = Math.min(...losses.map((l) => l[s]));",
    "const min = Math.max(...losses.map((l) => l[s]));",
    "hypertune",
  ],
  [
    "hypertune: the scheduler ignores the searcher's bracket distribution",
    "src/schedulers/hyperband.ts",
    "const probs = this.searcher.bracketDistribution?.(this.bracketProbs) ?? this.bracketProbs;",
    "const probs = this.bracketProbs;",
    "hypertune",
  ],
  [
    "hypertune: the acquisition ignores θ (MOBSTER's single level)",
    "src/searchers/hypertune.ts",
    "if (!w) return super.acquisitionTarget(a);",
    "return super.acquisitionTarget(a);",
    "hypertune",
  ],
  [
    "model-informed promotion: the rung alone decides pauses",
    "src/schedulers/hyperband.ts",
    'if (!this.modelKeeps(t, j)) return "pause";',
    'return "pause";',
    "model-stopping",
  ],
  [
    "ask/tell: a stop or pause no longer ends the trial at the decision",
    "src/schedulers/fifo.ts",
    'if (decision !== "continue") this.onEnded(trialId);',
    "",
    "asktell",
  ],
  [
    "kde: scores g(x)/l(x) instead of l(x)/g(x)",
    "src/searchers/kde.ts",
    "const score = logDensity(x, good, bwGood) - logDensity(x, bad, bwBad);",
    "const score = logDensity(x, bad, bwBad) - logDensity(x, good, bwGood);",
    "kde",
  ],
  [
    "kde: the model level is the smallest with enough results",
    "src/searchers/kde.ts",
    "return ok.length ? Math.max(...ok) : null;",
    "return ok.length ? Math.min(...ok) : null;",
    "kde",
  ],
  [
    "model-informed stopping: keeps one config too many",
    "src/schedulers/model-stopping.ts",
    "keep: better < Math.ceil(keys.length * keep)",
    "keep: better <= Math.ceil(keys.length * keep)",
    "model-stopping",
  ],
  [
    "model-informed stopping: ignores modelStopping: false",
    "src/schedulers/hyperband.ts",
    "if (!this.modelStopping) return false;",
    "",
    "model-stopping",
  ],
  [
    "MOBSTER: predicts at the lowest resource instead of maxT",
    "src/searchers/mobster.ts",
    "maxTail: w(this.encodeResource(this.maxT)),",
    "maxTail: w(this.encodeResource(this.minT)),",
    "mobster",
  ],
  [
    "ask/tell: the clock starts when the scheduler is made",
    "src/schedulers/records.ts",
    "private clock: (() => number) | null = null;",
    "private clock: (() => number) | null = relativeClock();",
    "asktell",
  ],
  [
    "ask/tell: the clock option is ignored",
    "src/schedulers/records.ts",
    "this.clock ??= relativeClock(this.userClock);",
    "this.clock ??= relativeClock();",
    "asktell",
  ],
  // the issue's list of mutations that were not caught
  ["skopt: gp_hedge gain sign flipped", "src/searchers/skopt.ts", "this.gains[a] -= ", "this.gains[a] += ", "skopt"],
  [
    "skopt: the portfolio always picks EI",
    "src/searchers/skopt.ts",
    "pick = w.findIndex((v) => (u -= v) < 0);",
    "pick = 0;",
    "skopt",
  ],
  [
    "bayesopt: optSkipPeriod boundary >= → >",
    "src/searchers/bayesopt.ts",
    "N - this.fittedN >= this.o.optSkipPeriod",
    "N - this.fittedN > this.o.optSkipPeriod",
    "bayesopt",
  ],
  [
    "targets: sample instead of population std",
    "src/searchers/gp-searcher.ts",
    "0) / n), 1e-15)",
    "0) / (n - 1)), 1e-15)",
    "bayesopt",
  ],
  [
    "fantasies: no noise for a single pending point",
    "src/gp/fantasy.ts",
    "samples[f] = pred.mean[0] + s * rng.normal();",
    "samples[f] = pred.mean[0] + 0 * s;",
    "gp",
  ],
  [
    "local search: acquisition sign flipped",
    "src/searchers/bo-step.ts",
    "    return r.value;",
    "    return -r.value;",
    "gp|bayesopt",
  ],
  [
    "subsample keeps the worst half",
    "src/searchers/gp-searcher.ts",
    "(a, b) => a.criterion - b.criterion",
    "(a, b) => b.criterion - a.criterion",
    "bayesopt",
  ],
  [
    "rungs_and_last never removes a case",
    "src/schedulers/hyperband.ts",
    "this.searcher.removeCase?.(rec.config, prev);",
    "void prev;",
    "mobster",
  ],
  ["Rng seeding constant", "src/random.ts", "x = (x + 0x9e3779b9) >>> 0;", "x = (x + 0x9e3779b8) >>> 0;", "random"],
  // further mutations of the logic this round changed
  [
    "toLoss keeps the reward's sign",
    "src/schedulers/fifo.ts",
    '    return this.mode === "min" ? reward : -reward;',
    '    return this.mode === "min" ? -reward : reward;',
    "fifo|schedulers|mode",
  ],
  [
    "getBestReward forgets the sign",
    "src/schedulers/fifo.ts",
    "    return this.toLoss(this.searcher.bestLoss());",
    "    return this.searcher.bestLoss();",
    "fifo|schedulers|mode",
  ],
  [
    "best loss per config takes the max",
    "src/searchers/searcher.ts",
    "Math.min(old?.loss ?? Infinity, loss)",
    "Math.max(old?.loss ?? -Infinity, loss)",
    "searchers|random",
  ],
  [
    "failed configs imputed with the best criterion",
    "src/searchers/gp-searcher.ts",
    "const worst = Math.max(...labeled",
    "const worst = Math.min(...labeled",
    "bayesopt",
  ],
  [
    "the driver saves no checkpoint after a completed trial",
    "src/runtime/drive-loop.ts",
    "complete: (id: number) => (host.onComplete(id), over(id)),",
    "complete: (id: number) => host.onComplete(id),",
    "schedulers|resume|checkpoint",
  ],
  [
    "fromKey reads the first value for every name",
    "src/space/space.ts",
    "this.names.map((n, i) => [n, values[i]])",
    "this.names.map((n) => [n, values[0]])",
    "hyperband|space",
  ],
  [
    "restored trials restart in reverse order",
    "src/schedulers/records.ts",
    ".sort((a, b) => a.trialId - b.trialId)",
    ".sort((a, b) => b.trialId - a.trialId)",
    "schedulers",
  ],
  [
    "a checkpoint keeps running trials as finished",
    "src/schedulers/records.ts",
    'const kept = all.filter((t) => live || t.status !== "running");',
    "const kept = all;",
    "schedulers|resume",
  ],
  [
    "concurrency rounds up",
    "src/schedulers/options.ts",
    "Math.floor(cpus / numCpus)",
    "Math.ceil(cpus / numCpus)",
    "fifo",
  ],
  [
    "a failed trial is not told to the searcher",
    "src/schedulers/fifo.ts",
    "    this.streak.failed(trialId, error.message);\n    this.searcher.evaluationFailed(rec.config);\n",
    "    this.streak.failed(trialId, error.message);\n",
    "fifo|schedulers|searchers|bayesopt",
  ],
  [
    "a checkpoint forgets trials waiting to restart",
    "src/schedulers/records.ts",
    "      ...waiting,\n",
    "",
    "checkpoint",
  ],
  [
    "a new run overwrites a saved checkpoint",
    "src/runtime/driver.ts",
    "else if (o.checkpoint && !o.overwrite) await refuseOverwrite(o.checkpoint);",
    "",
    "checkpoint",
  ],
  [
    "a resumed run restarts its clock",
    "src/schedulers/records.ts",
    "this.timeUsed = (s.elapsed as number) + since;",
    "this.timeUsed = 0 * since;",
    "checkpoint",
  ],
  [
    "the trialTimeout timer is never set",
    "src/runtime/drive-loop.ts",
    "    if (watch) {",
    "    if (watch && false) {",
    "no-hangs",
  ],
  [
    "debug build: cholesky's size check removed",
    "assembly/cholesky.ts",
    "    doubles(a, <i64>n * <i64>n, ",
    "    if (0) doubles(a, <i64>n * <i64>n, ",
    "wasm-checks",
    "npm run asbuild:debug",
  ],
  [
    "the resource encoding drops its offset",
    "src/searchers/mobster.ts",
    "(r - 0.50001) / (this.maxT - 0.00002)",
    "r / this.maxT",
    "mobster",
  ],
  [
    "searcher thread: a looser stale bound",
    "src/searchers/threaded.ts",
    "return Math.max(2, Math.floor(results / 10));",
    "return Math.max(2, Math.floor(results / 5));",
    "searcher-thread",
  ],
  [
    "searcher thread: a prepared config stale at the bound itself",
    "src/searchers/threaded.ts",
    "return !p.forced && this.results - p.results > staleBound(",
    "return !p.forced && this.results - p.results >= staleBound(",
    "searcher-thread",
  ],
  [
    "searcher thread: the main copy keeps its own fitted state",
    "src/searchers/threaded.ts",
    "this.local.adoptFitted(p.fitted);",
    "",
    "searcher-thread",
  ],
  [
    "refitGrowth ignored: AutoGluon's schedule",
    "src/searchers/gp-searcher.ts",
    "return skipRule && N >= fittedN * this.common.refitGrowth;",
    "return skipRule;",
    "searcher-thread",
  ],
  [
    "maxT model: a thread's predictions are not taken over",
    "src/searchers/maxt-model.ts",
    "e.keys.forEach((k, i) => m.predicted.set(k, e.values[i]));",
    "",
    "searcher-thread",
  ],
  [
    "dashboard: a rung's bar is the best that went on",
    "src/dashboard/view.ts",
    'const threshold = values.length ? (mode === "max" ? Math.min(...values) : Math.max(...values)) : null;',
    'const threshold = values.length ? (mode === "max" ? Math.max(...values) : Math.min(...values)) : null;',
    "dashboard",
  ],
];

const only = process.argv[2];
const survivors = [];
for (const [name, file, from, to, tests, build] of MUTANTS) {
  if (only && !name.includes(only)) continue;
  const original = readFileSync(file, "utf8");
  if (original.split(from).length !== 2) {
    console.log(`?? ${name}: the line to mutate was not found exactly once in ${file}`);
    survivors.push(name);
    continue;
  }
  writeFileSync(file, original.replace(from, to));
  const t0 = Date.now();
  // an AssemblyScript mutant needs its build
  if (build) spawnSync("sh", ["-c", build], { stdio: "ignore" });
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", "node_modules/uvu/bin.js", "tests", `(${tests})\\.test\\.ts$`],
    {
      encoding: "utf8",
      timeout: 120_000,
      env: { ...process.env, NO_COLOR: "1" },
    },
  );
  writeFileSync(file, original);
  if (build) spawnSync("sh", ["-c", build], { stdio: "ignore" });
  const caught = r.status !== 0;
  const failedTest = /FAIL\s+.*?"(.*?)"/.exec(r.stdout ?? "")?.[1] ?? (r.error ? String(r.error.message) : "");
  console.log(
    `${caught ? "caught  " : "SURVIVED"} ${name} (${((Date.now() - t0) / 1000).toFixed(0)} s)${caught ? `: ${failedTest}` : ""}`,
  );
  if (!caught) survivors.push(name);
}
console.log(survivors.length ? `\n${survivors.length} survived: ${survivors.join("; ")}` : "\nevery mutant was caught");
process.exit(survivors.length ? 1 : 0);
