// A typed registry of searchers (STYLE practice 3) instead of a string if/else chain.
import { invalid } from "../errors.js";
import { BayesOptSearcher } from "./bayesopt.js";
import { KDESearcher } from "./kde.js";
import { HyperTuneSearcher } from "./hypertune.js";
import { MultiFidelitySearcher } from "./mobster.js";
import { RandomSearcher } from "./random.js";
import { SkoptSearcher } from "./skopt.js";
import type { Searcher, SearcherSetup } from "./searcher.js";

type Factory = (setup: SearcherSetup, options: Record<string, unknown>) => Searcher;

const SEARCHERS: Record<string, Factory> = {
  random: (setup, o) => new RandomSearcher(setup, o),
  // algorithms §6.8: GP-FIFO under FIFO, the multi-fidelity GP (MOBSTER) under Hyperband
  bayesopt: (setup, o) =>
    setup.scheduler === "fifo" ? new BayesOptSearcher(setup, o) : new MultiFidelitySearcher(setup, o),
  skopt: (setup, o) => new SkoptSearcher(setup, o),
  // BOHB's KDE searcher, under FIFO (one level) and Hyperband (per rung); algorithms §6.9
  kde: (setup, o) => new KDESearcher(setup, o),
  // Hyper-Tune: MOBSTER's joint GP with level weights learned from ranking losses (algorithms §6.13)
  hypertune: (setup, o) => {
    if (setup.scheduler === "fifo")
      throw invalid("searcher", "hypertune", "used with HyperbandScheduler (it weighs rung levels)");
    return new HyperTuneSearcher(setup, o);
  },
};

export type SearcherName = "random" | "bayesopt" | "skopt" | "kde" | "hypertune" | (string & {});

/** Registers a searcher under a name (used by the bayesopt / skopt modules). */
export function registerSearcher(name: string, factory: Factory): void {
  SEARCHERS[name] = factory;
}

export function createSearcher(name: string, setup: SearcherSetup, options: Record<string, unknown>): Searcher {
  const f = SEARCHERS[name];
  if (!f)
    throw invalid(
      "searcher",
      name,
      `one of ${Object.keys(SEARCHERS)
        .map((s) => JSON.stringify(s))
        .join(", ")}`,
    );
  return f(setup, options);
}
