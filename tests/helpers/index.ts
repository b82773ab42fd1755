// Shared test helpers: the fixture generator, closeness assertions, and a way to run a suite
// against both the debug (asserting) and the release Wasm builds.
import { readFileSync } from "node:fs";
import * as assert from "uvu/assert";
import { suite, type Test } from "uvu";
import { initSync } from "../../src/wasm/module.js";

/** Park–Miller minimal standard generator; identical to the one in tests/fixtures/*.py. */
export class MinStd {
  constructor(private x: number) {}
  next(): number {
    this.x = (48271 * this.x) % 2147483647;
    return this.x / 2147483647;
  }
}

export function spd(n: number, seed: number): { A: Float64Array; g: MinStd } {
  const g = new MinStd(seed);
  const G = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) G[i] = g.next() - 0.5;
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += G[i * n + k] * G[j * n + k];
      A[i * n + j] = A[j * n + i] = s / n + (i === j ? 0.5 : 0);
    }
  }
  return { A, g };
}

export function vector(n: number, g: MinStd): Float64Array {
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = g.next() * 2 - 1;
  return v;
}

/** |actual − expected| <= tol · max(1, |expected|) */
export function assertClose(actual: number, expected: number, tol: number, what = ""): void {
  const err = Math.abs(actual - expected);
  if (!(err <= tol * Math.max(1, Math.abs(expected)))) {
    assert.unreachable(`${what}: ${actual} differs from ${expected} by ${err} (tolerance ${tol})`);
  }
}

export function assertAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what = ""): void {
  assert.is(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) assertClose(actual[i], expected[i], tol, `${what}[${i}]`);
}

/** Expects fn to throw an error of the given class whose message is exactly `message`. */
export function throwsExactly(fn: () => unknown, Kind: new (...a: never[]) => Error, message: string): void {
  try {
    fn();
  } catch (e) {
    assert.instance(e, Kind);
    assert.is((e as Error).message, message);
    return;
  }
  assert.unreachable(`expected ${Kind.name}: ${message}`);
}

export async function rejectsExactly(
  fn: () => Promise<unknown>,
  Kind: new (...a: never[]) => Error,
  message: string,
): Promise<void> {
  try {
    await fn();
  } catch (e) {
    assert.instance(e, Kind);
    assert.is((e as Error).message, message);
    return;
  }
  assert.unreachable(`expected ${Kind.name}: ${message}`);
}

export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8")) as T;
}

const builds = {
  debug: new URL("../../build/debug.wasm", import.meta.url),
  release: new URL("../../build/release.wasm", import.meta.url),
};

/** Defines the same suite once per Wasm build; each loads its build before its tests run. */
export function forEachBuild(name: string, define: (test: Test, build: keyof typeof builds) => void): void {
  for (const build of Object.keys(builds) as (keyof typeof builds)[]) {
    const s = suite(`${name} [${build}]`);
    s.before(() => initSync({ bytes: readFileSync(builds[build]) }));
    define(s, build);
    s.run();
  }
}
