// npm run bench:linalg — Cholesky, triangular solve and Matérn kernel build at n = 100…2000
// (d = 8): the release Wasm build against a plain-JS reference and, when python3 with scipy is
// present, scipy single-threaded, all in this one run. Times are the best of several runs of
// the bare routine on data already in memory (copying in and out is O(n²) and not timed).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { choleskyJs, maternJs, solveJs } from "./reference/js-linalg.js";
import type { WasmExports } from "../src/wasm/module.js";

const sizes = (process.argv[2] ?? "100,250,500,1000,2000").split(",").map(Number);
const d = 8;
const w = new WebAssembly.Instance(
  new WebAssembly.Module(readFileSync(new URL("../build/release.wasm", import.meta.url))),
  {},
).exports as unknown as WasmExports;

function best(f: () => void, reps: number): number {
  let t = Infinity;
  for (let r = 0; r < reps; r++) {
    const s = performance.now();
    f();
    t = Math.min(t, performance.now() - s);
  }
  return t;
}

function lcg(seed: number) {
  let x = seed;
  return () => (x = (48271 * x) % 2147483647) / 2147483647;
}

let scipy: {
  versions: Record<string, string>;
  rows: Record<string, { cholesky: number; solve: number; kernel: number }>;
} | null = null;
try {
  const out = execFileSync("python3", [new URL("./scipy_linalg.py", import.meta.url).pathname, sizes.join(",")], {
    env: { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  scipy = JSON.parse(out);
} catch {
  console.log("(python3 with numpy/scipy not found: the scipy columns are left out)");
}

const fmt = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : "–");
const rows: string[] = [];
for (const n of sizes) {
  const reps = n <= 500 ? 7 : n <= 1000 ? 4 : 3;
  const rand = lcg(n);
  const A = new Float64Array(n * n);
  const G = new Float64Array(n * n).map(() => rand() - 0.5);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += G[i * n + k] * G[j * n + k];
      A[i * n + j] = A[j * n + i] = s / n + (i === j ? 1 : 0);
    }
  const b = new Float64Array(n).map(() => rand());
  const X = new Float64Array(n * d).map(() => rand());
  const theta = new Float64Array(d).fill(1.5);

  const base = (w.heapBase() + 15) & ~15;
  const aP = base,
    bP = aP + n * n * 8,
    xP = bP + n * 8,
    tP = xP + n * d * 8,
    kP = tP + d * 8,
    sP = kP + n * n * 8;
  const need = sP + n * d * 8 + 64;
  if (w.memory.buffer.byteLength < need) w.memory.grow(Math.ceil((need - w.memory.buffer.byteLength) / 65536));
  const mem = () => w.memory.buffer;
  new Float64Array(mem(), xP, n * d).set(X);
  new Float64Array(mem(), tP, d).set(theta);

  let wasmChol = Infinity;
  for (let r = 0; r < reps; r++) {
    new Float64Array(mem(), aP, n * n).set(A);
    const s = performance.now();
    if (w.cholesky(aP, n) !== 0) throw new Error("not PD");
    wasmChol = Math.min(wasmChol, performance.now() - s);
  }
  const wasmSolve = best(() => {
    new Float64Array(mem(), bP, n).set(b);
    w.solveLower(aP, n, bP);
    w.solveLowerT(aP, n, bP);
  }, reps * 5);
  const wasmKernel = best(() => w.maternSymmetric(xP, n, d, tP, 1, 0, kP, sP), reps);

  let jsChol = Infinity;
  const Aj = new Float64Array(n * n);
  for (let r = 0; r < (n >= 1000 ? 1 : reps); r++) {
    Aj.set(A);
    const s = performance.now();
    choleskyJs(Aj, n);
    jsChol = Math.min(jsChol, performance.now() - s);
  }
  const bj = new Float64Array(n);
  const jsSolve = best(() => (bj.set(b), solveJs(Aj, n, bj)), reps * 5);
  const Kj = new Float64Array(n * n);
  const jsKernel = best(() => maternJs(X, n, d, theta, 1, Kj), n >= 1000 ? 1 : reps);

  const gf = (ms: number) => n ** 3 / 3 / (ms * 1e6);
  const sp = scipy?.rows[n];
  rows.push(
    `| ${n} | ${fmt(jsChol)} (${fmt(gf(jsChol))}) | ${fmt(wasmChol)} (${fmt(gf(wasmChol))}) | ` +
      (sp ? `${fmt(sp.cholesky)} (${fmt(gf(sp.cholesky))}) | ${fmt(gf(wasmChol) / gf(sp.cholesky))} | ` : "– | – | ") +
      `${fmt(jsSolve, 3)} | ${fmt(wasmSolve, 3)} | ${sp ? fmt(sp.solve, 3) : "–"} | ` +
      `${fmt(jsKernel)} | ${fmt(wasmKernel)} | ${sp ? fmt(sp.kernel) : "–"} |`,
  );
}

console.log(
  `Machine: ${cpus()[0]?.model ?? "?"}, ${cpus().length} cores; Node ${process.version}` +
    (scipy ? `; numpy ${scipy.versions.numpy}, scipy ${scipy.versions.scipy} (1 thread)` : ""),
);
console.log(
  "Cholesky: ms (GFLOP/s = n³/3 / time). Solve: L and Lᵀ, one right-hand side, ms. Kernel: Matérn-5/2 K(X,X), d = 8, ms.\n",
);
console.log(
  "| n | Cholesky JS | Cholesky Wasm | Cholesky scipy | Wasm/scipy | solve JS | solve Wasm | solve scipy | kernel JS | kernel Wasm | kernel numpy |",
);
console.log("|---|---|---|---|---|---|---|---|---|---|---|");
for (const r of rows) console.log(r);
