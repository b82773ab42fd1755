// hyperwasm: the curated public surface.
import { setDefaultExecutor } from "./schedulers/fifo.js";
import { inline } from "./runtime/executors.js";

setDefaultExecutor(inline());

export { HpoError, ConfigError, SearchSpaceError, NumericalError, TrialError, WorkerError } from "./errors.js";
export { init, initSync, type InitOptions } from "./wasm/module.js";
export { cholesky, type Cholesky, type MatrixLike } from "./wasm/linalg.js";
export { maternKernel, maternCrossKernel, maternGradient, type MaternParams } from "./wasm/kernels.js";

export { int, real, categorical, categoricalWithDefault, bool } from "./space/domains.js";
export type { Domain, IntDomain, RealDomain, CategoricalDomain, BoolDomain } from "./space/domains.js";
export { SearchSpace, type Config } from "./space/space.js";
export { args, type Trainer, type Reporter, type TrialContext, type Decision, type Resolved, type CheckpointHandle } from "./space/args.js";
export * as space from "./space/domains.js";
export { Rng } from "./random.js";
export { type Logger, consoleLogger, silentLogger } from "./logger.js";

export { RandomSearcher } from "./searchers/random.js";
export { BayesOptSearcher, type BayesOptOptions } from "./searchers/bayesopt.js";
export { SkoptSearcher, type SkoptOptions } from "./searchers/skopt.js";
export { lbfgsb, type LbfgsbOptions, type LbfgsbResult } from "./optim/lbfgsb.js";
export { registerSearcher } from "./searchers/factory.js";
export type { Searcher, SearcherSetup, SearcherContext } from "./searchers/searcher.js";

export { FIFOScheduler, type FIFOOptions, type TrialSuggestion, type ExecutorFactory } from "./schedulers/fifo.js";
export { HyperbandScheduler, type HyperbandOptions } from "./schedulers/hyperband.js";
export { rungLevels, promotionQuantiles, bracketProbabilities, stoppingCutoff, findPromotable } from "./schedulers/rungs.js";
export { MemoryStore, type CheckpointStore } from "./schedulers/checkpoint.js";
export { TrialStopped, type Executor, type StartRequest, type TrialCallbacks, type SerializedError } from "./schedulers/protocol.js";
export { resultsTable, toCSV, type ResultRow, type TrialRecord, type TrialStatus } from "./schedulers/history.js";

export { inline, simulated } from "./runtime/executors.js";
export { InlineExecutor } from "./runtime/inline.js";
export { SimulatedExecutor } from "./runtime/simulated.js";
export { WorkerPoolExecutor, type WorkerPoolOptions } from "./runtime/worker-pool.js";
export { webWorkerPool, serveWebWorker, type WebWorkerPoolOptions } from "./runtime/web-worker-pool.js";
export { serveTrials } from "./runtime/worker-serve.js";
export type { WorkerHandle, WorkerPort, ToWorker, FromWorker } from "./runtime/worker-messages.js";

export { parseCSV, toDataset, stratifiedSample, shuffled, subset, standardize, type Dataset, type Table } from "./data/table.js";
export { splitLetter, type LetterSplit } from "./data/letter.js";
export { parseARFF, nominalLabels, encodeNominal, type ArffTable, type ArffAttribute } from "./data/arff.js";
export { linePlot, type Series, type PlotOptions } from "./results/svg.js";
