// The layers of DESIGN.md hold: every relative import in src/ points to a lower layer (or stays
// inside its own folder), no file-level import cycle exists, and the core uses no Node API.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { importCycles, layerOf, layerViolations } from "./helpers/layers.js";

const test = suite("layers");
const SRC = new URL("../src/", import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") && !p.endsWith(".d.ts") ? [p] : [];
  });
}

/** file (relative to src/) → the src files it imports (static and dynamic). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const f of files(SRC)) {
    const text = readFileSync(f, "utf8");
    const targets: string[] = [];
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*"(\.[^"]+)"/g)) {
      const target = resolve(dirname(f), m[1]).replace(/\.js$/, ".ts");
      if (target.endsWith(".ts")) targets.push(relative(SRC, target));
    }
    graph.set(relative(SRC, f), targets);
  }
  return graph;
}

test("the checker itself: an upward import and a cycle are found", () => {
  const bad = new Map([
    ["searchers/a.ts", ["schedulers/b.ts"]],
    ["schedulers/b.ts", ["schedulers/c.ts"]],
    ["schedulers/c.ts", ["schedulers/b.ts"]],
  ]);
  assert.equal(layerViolations(bad), ["searchers/a.ts → schedulers/b.ts"]);
  assert.equal(importCycles(bad), [["schedulers/b.ts", "schedulers/c.ts"]]);
});

test("every src file has a layer", () => {
  for (const f of importGraph().keys())
    assert.ok(layerOf(f) !== undefined, `${f} has no layer in tests/helpers/layers.ts`);
});

test("no import runs up a layer or sideways across one", () => {
  assert.equal(layerViolations(importGraph()), []);
});

test("no import cycle between files", () => {
  assert.equal(importCycles(importGraph()), []);
});

test("the core uses web-standard APIs only: no node: imports and no process / Buffer outside Node entries", () => {
  const nodeOnly = /^(node\.ts|cli\.ts|node\/|runtime\/node\/|runtime\/distributed\/|tfjs\/)/;
  const offenders: string[] = [];
  for (const f of files(SRC)) {
    const rel = relative(SRC, f);
    if (nodeOnly.test(rel)) continue;
    const code = readFileSync(f, "utf8").replace(/\/\/.*$/gm, "");
    if (/from\s+"node:|\bprocess\.|\bBuffer\./.test(code)) offenders.push(rel);
  }
  assert.equal(offenders, []);
});

test.run();
