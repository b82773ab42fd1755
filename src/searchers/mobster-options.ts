// MOBSTER's options and the types its acquisition hook shares with Hyper-Tune (algorithms §6.4,
// §6.13), apart from the searcher itself so that mobster.ts holds the algorithm.
import { EXP_DECAY_KERNELS } from "../gp/expdecay.js";
import type { Config } from "../space/space.js";
import { checkOneOf } from "../validate.js";
import type { BOInput } from "./bo-step.js";
import { type GPCommonOptions, parseGPOptions } from "./gp-searcher.js";

export const RESOURCE_KERNELS = ["matern52", "matern52-res-warp", ...EXP_DECAY_KERNELS] as const;
export type ResourceKernel = (typeof RESOURCE_KERNELS)[number];

const EXTRA = ["optSkipNumMaxResource", "gpResourceKernel", "resourceAcq"];

/** What a subclass may read to decide where the acquisition looks (the model's data, encoded). */
export interface AcquisitionInput {
  /** n×(d + 1) inputs (resource warped, if the kernel warps it) and normalized targets. */
  X: Float64Array;
  y: Float64Array;
  n: number;
  /** The Matérn GP's hyperparameters [σ², c, θ…, μ] (d + 4 of them). */
  params: Float64Array;
  /** Each data row's resource level. */
  resources: number[];
  /** A resource level, encoded (and warped) as the GP's last input. */
  tailOf: (r: number) => number;
  rAcq: number;
  incumbentRows: boolean[];
}

/** Where the acquisition looks, and (for the debug log) how to say it when not at one level. */
export type AcquisitionTarget = Pick<BOInput, "tail" | "ensemble" | "incumbentRows"> & { scoredAt?: string };

export interface Case {
  config: Config;
  key: string;
  r: number;
  criterion: number;
}

export interface MobsterOptions extends GPCommonOptions {
  optSkipNumMaxResource: boolean;
  gpResourceKernel: ResourceKernel;
  resourceAcq: "bohb" | "first";
}

/** The searchOptions of `bayesopt` under Hyperband, validated (numInitRandom defaults to 10). */
export function parseMobsterOptions(options: Record<string, unknown>): MobsterOptions {
  const g = (k: string) => options[k] as never;
  return {
    ...parseGPOptions(options, 10, EXTRA),
    optSkipNumMaxResource: Boolean(g("optSkipNumMaxResource") ?? false),
    gpResourceKernel: checkOneOf(
      "searchOptions.gpResourceKernel",
      g("gpResourceKernel") ?? "matern52",
      RESOURCE_KERNELS,
    ),
    resourceAcq: checkOneOf("searchOptions.resourceAcq", g("resourceAcq") ?? "bohb", ["bohb", "first"] as const),
  };
}
