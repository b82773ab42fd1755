// FIFOScheduler's options and their checks; HyperbandScheduler extends both. Every message names
// the option, the value received and the rule.
import { ConfigError, invalid } from "../errors.js";
import type { Logger } from "../logger.js";
import type { Searcher } from "../searchers/searcher.js";
import { checkBool, checkFinite, checkInt, checkOneOf, checkPositive, checkString } from "../validate.js";
import type { CheckpointStore } from "./checkpoint.js";
import type { ExecutorFactory } from "./protocol.js";

export interface FIFOOptions {
  searcher?: string | Searcher;
  searchOptions?: Record<string, unknown>;
  numTrials?: number;
  /** Seconds; a budget (algorithms §4.2): no trial starts after it, running ones
   * stop at their next report. */
  timeOut?: number;
  /** Keep AutoGluon's behaviour of letting running trials finish after timeOut. */
  letTrialsFinish?: boolean;
  /** The target: the run ends once the best reward reaches it (>= under "max", <= under "min"). */
  maxReward?: number;
  /** "max" (default, AutoGluon's): higher rewards are better; "min": lower ones (a loss). */
  mode?: "max" | "min";
  rewardAttr?: string;
  timeAttr?: string;
  /** Per trial; concurrency = floor(cpus / numCpus) unless the executor says otherwise. */
  resource?: { numCpus?: number; numGpus?: number };
  executor?: ExecutorFactory;
  seed?: number;
  logger?: Logger | null;
  checkpoint?: CheckpointStore;
  /** Continue the run saved in `checkpoint` (its time counts against timeOut). */
  resume?: boolean;
  /** Start a new run even though `checkpoint` holds a saved one, replacing it. */
  overwrite?: boolean;
  /** Seconds a trial may run; then it fails (a worker running it is replaced). */
  trialTimeout?: number;
  /** Failed trials in a row that stop the run (default 10; Infinity never stops). */
  maxFailures?: number;
  signal?: AbortSignal;
  /**
   * Ask/tell drivers with their own time (a simulation): seconds now, on any origin. timeOut and
   * the recorded times count from its value at the first suggest(). run() uses its executor's clock.
   */
  clock?: () => number;
  /**
   * run() on a runtime with threads (Node, browsers) makes a GP searcher's decisions in a thread
   * of their own, prepared while trials train (algorithms §6.12). Default true; false decides on
   * the thread that serves the trainers, as AutoGluon does. The simulated executor never threads.
   */
  searcherThread?: boolean;
}

export const FIFO_OPTIONS = [
  "searcher",
  "searchOptions",
  "numTrials",
  "timeOut",
  "letTrialsFinish",
  "maxReward",
  "mode",
  "rewardAttr",
  "timeAttr",
  "resource",
  "executor",
  "seed",
  "logger",
  "checkpoint",
  "resume",
  "overwrite",
  "trialTimeout",
  "maxFailures",
  "signal",
  "clock",
  "searcherThread",
] as const;

/** The checked scalar options. */
export interface StopRules {
  numTrials?: number;
  timeOut?: number;
  maxReward?: number;
  trialTimeout?: number;
  maxFailures: number;
  mode: "max" | "min";
  rewardAttr: string;
  timeAttr: string;
}

export function checkStopRules(o: FIFOOptions): StopRules {
  const r = {} as StopRules;
  if (o.numTrials !== undefined) r.numTrials = checkInt("numTrials", o.numTrials, 1);
  if (o.timeOut !== undefined) r.timeOut = checkPositive("timeOut", o.timeOut);
  if (o.numTrials === undefined && o.timeOut === undefined) {
    throw new ConfigError(
      "The value of numTrials and timeOut is undefined, but it must be set for at least one of them",
    );
  }
  if (o.clock !== undefined && typeof o.clock !== "function")
    throw invalid("clock", o.clock, "a function that returns the time in seconds");
  if (o.searcherThread !== undefined) checkBool("searcherThread", o.searcherThread);
  if (o.maxReward !== undefined) r.maxReward = checkFinite("maxReward", o.maxReward);
  if (o.trialTimeout !== undefined) r.trialTimeout = checkPositive("trialTimeout", o.trialTimeout);
  if (o.executor !== undefined && typeof o.executor !== "function") {
    const kinds = "inline(), simulated(), workerPool({ module }) from hyperwasm/node, or distributed({ redis })";
    throw invalid("executor", o.executor, `an executor factory such as ${kinds}`);
  }
  const mf = o.maxFailures ?? 10;
  if (!(mf === Number.POSITIVE_INFINITY || (Number.isInteger(mf) && mf >= 1))) {
    throw invalid("maxFailures", mf, "an integer >= 1, or Infinity");
  }
  r.maxFailures = mf;
  r.mode = checkOneOf("mode", o.mode ?? "max", ["max", "min"] as const);
  r.rewardAttr = checkString("rewardAttr", o.rewardAttr ?? "accuracy");
  r.timeAttr = checkString("timeAttr", o.timeAttr ?? "epoch");
  return r;
}

/** Trials at once: floor(cpus / numCpus), at least 1. */
export function concurrencyFor(o: FIFOOptions, cpus: number): number {
  const numCpus = checkInt("resource.numCpus", o.resource?.numCpus ?? 1, 1);
  if (numCpus > cpus) throw invalid("resource.numCpus", numCpus, `<= ${cpus}, the number of CPUs of this machine`);
  return Math.max(1, Math.floor(cpus / numCpus));
}
