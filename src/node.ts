// The Node entry (`hyperwasm/node`, and `hyperwasm` under the `node` condition): everything
// in the core plus the parts that need Node APIs.
import { availableParallelism } from "node:os";
import { setCpuCount } from "./schedulers/fifo.js";

setCpuCount(availableParallelism());

export * from "./index.js";
export { FileStore, fileStore } from "./node/file-store.js";
export { workerPool, nodeWorkerPool } from "./runtime/node/worker-pool.js";
export { loadLetter } from "./node/letter-file.js";
