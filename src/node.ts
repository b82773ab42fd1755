// The Node entry (`hyperwasm/node`, and `hyperwasm` under the `node` condition): everything
// in the core plus the parts that need Node APIs.
import { availableParallelism } from "node:os";
import { setCpuCount } from "./runtime/cpus.js";
import { installSearcherThreads } from "./runtime/driver.js";
import { nodeSearcherThread } from "./runtime/node/searcher-thread.js";

setCpuCount(availableParallelism());
installSearcherThreads(nodeSearcherThread);

export * from "./index.js";
export { fileStore } from "./node/file-store.js";
export { serveDashboard, type DashboardServerOptions, type DashboardServer } from "./node/dashboard-server.js";
export { workerPool } from "./runtime/node/worker-pool.js";
export { loadLetter } from "./node/letter-file.js";
export { writeResults, progress, type Progress, type ProgressOptions } from "./node/results.js";
