// Every searcher passes the searcher contract (tests/helpers/searcher-contract.ts). A new
// searcher joins with one line below.
import { BayesOptSearcher } from "../src/searchers/bayesopt.js";
import { HyperTuneSearcher } from "../src/searchers/hypertune.js";
import { KDESearcher } from "../src/searchers/kde.js";
import { MultiFidelitySearcher } from "../src/searchers/mobster.js";
import { RandomSearcher } from "../src/searchers/random.js";
import { SkoptSearcher } from "../src/searchers/skopt.js";
import { forEachBuild } from "./helpers/index.js";
import { type SearcherCase, searcherContract } from "./helpers/searcher-contract.js";

// small model budgets: the contract is about bookkeeping, not search quality
const gp = { numInitRandom: 3, numInitCandidates: 40, optMaxiter: 15, numFantasySamples: 5 };

const CASES: SearcherCase[] = [
  { name: "random", scheduler: "fifo", make: (s) => new RandomSearcher(s) },
  { name: "bayesopt", scheduler: "fifo", make: (s) => new BayesOptSearcher(s, gp) },
  { name: "skopt", scheduler: "fifo", make: (s) => new SkoptSearcher(s, { nInitialPoints: 3, nPoints: 300 }) },
  { name: "kde", scheduler: "fifo", make: (s) => new KDESearcher(s) },
  { name: "kde (Hyperband)", scheduler: "hyperband_stopping", make: (s) => new KDESearcher(s, { minPoints: 2 }) },
  { name: "MOBSTER", scheduler: "hyperband_stopping", make: (s) => new MultiFidelitySearcher(s, gp) },
  { name: "hypertune", scheduler: "hyperband_stopping", make: (s) => new HyperTuneSearcher(s, gp) },
  {
    name: "MOBSTER (exp-decay-combined)",
    scheduler: "hyperband_promotion",
    make: (s) => new MultiFidelitySearcher(s, { ...gp, gpResourceKernel: "exp-decay-combined" }),
  },
];

// on both Wasm builds: the debug build checks every argument the GP and the rung store pass
forEachBuild("searcher contract", (test) => {
  for (const c of CASES) searcherContract(test, c);
});
