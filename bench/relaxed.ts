// npm run bench:relaxed: does relaxed SIMD pay here? The f64x2 multiply + add peak probe of
// bench:gp (bench/asm/peak.ts, a multiply then an add) against the same probe with each step
// rewritten here as one fused f64x2.relaxed_madd, both compiled now, run alternately in one
// process, best of 7 per round, 5 rounds. Needs a runtime with relaxed SIMD (Node 22+).
import { readFileSync } from "node:fs";
import asc from "assemblyscript/asc";

const probe = readFileSync("bench/asm/peak.ts", "utf8");
const fused = probe.replace(/f64x2\.add\((a\d+), f64x2\.mul\(\1, c\)\)/g, "f64x2.relaxed_madd($1, c, $1)");
if (fused.split("relaxed_madd").length !== 13)
  throw new Error("bench/asm/peak.ts changed: expected 12 multiply + add chains");

async function compile(source: string, features: string): Promise<Uint8Array<ArrayBuffer>> {
  let bytes: Uint8Array<ArrayBuffer> | undefined;
  const args = ["probe.ts", "-O3", "--runtime", "stub", "--use", "abort=", "--enable", features, "-o", "p.wasm"];
  const built = await asc.main(args, {
    readFile: (name: string) => (name === "probe.ts" ? source : null),
    writeFile: (name: string, contents: string | Uint8Array) => {
      if (name.endsWith(".wasm") && typeof contents !== "string") bytes = new Uint8Array(contents);
    },
  });
  if (built.error || !bytes) throw new Error(`the probe did not compile: ${built.stderr}`);
  return bytes;
}

type Probe = { mulAddPeak(n: number): number; mulAddPeakFlops(n: number): number };
const plain = await compile(probe, "simd");
const relaxed = await compile(fused, "simd,relaxed-simd");
if (!WebAssembly.validate(relaxed)) {
  console.log(`Node ${process.versions.node} rejects relaxed SIMD: run this on Node 22 or later`);
  process.exit(1);
}
const probes: [string, Probe][] = [
  ["multiply + add (SIMD)", new WebAssembly.Instance(new WebAssembly.Module(plain), {}).exports as unknown as Probe],
  [
    "relaxed_madd (relaxed SIMD)",
    new WebAssembly.Instance(new WebAssembly.Module(relaxed), {}).exports as unknown as Probe,
  ],
];
const N = 2e7;
const rates: number[][] = [[], []];
for (let round = 0; round < 5; round++) {
  probes.forEach(([, p], k) => {
    let best = Number.POSITIVE_INFINITY;
    for (let r = 0; r < 7; r++) {
      const t = performance.now();
      p.mulAddPeak(N);
      best = Math.min(best, performance.now() - t);
    }
    rates[k].push(p.mulAddPeakFlops(N) / best / 1e6);
  });
}
console.log(`Node ${process.versions.node}, GFLOP/s of one core, 5 rounds (best of 7 each):\n`);
console.log("| probe | rounds | median |\n|---|---|---|");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
probes.forEach(([name], k) =>
  console.log(`| ${name} | ${rates[k].map((r) => r.toFixed(1)).join(", ")} | ${median(rates[k]).toFixed(1)} |`),
);
console.log(
  `\nrelaxed_madd / multiply + add: ${(median(rates[1]) / median(rates[0])).toFixed(2)}× (the bar for a second build: 1.3×)`,
);
