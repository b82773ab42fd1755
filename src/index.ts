// hyperwasm: the curated public surface.
export { HpoError, ConfigError, SearchSpaceError, NumericalError, TrialError, WorkerError } from "./errors.js";
export { init, initSync, type InitOptions } from "./wasm/module.js";
export { cholesky, type Cholesky, type MatrixLike } from "./wasm/linalg.js";
export { maternKernel, maternCrossKernel, maternGradient, type MaternParams } from "./wasm/kernels.js";
