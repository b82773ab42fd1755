// bench:mf's second table: the MOBSTER searcher's cost per decision as data grow, with and without
// refit thinning. Between decisions one result arrives, at a rung drawn as ASHA produces them
// (27 : 9 : 3 : 1 for r = 1, 3, 9, 27), so the thinned columns refit as often as they would in a run.
import { Rng, real } from "../src/node.js";
import { silentLogger } from "../src/logger.js";
import { SearchSpace } from "../src/space/space.js";
import { MultiFidelitySearcher } from "../src/searchers/mobster.js";
import { MAXT, noise, problems } from "./mf-problems.js";

export function costTable(): void {
  console.log(
    "\nMOBSTER (matern52) getConfig, ms per decision (mean over the decisions after reaching N observations; the model sees at most maxSizeDataForModel = 500):\n",
  );
  console.log(
    "| observations N | refit every decision | optSkipPeriod 10 | optSkipNumMaxResource | refitGrowth 1.25 (the default) | no refit (posterior + acquisition alone) | GP fit's share of a refitting decision |",
  );
  console.log("|---|---|---|---|---|---|---|");
  const space = new SearchSpace(Object.fromEntries(Array.from({ length: 3 }, (_, k) => [`x${k}`, real(0, 1)])));
  const p0 = problems[0];
  const observe = (rng: Rng, r: number) => {
    const c = space.sample(rng);
    const x = [0, 1, 2].map((k) => c[`x${k}`] as number);
    return { c, acc: p0.q(x) * (1 - Math.exp(-p0.speed(x) * r)) + 0.01 * noise(x, r) };
  };
  const rung = (rng: Rng) => {
    const u = rng.next() * 40;
    return u < 27 ? 1 : u < 36 ? 3 : u < 39 ? 9 : 27;
  };
  for (const N of [100, 250, 500, 1000]) {
    const cells: string[] = [];
    let noRefit = 0,
      refit = 0;
    for (const [opts, reps] of [
      // AutoGluon's schedules (refitGrowth 1, fits on all the model's points), then the defaults (algorithms §6.5)
      [{ optSkipInitLength: 0, refitGrowth: 1, maxSizeDataForFit: 500 }, 5],
      [{ optSkipInitLength: 0, optSkipPeriod: 10, refitGrowth: 1, maxSizeDataForFit: 500 }, 40],
      [{ optSkipInitLength: 0, optSkipNumMaxResource: true, refitGrowth: 1, maxSizeDataForFit: 500 }, 40],
      [{ optSkipInitLength: 0 }, 40],
    ] as const) {
      const s = new MultiFidelitySearcher(
        {
          space,
          rng: new Rng(1),
          logger: silentLogger,
          debugLog: false,
          scheduler: "hyperband_stopping",
          minResource: 1,
          maxResource: MAXT,
        },
        { numInitRandom: 1, ...opts },
      );
      const rng = new Rng(2);
      for (let i = 0; i < N; i++) {
        const r = rung(rng),
          { c, acc } = observe(rng, r);
        s.update(c, -acc, r); // searchers take a loss
      }
      s.getConfig({ milestone: 1 }); // the first fit on all N
      let total = 0,
        alone = 0;
      for (let k = 0; k < reps; k++) {
        const r = rung(rng),
          { c, acc } = observe(rng, r);
        s.update(c, -acc, r); // searchers take a loss
        let t = performance.now();
        s.getConfig({ milestone: 1 });
        total += performance.now() - t;
        if (cells.length === 0) {
          // the same data again: the searcher keeps its fit, so this is the decision without one
          t = performance.now();
          s.getConfig({ milestone: 1 });
          alone += performance.now() - t;
        }
      }
      cells.push((total / reps).toFixed(0));
      if (cells.length === 1) noRefit = alone / reps;
      if (cells.length === 1) refit = total / reps;
    }
    console.log(
      `| ${N} | ${cells.join(" | ")} | ${noRefit.toFixed(0)} | ${((100 * (refit - noRefit)) / refit).toFixed(0)} % |`,
    );
  }
}
