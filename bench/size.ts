// npm run bench:size — what a user downloads and waits for: bundle and Wasm sizes (raw and
// gzip), and the time from `import` to the first suggestion in Node (a fresh process each time).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const file = (f: string) => new URL(`../${f}`, import.meta.url);
console.log("| file | raw KiB | gzip KiB |");
console.log("|---|---|---|");
// the IIFE is the whole core in one file (Wasm inlined as base64); edge.js is the same without
// needing the inline bytes at run time (it imports release.wasm)
for (const f of ["dist/hyperwasm.iife.js", "dist/edge.js", "dist/release.wasm", "dist/hyperwasm-tfjs.iife.js"]) {
  const b = readFileSync(file(f));
  console.log(`| ${f} | ${(b.length / 1024).toFixed(1)} | ${(gzipSync(b).length / 1024).toFixed(1)} |`);
}
const probe = `
const t0 = performance.now();
const h = await import(${JSON.stringify(file("dist/node.js").href)});
const t1 = performance.now();
const train = h.args({ x: h.real(0, 1) }, async () => {});
const s = new h.FIFOScheduler(train, { numTrials: 1, seed: 1, logger: null });
s.suggest();
const t2 = performance.now();
h.cholesky([[2, 1], [1, 2]]);
const t3 = performance.now();
console.log(JSON.stringify([t1 - t0, t2 - t0, t3 - t0]));`;
const runs = Array.from(
  { length: 5 },
  () =>
    JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", probe], { encoding: "utf8" })) as number[],
);
const med = (k: number) => runs.map((r) => r[k]).sort((a, b) => a - b)[2];
console.log(
  `\nNode ${process.version}, median of 5 fresh processes: import ${med(0).toFixed(1)} ms; first suggestion at ${med(1).toFixed(1)} ms; ` +
    `first Wasm call (instantiating the module) at ${med(2).toFixed(1)} ms after the import started`,
);
