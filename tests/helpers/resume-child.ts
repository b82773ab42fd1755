// A FIFO search that checkpoints to a file; run as a child process by tests/resume.test.ts,
// which kills it with SIGKILL and starts it again with --resume.
import { FIFOScheduler, fileStore, inline } from "../../src/node.js";
import { slow } from "./trainers.js";

const [path, mode] = process.argv.slice(2);
const s = new FIFOScheduler(slow, {
  numTrials: 16,
  seed: 99,
  executor: inline({ concurrency: 2 }),
  checkpoint: fileStore(path),
  resume: mode === "--resume",
  logger: null,
});
await s.run();
await s.joinJobs();
process.stdout.write(JSON.stringify(s.toJSON()));
