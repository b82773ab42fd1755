// Instantiates the numerical core once. Three ways in:
// - lazily and synchronously from the base64 bytes inlined in the bundle (Node, pages, workers);
// - `init({ module })` with a pre-compiled WebAssembly.Module, which is the only way on
//   workerd, where compiling Wasm from bytes is forbidden;
// - `init({ bytes })`, e.g. to load the debug build in tests.
import { RELEASE_WASM_BASE64 } from "./bytes.generated.js";
import { HpoError } from "../errors.js";

export interface WasmExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  cholesky(a: number, n: number): number;
  logDetFromCholesky(l: number, n: number): number;
  solveLower(l: number, n: number, b: number): void;
  solveLowerT(l: number, n: number, b: number): void;
  solveLowerMany(l: number, n: number, b: number, m: number): void;
  solveLowerTMany(l: number, n: number, b: number, m: number): void;
  /** work: n·n + 16·n doubles */
  inverseFromCholesky(l: number, n: number, out: number, work: number, full: number): void;
  maternSymmetric(
    x: number,
    n: number,
    d: number,
    theta: number,
    c: number,
    diag: number,
    out: number,
    scratch: number,
  ): void;
  maternLower(
    x: number,
    n: number,
    d: number,
    theta: number,
    c: number,
    diag: number,
    out: number,
    scratch: number,
  ): void;
  maternCross(
    xq: number,
    m: number,
    x: number,
    n: number,
    d: number,
    theta: number,
    c: number,
    out: number,
    scratch: number,
  ): void;
  maternGradReduce(
    x: number,
    n: number,
    d: number,
    theta: number,
    c: number,
    w: number,
    out: number,
    scratch: number,
  ): void;
  symRank1(w: number, n: number, v: number, s: number): void;
  maternGradInputDim(
    x: number,
    n: number,
    d: number,
    theta: number,
    c: number,
    w: number,
    dim: number,
    dx: number,
    out: number,
  ): void;
  maternCrossGrad(
    q: number,
    x: number,
    n: number,
    d: number,
    theta: number,
    c: number,
    outK: number,
    outG: number,
  ): void;
  gemmTN(a: number, b: number, c: number, k: number, m: number, n: number): void;
  colSumSquares(a: number, k: number, m: number, out: number): void;
  dotProduct(a: number, b: number, n: number): number;
  expDecayApply(
    kx: number,
    n: number,
    m: number,
    rx: number,
    rq: number,
    alpha: number,
    muL: number,
    delta: number,
    g2: number,
    sym: number,
    diag: number,
  ): void;
  expDecayGrad(
    kx: number,
    w: number,
    n: number,
    r: number,
    alpha: number,
    muL: number,
    delta: number,
    g2: number,
    out: number,
  ): void;
  expDecayKappa(r: number, n: number, alpha: number, muL: number, out: number): void;
  rungStoreBytes(capacity: number, rungs: number): number;
  rungStoreInit(store: number, capacity: number, rungs: number, seed: number): void;
  rungStoreCopy(from: number, to: number, capacity: number): void;
  rungInsert(store: number, rung: number, reward: number, seq: number, promoted: number): number;
  rungCount(store: number, rung: number): number;
  rungCutoff(store: number, rung: number, q: number): number;
  rungStoppingDecide(store: number, rung: number, q: number, y: number, seq: number): number;
  rungPromotable(store: number, rung: number, q: number, minRecords: number): number;
  rungRank(store: number, rung: number, reward: number, seq: number): number;
  rungMarkPromoted(store: number, rung: number, reward: number, seq: number): number;
  rungExport(store: number, rung: number, out: number): number;
  /** Debug build: the message of the last failed argument check (assembly/check.ts), or 0. */
  abortReason(): number;
  checksEnabled(): number;
}

export interface InitOptions {
  /** A compiled module (required on workerd: import the .wasm file as a module). */
  module?: WebAssembly.Module;
  /** Raw bytes of a build (e.g. build/debug.wasm). */
  bytes?: BufferSource;
}

let current: WasmExports | null = null;
let generation = 0;
/** The compiled module of the current instance: a searcher thread instantiates the same build. */
let currentModule: WebAssembly.Module | null = null;

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function fromModule(module: WebAssembly.Module): WasmExports {
  return withReasons(new WebAssembly.Instance(module, {}).exports as unknown as WasmExports);
}

/** A static AssemblyScript string: UTF-16 code units, their byte length 4 bytes before. */
function readString(memory: WebAssembly.Memory, ptr: number): string {
  const bytes = new Uint32Array(memory.buffer, ptr - 4, 1)[0];
  return String.fromCharCode(...new Uint16Array(memory.buffer, ptr, bytes >> 1));
}

/**
 * The debug build checks its arguments and traps with a recorded reason; its exports are
 * wrapped so that such a trap becomes an HpoError naming the function, the arguments and the
 * rule. The release build (no checks) is returned as it is: no wrapper on hot paths.
 */
function withReasons(ex: WasmExports): WasmExports {
  if (!ex.checksEnabled?.()) return ex;
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(ex)) {
    if (typeof value !== "function" || name === "abortReason") {
      wrapped[name] = value;
      continue;
    }
    wrapped[name] = (...args: number[]) => {
      try {
        return value(...args);
      } catch (e) {
        const ptr = ex.abortReason();
        if (!(e instanceof WebAssembly.RuntimeError) || ptr === 0) throw e;
        throw new HpoError(`Wasm ${name}(${args.join(", ")}) refused its arguments: ${readString(ex.memory, ptr)}`);
      }
    };
  }
  return wrapped as unknown as WasmExports;
}

/**
 * Loads the numerical core (replacing any instance already loaded). Without options it uses
 * the bytes inlined in the bundle; on workerd pass `{ module }`.
 */
export async function init(options: InitOptions = {}): Promise<void> {
  const module = options.module ?? (await WebAssembly.compile(options.bytes ?? decodeBase64(RELEASE_WASM_BASE64)));
  current = withReasons((await WebAssembly.instantiate(module, {})).exports as unknown as WasmExports);
  currentModule = module;
  generation++;
}

/** Synchronous variant of init(), for Node and workers (small modules compile synchronously). */
export function initSync(options: InitOptions = {}): void {
  const module = options.module ?? new WebAssembly.Module(options.bytes ?? decodeBase64(RELEASE_WASM_BASE64));
  current = fromModule(module);
  currentModule = module;
  generation++;
}

/** The module the current instance was made from (loading the bundled one if none is). */
export function wasmModule(): WebAssembly.Module {
  wasm();
  return currentModule!;
}

/** The loaded exports; loads the inlined release build on first use. */
export function wasm(): WasmExports {
  if (current === null) {
    try {
      initSync();
    } catch (e) {
      throw new HpoError(
        "hyperwasm could not compile its WebAssembly core from bytes (" +
          String((e as Error)?.message ?? e) +
          "). On runtimes that forbid it (workerd), call `await init({ module })` with the imported .wasm module first.",
      );
    }
  }
  return current!;
}

/** Changes whenever a new instance is loaded, so cached pointers can be invalidated. */
export function wasmGeneration(): number {
  return generation;
}
