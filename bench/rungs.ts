// npm run bench:rungs — rung decisions per second with 100,000 trials over 5 rungs: the Wasm
// store (order-statistic treaps) against two plain-TS references in the same run: the rule as
// algorithms §5.4 states it (sort the rung's values per report), and a sorted array kept by binary
// insertion. Stopping: one decision per trial per rung reached. Promotion: one "anything to
// promote?" query per new trial, plus the per-report "is this record promotable" check.
import { readFileSync } from "node:fs";
import { initSync } from "../src/wasm/module.js";
import { RungStore } from "../src/wasm/rung-store.js";
import { findPromotable, stoppingCutoff, type RungRecord } from "../src/schedulers/rungs.js";
import { Rng } from "../src/random.js";

initSync({ bytes: readFileSync(new URL("../build/release.wasm", import.meta.url)) });
const RUNGS = 5,
  q = 1 / 3;

function stream(n: number): Float64Array {
  const rng = new Rng(1);
  const out = new Float64Array(n * RUNGS);
  for (let i = 0; i < n; i++) {
    const base = rng.next();
    for (let j = 0; j < RUNGS; j++) out[i * RUNGS + j] = base * (1 - Math.exp(-(j + 1))) + 0.05 * rng.next();
  }
  return out;
}

type Stopper = (rung: number, y: number, seq: number) => boolean;

function runStopping(n: number, ys: Float64Array, decide: Stopper): { decisions: number; ms: number } {
  let decisions = 0,
    seq = 0;
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < RUNGS; j++) {
      decisions++;
      if (decide(j, ys[i * RUNGS + j], seq++)) break;
    }
  }
  return { decisions, ms: performance.now() - t };
}

function wasmStopper(): Stopper {
  const store = new RungStore(RUNGS, { capacity: 1 << 16 });
  return (j, y, seq) => store.stoppingDecide(j, q, y, seq);
}

function sortStopper(): Stopper {
  const rungs: number[][] = Array.from({ length: RUNGS }, () => []);
  return (j, y) => {
    const stop = rungs[j].length > 0 && y < stoppingCutoff(rungs[j], q);
    rungs[j].push(y);
    return stop;
  };
}

function sortedArrayStopper(): Stopper {
  const rungs = Array.from({ length: RUNGS }, () => ({ v: new Float64Array(1 << 17), n: 0 }));
  return (j, y) => {
    const r = rungs[j];
    let stop = false;
    if (r.n > 0) {
      const p = (1 - q) * (r.n - 1),
        lo = Math.floor(p),
        hi = Math.ceil(p);
      stop = y < r.v[lo] + (p - lo) * (r.v[hi] - r.v[lo]);
    }
    let a = 0,
      b = r.n;
    while (a < b) {
      const m = (a + b) >> 1;
      if (r.v[m] < y) a = m + 1;
      else b = m;
    }
    r.v.copyWithin(a + 1, a, r.n);
    r.v[a] = y;
    r.n++;
    return stop;
  };
}

function promotionWasm(n: number, ys: Float64Array): { decisions: number; ms: number } {
  const store = new RungStore(1, { capacity: 1 << 17 });
  let decisions = 0;
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    const y = ys[i * RUNGS];
    const s = store.promotable(0, q);
    if (s >= 0) store.markPromoted(0, ys[s * RUNGS], s);
    store.insert(0, y, i);
    if (store.isPromotable(0, q, y, i)) store.markPromoted(0, y, i);
    decisions += 2;
  }
  return { decisions, ms: performance.now() - t };
}

function promotionTs(n: number, ys: Float64Array): { decisions: number; ms: number } {
  const recs: RungRecord[] = [];
  let decisions = 0;
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    const p = findPromotable(recs, q);
    if (p) p.promoted = true;
    const rec = { key: String(i), reward: ys[i * RUNGS], promoted: false };
    recs.push(rec);
    if (findPromotable(recs, q, rec.key) === rec) rec.promoted = true;
    decisions += 2;
  }
  return { decisions, ms: performance.now() - t };
}

const N = Number(process.argv[2] ?? 100000);
const SMALL = 10000;
const ys = stream(N);
const rate = (r: { decisions: number; ms: number }) =>
  `${Math.round(r.decisions / (r.ms / 1000)).toLocaleString("en-US")}`;
runStopping(2000, ys, wasmStopper()); // warm-up
const rows: [string, string, string, string][] = [];
const w = runStopping(N, ys, wasmStopper());
const a = runStopping(N, ys, sortedArrayStopper());
const s = runStopping(SMALL, ys, sortStopper());
const wp = promotionWasm(N, ys);
const tp = promotionTs(SMALL, ys);
rows.push(["stopping", "Wasm order-statistic treap", `${N}`, rate(w)]);
rows.push(["stopping", "TS sorted array (binary insertion)", `${N}`, rate(a)]);
rows.push(["stopping", "TS sort per report (the rule as stated)", `${SMALL}`, rate(s)]);
rows.push(["promotion", "Wasm order-statistic treap", `${N}`, rate(wp)]);
rows.push(["promotion", "TS sort per query (the rule as stated)", `${SMALL}`, rate(tp)]);
console.log(
  `Rung decisions per second, ${RUNGS} rungs, q = 1/3 (Node ${process.version}); the sort-per-report rows use ${SMALL} trials because they are quadratic.\n`,
);
console.log("| rule | implementation | trials | decisions / s |");
console.log("|---|---|---|---|");
for (const r of rows) console.log(`| ${r.join(" | ")} |`);
console.log(`\nWasm / sorted-array TS: ${(a.ms / a.decisions / (w.ms / w.decisions)).toFixed(2)}× per decision`);
