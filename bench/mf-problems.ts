// The multi-fidelity problems of bench:mf: learning curves accuracy(x, r) = q(x)·(1 − e^{−s(x)·r})
// plus reproducible noise, where the learning speed s(x) is lowest where the final quality q(x)
// is highest, so early rungs rank configurations wrongly.
import { Rng, args, real, type Trainer } from "../src/node.js";

export const MAXT = 27;

export type Problem = {
  slug: string;
  name: string;
  dims: number;
  q: (x: number[]) => number;
  speed: (x: number[]) => number;
};

export const problems: Problem[] = [
  {
    slug: "bowl",
    name: "bowl, slow optimum",
    dims: 3,
    q: (x) => 1 - ((x[0] - 0.8) ** 2 + (x[1] - 0.3) ** 2 + (x[2] - 0.5) ** 2),
    speed: (x) => 0.05 + 0.5 * (1 - x[0]) ** 2,
  },
  {
    slug: "basins",
    name: "two basins",
    dims: 3,
    q: (x) =>
      0.9 * Math.exp(-8 * ((x[0] - 0.2) ** 2 + (x[1] - 0.2) ** 2)) +
      Math.exp(-8 * ((x[0] - 0.8) ** 2 + (x[1] - 0.7) ** 2)) * (1 - 0.2 * x[2]),
    speed: (x) => (x[0] < 0.5 ? 0.6 : 0.06),
  },
  // A learning rate (x0): higher learns faster but ends worse past 0.5; the other inputs shift
  // the final quality by the same amount at every epoch, so early rungs are informative about
  // them and misleading about x0 — as in real training.
  {
    slug: "lr",
    name: "learning rate, 4-d",
    dims: 4,
    q: (x) => 1 - 0.3 * (x[0] - 0.5) ** 2 - 0.5 * (x[1] - 0.7) ** 2 - 0.5 * (x[2] - 0.25) ** 2 - 0.3 * x[3],
    speed: (x) => 0.08 + 0.5 * x[0] ** 2,
  },
];

/** A reproducible N(0, 1)-ish value from a config and an epoch (sum of 4 hashed uniforms, scaled). */
export function noise(x: number[], r: number): number {
  let h = 2166136261 ^ r;
  for (const v of x) h = Math.imul(h ^ Math.floor(v * 2 ** 30), 16777619);
  let s = 0;
  for (let k = 0; k < 4; k++) {
    h = Math.imul(h ^ (h >>> 15), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    s += ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
  }
  return (s - 2) * Math.sqrt(3);
}

/** The best noise-free accuracy at maxT: 200,000 random points, then a shrinking pattern search. */
export function optimumAtMaxT(p: Problem): number {
  const f = (x: number[]) => p.q(x) * (1 - Math.exp(-p.speed(x) * MAXT));
  const rng = new Rng(7);
  let best = Array.from({ length: p.dims }, () => 0.5),
    fb = f(best);
  for (let i = 0; i < 200_000; i++) {
    const x = Array.from({ length: p.dims }, () => rng.next());
    const v = f(x);
    if (v > fb) [best, fb] = [x, v];
  }
  for (let h = 0.01; h > 1e-7; h /= 2) {
    for (let moved = true; moved; ) {
      moved = false;
      for (let k = 0; k < p.dims; k++)
        for (const sgn of [-1, 1]) {
          const x = best.slice();
          x[k] = Math.min(1, Math.max(0, x[k] + sgn * h));
          const v = f(x);
          if (v > fb) [best, fb, moved] = [x, v, true];
        }
    }
  }
  return fb;
}

export function trainer(p: Problem): Trainer {
  const spec: Record<string, unknown> = { epochs: MAXT };
  for (let k = 0; k < p.dims; k++) spec[`x${k}`] = real(0, 1);
  return args(spec, async (cfg: Record<string, unknown>, reporter) => {
    const x = Array.from({ length: p.dims }, (_, k) => cfg[`x${k}`] as number);
    const q = p.q(x),
      s = p.speed(x);
    for (let r = 1; r <= MAXT; r++) {
      const truth = q * (1 - Math.exp(-s * r));
      await reporter({ epoch: r, accuracy: truth + 0.01 * noise(x, r), true_accuracy: truth, cost: 1 });
    }
  });
}
