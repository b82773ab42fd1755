// hyperwasm: the public surface. Every runtime name exported here (and from the node, tfjs and
// distributed entries) is listed in the README's "API" section; tests/exports.test.ts holds
// the two lists equal. Internals stay importable from source by the tests, not from the package.
import { runtimeDriver } from "./runtime/driver.js";
import { installDriver } from "./schedulers/protocol.js";

installDriver(runtimeDriver);

export { HpoError, ConfigError, SearchSpaceError, NumericalError, TrialError, WorkerError } from "./errors.js";
export { init, initSync, type InitOptions } from "./wasm/module.js";
export { cholesky, type Cholesky, type MatrixLike } from "./wasm/linalg.js";
export { maternKernel, type MaternParams } from "./wasm/kernels.js";

export { int, real, categorical, bool } from "./space/domains.js";
export type { Domain, IntDomain, RealDomain, CategoricalDomain, BoolDomain } from "./space/domains.js";
export type { Config } from "./space/space.js";
export {
  args,
  type Trainer,
  type Reporter,
  type TrialContext,
  type Resolved,
  type CheckpointHandle,
} from "./space/args.js";
export * as space from "./space/public.js";
export { Rng } from "./random.js";
export type { Logger } from "./logger.js";
export type { Searcher, SearcherSetup, SearcherContext } from "./searchers/searcher.js";

export { FIFOScheduler, type FIFOOptions } from "./schedulers/fifo.js";
export { HyperbandScheduler, type HyperbandOptions } from "./schedulers/hyperband.js";
export { rungLevels } from "./schedulers/rungs.js";
export { MemoryStore, type CheckpointStore } from "./schedulers/checkpoint.js";
export { TrialStopped } from "./schedulers/protocol.js";
export type {
  Decision,
  TrialSuggestion,
  ExecutorFactory,
  Executor,
  StartRequest,
  TrialCallbacks,
  SerializedError,
} from "./schedulers/protocol.js";
export { resultsTable, toCSV, type ResultRow, type TrialRecord, type TrialStatus } from "./schedulers/history.js";
export type { RunEvents } from "./schedulers/records.js";

export { inline, simulated } from "./runtime/executors.js";
export { webWorkerPool, serveWebWorker, type WebWorkerPoolOptions } from "./runtime/web-worker-pool.js";
export { mountDashboard, type DashboardOptions } from "./dashboard/app.js";
export { dashboardView, type DashboardView } from "./dashboard/view.js";
export {
  webSearcherThreads,
  serveWebSearcher,
  type WebSearcherThreadOptions,
} from "./runtime/web-searcher-thread.js";

export { parseCSV, toDataset, standardize, type Dataset, type Table } from "./data/table.js";
export { parseARFF, encodeNominal, type ArffTable } from "./data/arff.js";
export { splitData, type DataSplit, type SplitOptions } from "./data/split.js";
export { splitLetter, type LetterSplit } from "./data/letter.js";
export { linePlot, type Series, type PlotOptions } from "./results/svg.js";
