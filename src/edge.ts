// The entry for Cloudflare-style runtimes (the `workerd` / `worker` export conditions). workerd
// refuses to compile WebAssembly from bytes ("Wasm code generation disallowed by embedder"), so
// the module arrives pre-compiled: bundlers and workerd configs import the .wasm file as a
// WebAssembly.Module, and it is instantiated here, once, synchronously.
import wasmModule from "./wasm/release.wasm";
import { initSync } from "./wasm/module.js";

initSync({ module: wasmModule });

export * from "./index.js";
