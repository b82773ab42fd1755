// The GP layer owns its Wasm resources: the loaded instance and its arena. Searchers call the GP
// through plain functions and objects and never see a pointer. One searcher decision runs inside
// gpDecision(): whatever the fit, the posterior and the acquisition put in Wasm memory during it
// is released at its end (a posterior's buffers live exactly that long).
import { type Arena, arenaOf } from "../wasm/arena.js";
import { type WasmExports, wasm } from "../wasm/module.js";

export interface GPWasm {
  ex: WasmExports;
  ar: Arena;
}

export function gpWasm(): GPWasm {
  const ex = wasm();
  return { ex, ar: arenaOf(ex) };
}

/** Runs one decision; the arena returns to where it was, also when `fn` throws. */
export function gpDecision<T>(fn: () => T): T {
  const { ar } = gpWasm();
  const mark = ar.mark();
  try {
    return fn();
  } finally {
    ar.release(mark);
  }
}
