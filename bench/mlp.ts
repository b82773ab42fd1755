// npm run bench:mlp — seconds per epoch of the tfjs-wasm MLP trainer on letter (12,060 rows,
// the default architecture 72-72, dropout 0.375) at batch 16, 32 and 128, against the same MLP
// in PyTorch with one thread in the same run when a python3 with torch is found.
import { execFileSync } from "node:child_process";
import { loadLetter, Rng } from "../src/node.js";
import { TfMlp, useWasmBackend } from "../src/tfjs/index.js";

await useWasmBackend();
const data = loadLetter(1);
const batches = [16, 32, 128];
const cfg = {
  n_units_1: 72,
  n_units_2: 72,
  dropout_1: 0.375,
  dropout_2: 0.375,
  learning_rate: 1e-3,
  scale_1: 0.1,
  scale_2: 0.1,
};
const ours: Record<number, number> = {};
for (const batch_size of batches) {
  const net = new TfMlp(16, 26, { ...cfg, batch_size }, new Rng(1));
  const rng = new Rng(2);
  net.trainEpoch(data.train, rng); // warm-up (kernel compilation)
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    net.trainEpoch(data.train, rng);
    best = Math.min(best, (performance.now() - t) / 1000);
  }
  ours[batch_size] = best;
  net.dispose();
}

let torch: { version: string; rows: Record<string, number> } | null = null;
for (const py of ["python3", "/usr/bin/python3"]) {
  try {
    torch = JSON.parse(
      execFileSync(py, [new URL("./torch_mlp.py", import.meta.url).pathname, batches.join(",")], {
        env: { ...process.env, OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }),
    );
    break;
  } catch {
    /* next interpreter */
  }
}
if (!torch) console.log("(no python3 with torch found: the PyTorch column is left out)");
console.log(
  `Seconds per epoch, letter train (12,060 rows), MLP 16-72-72-26 (Node ${process.version}${torch ? `; PyTorch ${torch.version}, 1 thread` : ""})\n`,
);
console.log("| batch | tfjs-wasm s/epoch | PyTorch s/epoch | ratio |");
console.log("|---|---|---|---|");
for (const b of batches) {
  const t = torch?.rows[b];
  console.log(
    `| ${b} | ${ours[b].toFixed(3)} | ${t !== undefined ? t.toFixed(3) : "–"} | ${t !== undefined ? `${(ours[b] / t).toFixed(2)}×` : "–"} |`,
  );
}
