// HyperbandScheduler's options, their checks, and the per-trial record it keeps (algorithms §5.1,
// §5.2): kept apart from the scheduler's rules so each file reads as one thing.
import { invalid } from "../errors.js";
import type { Trainer } from "../space/args.js";
import { checkInt } from "../validate.js";
import { FIFO_OPTIONS, type FIFOOptions } from "./options.js";
import type { Decision } from "./protocol.js";
import { rungLevels } from "./rungs.js";

export interface HyperbandOptions extends FIFOOptions {
  maxT?: number;
  gracePeriod?: number;
  reductionFactor?: number;
  rungLevels?: number[];
  brackets?: number;
  type?: "stopping" | "promotion";
  searcherData?: "rungs" | "all" | "rungs_and_last";
  maxtPending?: boolean;
  rungSystemPerBracket?: boolean;
  /** A model searcher may keep going a trial the rung would stop or pause (algorithms §5.8). Default true. */
  modelStopping?: boolean;
}

export const HB_OPTIONS = [
  ...FIFO_OPTIONS,
  "maxT",
  "gracePeriod",
  "reductionFactor",
  "rungLevels",
  "brackets",
  "type",
  "searcherData",
  "maxtPending",
  "rungSystemPerBracket",
  "modelStopping",
] as const;

export interface HbTrial {
  bracket: number;
  /** The next resource level at which a decision is due (a rung level, or maxT). */
  milestone: number;
  key: string;
  /** Index in the trial's history of the last row given to the searcher. */
  lastFed?: number;
  endedBy?: Decision;
}

/** Reads maxT from the options, else the trainer's fixed `epochs`, else its `maxT` (algorithms §1.3). */
export function inferMaxT(trainer: Trainer, options: HyperbandOptions): number {
  const fixed = trainer.space.fixed as Record<string, unknown>;
  const fromArgs = fixed.epochs ?? fixed.maxT;
  const v = options.maxT ?? fromArgs;
  if (v === undefined) throw invalid("maxT", undefined, "given, or the trainer must have a fixed epochs or maxT value");
  return checkInt("maxT", v, 1);
}

/**
 * gracePeriod when not given (algorithms §5.2): 1 as in AutoGluon, but 3 for `bayesopt` with
 * model-informed stopping when that leaves two rung levels (3 · reductionFactor <= maxT). A stop
 * decision after one epoch is made before the model has seen any of the trial's results, and
 * where the first epoch ranks configs badly it stopped the very configs the search was after
 * (docs/performance.md, "The first rung").
 */
export function defaultGracePeriod(options: HyperbandOptions, maxT: number): number {
  const model = options.searcher === "bayesopt" && options.modelStopping !== false;
  return model && 3 * (options.reductionFactor ?? 3) <= maxT ? 3 : 1;
}

/** The rung levels: `rungLevels` checked, else from gracePeriod and reductionFactor (algorithms §5.2). */
export function levelsFrom(options: HyperbandOptions, maxT: number): number[] {
  if (options.rungLevels !== undefined) {
    const r = options.rungLevels;
    if (!Array.isArray(r) || r.length < 2) throw invalid("rungLevels", r, "a list of at least 2 levels");
    r.forEach((x, i) => {
      checkInt(`rungLevels[${i}]`, x, 1);
      if (i > 0 && x <= r[i - 1]) throw invalid("rungLevels", r, "strictly increasing");
    });
    if (r[r.length - 1] > maxT) throw invalid("rungLevels", r, `a list whose last level is <= maxT (${maxT})`);
    return [...r];
  }
  const gp = checkInt("gracePeriod", options.gracePeriod ?? defaultGracePeriod(options, maxT), 1);
  const rf = checkInt("reductionFactor", options.reductionFactor ?? 3, 2);
  if (gp > maxT) throw invalid("gracePeriod", gp, `<= maxT (${maxT})`);
  return rungLevels(gp, maxT, rf);
}
