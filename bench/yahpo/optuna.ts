// Optuna 3.1 on the same simulation as our methods, for comparison only (Debian's python3-optuna;
// never needed by npm test). A Python child (optuna_child.py) holds the study; this simulator asks
// it for a config whenever one of 4 workers is free, reports every epoch (Optuna's pruner answers
// whether to stop) and tells the result, in simulated time: one epoch costs the surrogate's time
// difference, as for our methods. No trial starts after the budget; a running one stops at its
// next report after it (our timeOut's rule), so both sides get the same simulated time.
import { execFileSync, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { BUDGET } from "./methods.js";
import type { Run } from "./report.js";
import { EPOCHS, type LcConfig, curve } from "./surrogate.js";

const VARIANTS: [string, string][] = [
  ["Optuna TPE + HyperbandPruner", "tpe+hyperband"],
  ["Optuna random + SuccessiveHalvingPruner", "random+sha"],
  ["Optuna TPE, no pruning", "tpe+none"],
];
export const OPTUNA_METHODS = VARIANTS.map((v) => v[0]);

/** A Python with Optuna: Debian's (python3-optuna) first, then the one on PATH; null without. */
function python(): string | null {
  for (const exe of ["/usr/bin/python3", "python3"]) {
    try {
      execFileSync(exe, ["-c", "import optuna"], { stdio: "ignore" });
      return exe;
    } catch {}
  }
  return null;
}
let exe: string | null | undefined;

async function oneRun(task: string, variant: string, seed: number): Promise<Run> {
  const child = spawn(exe!, [new URL("./optuna_child.py", import.meta.url).pathname, variant, String(seed)], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  let searcher = 0;
  const call = async (req: object) => {
    const t0 = performance.now();
    child.stdin.write(`${JSON.stringify(req)}\n`);
    const { value, done } = await lines.next();
    searcher += (performance.now() - t0) / 1000;
    if (done) throw new Error("the Optuna child exited");
    return JSON.parse(value);
  };
  const t0 = performance.now();
  type Worker = { id: number; curve: { acc: Float64Array; time: Float64Array }; epoch: number; at: number };
  const workers: (Worker | null)[] = [null, null, null, null];
  const hits: [number, number][] = [];
  let trials = 0;
  const start = async (now: number): Promise<Worker | null> => {
    if (now >= BUDGET) return null;
    const { id, params } = await call({ op: "ask" });
    trials++;
    const c = await curve(task, params as LcConfig);
    return { id, curve: c, epoch: 1, at: now + c.time[0] };
  };
  for (let w = 0; w < 4; w++) workers[w] = await start(0);
  for (;;) {
    // the worker whose current epoch ends first (lowest index on ties: deterministic)
    let w = -1;
    for (let k = 0; k < 4; k++) if (workers[k] && (w < 0 || workers[k]!.at < workers[w]!.at)) w = k;
    if (w < 0) break;
    const t = workers[w]!;
    const acc = t.curve.acc[t.epoch - 1];
    let ended = false;
    if (t.epoch === EPOCHS) {
      await call({ op: "tell", id: t.id, value: acc });
      hits.push([t.at, acc]);
      ended = true;
    } else {
      const { prune } = await call({ op: "report", id: t.id, step: t.epoch, value: acc });
      if (prune || t.at >= BUDGET) {
        await call({ op: "tell", id: t.id, pruned: true });
        ended = true;
      }
    }
    if (ended) workers[w] = await start(t.at);
    else {
      t.epoch++;
      t.at += t.curve.time[t.epoch - 1] - t.curve.time[t.epoch - 2];
    }
  }
  child.stdin.end();
  return { hits, trials, wall: (performance.now() - t0) / 1000, searcher };
}

/** The Optuna rows for one task (those not cached yet), or none with a line saying why. */
export async function optunaRuns(
  task: string,
  seeds: number,
  pattern: RegExp | null,
  have: (name: string, seed: number) => boolean,
): Promise<[string, number, Run][]> {
  const todo = VARIANTS.filter(([name]) => !pattern || pattern.test(name));
  if (todo.length === 0) return [];
  exe ??= python();
  if (!exe) {
    console.error("Optuna rows skipped: no Python with optuna here (apt-get install python3-optuna)");
    return [];
  }
  const out: [string, number, Run][] = [];
  for (const [name, variant] of todo)
    for (let seed = 1; seed <= seeds; seed++) {
      if (have(name, seed)) continue;
      const run = await oneRun(task, variant, seed);
      console.error(
        `${task} ${name} seed ${seed}: ${run.trials} trials, ${run.hits.length} at 52, ${run.wall.toFixed(1)} s`,
      );
      out.push([name, seed, run]);
    }
  return out;
}
