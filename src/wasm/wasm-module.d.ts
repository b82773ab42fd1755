// A .wasm import in the edge entry: workerd (and wrangler/esbuild setups for it) hand it over as
// a compiled WebAssembly.Module.
declare module "*.wasm" {
  const module: WebAssembly.Module;
  export default module;
}
