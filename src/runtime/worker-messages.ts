// The worker protocol: a discriminated union in each direction (STYLE practice 14).
import type { Decision } from "../schedulers/protocol.js";
import type { SerializedError, StartRequest } from "../schedulers/protocol.js";
import type { Outcome } from "./trial.js";

export type ToWorker =
  | { type: "init"; module: string; exportName: string }
  | { type: "start"; request: StartRequest; checkpoint: unknown }
  | { type: "decision"; trialId: number; decision: Decision | SerializedError };

export type FromWorker =
  | { type: "ready" }
  | { type: "init-error"; error: SerializedError }
  | { type: "report"; trialId: number; result: Record<string, unknown> }
  | { type: "checkpoint"; key: string; state: unknown }
  | { type: "done"; trialId: number; outcome: Outcome };

/** The main thread's handle on one worker: Node's worker_threads and Web Workers both fit. */
export interface WorkerHandle {
  post(message: ToWorker): void;
  onMessage(listener: (m: FromWorker) => void): void;
  /** The worker threw outside a trial's promise, or exited. */
  onFailure(listener: (why: string) => void): void;
  terminate(): Promise<unknown>;
}

/** The worker's side of the channel (parentPort, or a Web Worker's global scope). */
export interface WorkerPort {
  post(message: FromWorker): void;
  onMessage(listener: (m: ToWorker) => void): void;
}
