// The searcher thread's protocol (algorithms §6.12): a discriminated union in each direction.
// Everything is plain data or typed arrays, so Node's worker_threads and Web Workers both carry it.
import type { Domain } from "../space/domains.js";
import type { Config } from "../space/space.js";
import type { SearcherContext } from "./searcher.js";

/** The calls that change a searcher's data, replayed in order on the thread's copy. */
export type SearcherCall =
  | { method: "update"; args: [Config, number, number | undefined, boolean | undefined] }
  | { method: "registerPending"; args: [Config, number | undefined] }
  | { method: "evaluationFailed"; args: [Config] }
  | { method: "dropPending"; args: [Config] }
  | { method: "removeCase"; args: [Config, number] }
  | { method: "adopt"; args: [Config] };

export interface SearcherInit {
  name: string;
  options: Record<string, unknown>;
  domains: Record<string, Domain>;
  scheduler: string;
  minResource?: number;
  maxResource?: number;
  /** Seeds the thread's own generator (drawn from the scheduler's). */
  seed: number;
  /** The main thread's searcher state when the thread starts (a resumed run has data). */
  state: unknown;
  /** The main thread's compiled Wasm core: the thread runs the same (debug or release) build. */
  module: WebAssembly.Module;
}

export type ToSearcher =
  | { type: "init"; init: SearcherInit }
  | { type: "calls"; calls: SearcherCall[] }
  | { type: "prepare"; ctx: SearcherContext; id: number };

export type FromSearcher =
  | {
      type: "prepared";
      id: number;
      config: Config | null;
      note?: string;
      fitted: Record<string, unknown>;
      /** Milliseconds the decision took on the thread. */
      ms: number;
    }
  | { type: "error"; error: { name: string; message: string } };

/** The main thread's handle on the searcher thread. */
export interface SearcherPort {
  post(message: ToSearcher): void;
  onMessage(listener: (m: FromSearcher) => void): void;
  /** The thread threw outside a message, or exited. */
  onFailure(listener: (why: string) => void): void;
  terminate(): void;
}

/** Starts a searcher thread; installed by the entries of runtimes that have threads. */
export type SearcherThreadFactory = () => SearcherPort;
