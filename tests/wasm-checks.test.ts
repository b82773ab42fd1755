// The debug build checks the arguments of every export and refuses bad ones with a named
// reason (an HpoError, not a bare trap); the release build carries no checks.
import { readFileSync } from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { HpoError } from "../src/errors.js";
import { arenaOf } from "../src/wasm/arena.js";
import { initSync, wasm } from "../src/wasm/module.js";
import { RungStore } from "../src/wasm/rung-store.js";
import { throwsExactly } from "./helpers/index.js";

const test = suite("Wasm argument checks");
const load = (build: "debug" | "release") =>
  initSync({ bytes: readFileSync(new URL(`../build/${build}.wasm`, import.meta.url)) });

test("debug: sizes, offsets and dimensions are checked at entry, the reason named", () => {
  load("debug");
  const ex = wasm();
  assert.is(ex.checksEnabled(), 1);
  const p = arenaOf(ex).alloc(16); // room for a 4×4 matrix
  const pages = ex.memory.buffer.byteLength;
  throwsExactly(
    () => ex.cholesky(p + 4, 4),
    HpoError,
    `Wasm cholesky(${p + 4}, 4) refused its arguments: cholesky: a must hold n·n doubles inside the arena`,
  );
  throwsExactly(
    () => ex.cholesky(p, -1),
    HpoError,
    `Wasm cholesky(${p}, -1) refused its arguments: cholesky: n must be >= 0`,
  );
  throwsExactly(
    () => ex.solveLower(p, 4, pages - 8),
    HpoError,
    `Wasm solveLower(${p}, 4, ${pages - 8}) refused its arguments: solveLower: b must hold n doubles inside the arena`,
  );
  throwsExactly(
    () => ex.maternGradInputDim(p, 2, 2, p, 1, p, 2, p, p),
    HpoError,
    `Wasm maternGradInputDim(${p}, 2, 2, ${p}, 1, ${p}, 2, ${p}, ${p}) refused its arguments: maternGradInputDim: n must be >= 0 and 0 <= dim < d`,
  );
  // a static-data pointer (below the arena) is refused too
  throwsExactly(
    () => ex.dotProduct(8, 8, 1),
    HpoError,
    "Wasm dotProduct(8, 8, 1) refused its arguments: dotProduct: a must hold n doubles inside the arena",
  );
  const store = new RungStore(3, { seed: 1 });
  const st = (store as unknown as { ptr: number }).ptr;
  throwsExactly(
    () => ex.rungCount(st, 3),
    HpoError,
    `Wasm rungCount(${st}, 3) refused its arguments: rungCount: rung must be one of the store's rungs`,
  );
  // a good call after a refused one works: the reason does not stick
  assert.is(ex.cholesky(p, 0), 0);
});

test("release: no checks and no wrapper (the hot paths call Wasm directly)", () => {
  load("release");
  const ex = wasm();
  assert.is(ex.checksEnabled(), 0);
  const p = arenaOf(ex).alloc(16);
  assert.is(ex.cholesky(p, -1), 0, "n = -1 runs no loop and reports success: unchecked");
  assert.ok(/^\d+$/.test(ex.cholesky.name), "the export itself, not a JS wrapper");
});

test.run();
