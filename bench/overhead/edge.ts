// bench:overhead's edge part: the edge example (examples/edge/worker.mjs) in the real workerd
// binary, one Hyperband + bayesopt experiment of `trials` trials driven over HTTP by one client
// (9 epochs a trial, the example's space), each request timed at the client. Needs `npm run build`.
import { existsSync } from "node:fs";
import { EdgeService } from "../../tests/helpers/workerd.js";

const WINDOWS = [100, 500, 1000];

const q = (v: number[], p: number) => {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};

export async function edgeLatency(trials: number, searcher = "bayesopt"): Promise<string> {
  if (!existsSync(new URL("../../dist/edge.js", import.meta.url)))
    return "(dist/edge.js is missing: run `npm run build` for the workerd rows)";
  const edge = new EdgeService();
  await edge.open();
  const suggest: number[][] = [];
  const report: number[][] = [];
  const timed = async (path: string, body: unknown, into: number[]) => {
    const t = performance.now();
    const r = await edge.post(path, body);
    into.push(performance.now() - t);
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  try {
    const e = "/e/bench";
    await edge.post(`${e}/create`, { searcher, numTrials: trials, seed: 1 });
    for (let i = 0; i < trials; i++) {
      suggest[i] = [];
      report[i] = [];
      const s = await timed(`${e}/suggest`, {}, suggest[i]);
      if (s.trialId === null) break;
      const { x, y } = s.config as { x: number; y: number };
      const qv = 1 - ((x - 0.3) ** 2 + (y - 0.6) ** 2);
      let ended = false;
      for (let epoch = 1; epoch <= 9 && !ended; epoch++) {
        const r = await timed(
          `${e}/report`,
          { trialId: s.trialId, result: { epoch, accuracy: qv * (1 - Math.exp(-epoch / 2)) } },
          report[i],
        );
        ended = r.decision !== "continue";
      }
      if (!ended) await edge.post(`${e}/complete`, { trialId: s.trialId });
      if ((i + 1) % 100 === 0) process.stderr.write(`workerd: ${i + 1} trials\n`);
    }
  } finally {
    await edge.close();
  }
  const lines = [`| trials | suggest p50 | suggest p99 | report p50 | report p99 |`, "|---|---|---|---|---|"];
  for (const w of WINDOWS.filter((w) => w <= trials)) {
    const from = Math.max(0, w - 100);
    const s = suggest.slice(from, w).flat();
    const r = report.slice(from, w).flat();
    const f = (v: number) => `${v.toFixed(1)} ms`;
    lines.push(`| ${from + 1}–${w} | ${f(q(s, 0.5))} | ${f(q(s, 0.99))} | ${f(q(r, 0.5))} | ${f(q(r, 0.99))} |`);
  }
  return lines.join("\n");
}
