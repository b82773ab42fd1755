# workerd config for the edge example: `npx workerd serve examples/edge/config.capnp` after
# `npm run build` and copying dist/edge.js to examples/edge/hyperwasm.js and dist/release.wasm
# beside it (see the README, "Edge functions"). Experiments persist in ./edge-data between runs.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .hpo),
    (name = "disk", disk = (path = "edge-data", writable = true)),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:8787", http = (), service = "main") ],
);

const hpo :Workerd.Worker = (
  modules = [
    (name = "worker.mjs", esModule = embed "worker.mjs"),
    (name = "hyperwasm", esModule = embed "hyperwasm.js"),
    (name = "release.wasm", wasm = embed "release.wasm"),
  ],
  compatibilityDate = "2024-09-23",
  durableObjectNamespaces = [ (className = "Experiment", uniqueKey = "hyperwasm-experiments") ],
  durableObjectStorage = (localDisk = "disk"),
  bindings = [ (name = "EXPERIMENT", durableObjectNamespace = "Experiment") ],
);
