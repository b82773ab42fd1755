// The worker protocol: a discriminated union in each direction (STYLE practice 14).
import type { Decision } from "../../space/args.js";
import type { SerializedError, StartRequest } from "../../schedulers/protocol.js";
import type { Outcome } from "../trial.js";

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

/** The part of a Worker / MessagePort both sides need; Web Workers fit it too. */
export interface Endpoint {
  postMessage(message: unknown): void;
  on(event: "message", listener: (m: unknown) => void): void;
}
