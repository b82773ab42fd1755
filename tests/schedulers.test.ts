// Every scheduler (with the searchers it is used with) passes the scheduler contract
// (tests/helpers/scheduler-contract.ts). A new scheduler or pairing joins with one line below.
import { FIFOScheduler, HyperbandScheduler } from "../src/index.js";
import { forEachBuild } from "./helpers/index.js";
import { type SchedulerCase, schedulerContract } from "./helpers/scheduler-contract.js";

const gp = { numInitRandom: 4, numInitCandidates: 40, optMaxiter: 15, numFantasySamples: 5 };

const CASES: SchedulerCase[] = [
  { name: "FIFO + random", make: (t, o) => new FIFOScheduler(t, o) },
  { name: "FIFO + bayesopt", make: (t, o) => new FIFOScheduler(t, { ...o, searcher: "bayesopt", searchOptions: gp }) },
  {
    name: "FIFO + skopt",
    make: (t, o) => new FIFOScheduler(t, { ...o, searcher: "skopt", searchOptions: { nPoints: 300 } }),
  },
  { name: "Hyperband stopping + random", make: (t, o) => new HyperbandScheduler(t, { ...o, type: "stopping" }) },
  {
    name: "Hyperband promotion + random (2 brackets)",
    make: (t, o) => new HyperbandScheduler(t, { ...o, type: "promotion", brackets: 2 }),
  },
  {
    name: "Hyperband stopping + MOBSTER",
    make: (t, o) => new HyperbandScheduler(t, { ...o, type: "stopping", searcher: "bayesopt", searchOptions: gp }),
  },
  { name: "Hyperband stopping + kde (BOHB)", make: (t, o) => new HyperbandScheduler(t, { ...o, searcher: "kde" }) },
  {
    name: "Hyperband stopping + hypertune (all brackets)",
    make: (t, o) => new HyperbandScheduler(t, { ...o, searcher: "hypertune", searchOptions: gp }),
  },
  {
    name: "Hyperband promotion + MOBSTER",
    make: (t, o) => new HyperbandScheduler(t, { ...o, type: "promotion", searcher: "bayesopt", searchOptions: gp }),
  },
];

// on both Wasm builds: the debug build checks every argument the GP and the rung store pass
forEachBuild("scheduler contract", (test) => {
  for (const c of CASES) schedulerContract(test, c);
});
