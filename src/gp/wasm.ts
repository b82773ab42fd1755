// The GP layer owns its Wasm resources: the loaded instance and its arena. Searchers call the GP
// through plain functions and objects and never see a pointer. One searcher decision runs inside
// gpDecision(): whatever the fit, the posterior and the acquisition put in Wasm memory during it
// is released at its end (a posterior's buffers live exactly that long).
import { type Arena, arenaOf } from "../wasm/arena.js";
import { type WasmExports, initSync, wasm, wasmModule } from "../wasm/module.js";

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

/** The compiled module of the loaded core, to run the same build in a searcher thread. */
export function gpModule(): WebAssembly.Module {
  return wasmModule();
}

/** Loads a compiled core in this thread (a searcher thread, algorithms §6.12). */
export function gpLoad(module: WebAssembly.Module): void {
  initSync({ module });
}
