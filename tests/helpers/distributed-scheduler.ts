// A Hyperband + bayesopt run on worker processes that checkpoints to a file; run as a child
// process by tests/distributed.test.ts, which kills it and starts it again with --resume.
import { HyperbandScheduler, fileStore } from "../../src/node.js";
import { distributed } from "../../src/runtime/distributed/index.js";
import { slow } from "./dist-trainers.js";

const [url, experiment, path, mode] = process.argv.slice(2);
const s = new HyperbandScheduler(slow, {
  numTrials: 10,
  seed: 5,
  rewardAttr: "accuracy",
  searcher: "bayesopt",
  searchOptions: { numInitRandom: 3 },
  executor: distributed({ redis: url, experiment, capacity: 3 }),
  checkpoint: fileStore(path),
  resume: mode === "--resume",
  logger: null,
});
await s.run();
await s.joinJobs();
process.stdout.write(JSON.stringify(s.toJSON()));
