// The built bundles (`npm run build`): the IIFE defines the global `hyperwasm` when run as a
// classic script in a fresh global (what a <script> tag does) and carries its Wasm inline.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { createContext, runInContext } from "node:vm";

const test = suite("bundles");

test("the IIFE defines hyperwasm with the Wasm inlined (no fetch, no file access)", () => {
  const code = readFileSync(new URL("../dist/hyperwasm.iife.js", import.meta.url), "utf8");
  // what a page's global has and the bundle uses (schedulers are EventTargets)
  const global: Record<string, unknown> = { atob, WebAssembly, console, performance, crypto, EventTarget, CustomEvent };
  createContext(global);
  runInContext(code, global);
  const hw = global.hyperwasm as typeof import("../src/index.js");
  assert.type(hw, "object");
  const f = hw.cholesky([
    [4, 2],
    [2, 3],
  ]);
  assert.ok(f.ok);
  assert.equal(
    [...f.solve([2, 5])].map((v) => Math.round(v * 1e12) / 1e12),
    [-0.5, 2],
  );
  assert.type(hw.FIFOScheduler, "function");
  assert.not.match(code, /readFile|fetch\(/);
});

test("the ESM entries load and the Node entry adds the Node-only parts", async () => {
  const core = await import(new URL("../dist/index.js", import.meta.url).href);
  const node = await import(new URL("../dist/node.js", import.meta.url).href);
  assert.type(core.HyperbandScheduler, "function");
  assert.is(core.workerPool, undefined);
  assert.type(node.workerPool, "function");
  assert.type(node.fileStore, "function");
});

test.run();
