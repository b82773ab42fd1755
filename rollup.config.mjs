// Bundles the library: ESM for Node and browsers, and an IIFE for a <script> tag (global
// `hyperwasm`). The Wasm bytes are already inlined (src/wasm/bytes.generated.ts, written by
// scripts/embed-wasm.mjs), so the bundles load without fetch or file access. TypeScript is
// stripped with esbuild; declarations come from `tsc -p tsconfig.build.json`.
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { transform } from "esbuild";

function typescript() {
  return {
    name: "typescript-esbuild",
    resolveId(source, importer) {
      // Sources import siblings as './x.js' (the form Node and tsc expect); map to './x.ts'.
      if (!importer || !source.startsWith(".") || !source.endsWith(".js")) return null;
      const ts = resolve(dirname(importer), source.slice(0, -3) + ".ts");
      return existsSync(ts) ? ts : null;
    },
    async transform(code, id) {
      if (!id.endsWith(".ts")) return null;
      const out = await transform(code, { loader: "ts", format: "esm", target: "es2022", sourcemap: true, sourcefile: id });
      return { code: out.code, map: out.map };
    },
  };
}

const plugins = [typescript()];
const external = (id) => id.startsWith("node:") || id.startsWith("@tensorflow/") || id === "tsx/esm/api" || id === "bullmq" || id === "ioredis";

// The edge entry imports the Wasm as a module: keep that import (next to the bundle) and ship
// the file beside it. The base64 copy of the bytes that the other bundles inline is left out
// (workerd could not compile it anyway): the edge entry instantiates the imported module.
function wasmBeside() {
  return {
    name: "wasm-beside",
    resolveId(source) {
      if (source.endsWith("bytes.generated.js")) return "\0no-inline-bytes";
      return source.endsWith(".wasm") ? { id: "./release.wasm", external: true } : null;
    },
    load(id) {
      return id === "\0no-inline-bytes" ? 'export const RELEASE_WASM_BASE64 = "";' : null;
    },
    generateBundle() {
      this.emitFile({ type: "asset", fileName: "release.wasm", source: readFileSync("build/release.wasm") });
    },
  };
}

export default [
  // ESM: the core (browsers, workerd), the Node entry, and the worker thread's entry, sharing chunks.
  {
    input: {
      index: "src/index.ts", node: "src/node.ts", "worker-main": "src/runtime/node/worker-main.ts",
      "searcher-main": "src/runtime/node/searcher-main.ts", tfjs: "src/tfjs/index.ts",
      distributed: "src/runtime/distributed/index.ts", cli: "src/cli.ts",
    },
    plugins,
    external,
    output: {
      dir: "dist", format: "es", sourcemap: true, entryFileNames: "[name].js", chunkFileNames: "chunks/[name]-[hash].js",
      banner: (chunk) => (chunk.isEntry && chunk.name === "cli" ? "#!/usr/bin/env node" : ""),
    },
  },
  // The workerd / worker entry: one file (workerd configs list modules one by one) + release.wasm.
  {
    input: "src/edge.ts",
    plugins: [wasmBeside(), ...plugins],
    external,
    output: { file: "dist/edge.js", format: "es", sourcemap: true, inlineDynamicImports: true },
  },
  // IIFE of the tfjs trainer for classic Web Workers (global `hyperwasmTfjs`); tfjs itself comes
  // from its own UMD scripts (global `tf`).
  {
    input: "src/tfjs/index.ts",
    plugins,
    external: (id) => id.startsWith("@tensorflow/"),
    output: {
      file: "dist/hyperwasm-tfjs.iife.js", format: "iife", name: "hyperwasmTfjs", sourcemap: true, exports: "named",
      globals: { "@tensorflow/tfjs": "tf", "@tensorflow/tfjs-backend-wasm": "tf" },
    },
  },
  // IIFE for <script>: defines the global `hyperwasm`.
  {
    input: "src/index.ts",
    plugins,
    external,
    output: { file: "dist/hyperwasm.iife.js", format: "iife", name: "hyperwasm", sourcemap: true, exports: "named" },
  },
];
