// Asynchronous BOHB / MOBSTER (algorithms §6.4): `searcher: 'bayesopt'` under HyperbandScheduler. One
// GP over (config, resource) pairs — the resource is an extra input, encoded as an int on
// [1, maxT] — fed at rung levels by the scheduler; pending (config, milestone) pairs are
// fantasized; the acquisition runs at one resource level r_acq chosen by `resourceAcq`.
import { invalid } from "../errors.js";
import { fitGP } from "../gp/fit.js";
import { warpColumn } from "../gp/likelihood.js";
import { type ParamSpec, maternParamSpecs, warpParamSpecs } from "../gp/params.js";
import { warp } from "../gp/warp.js";
import { MeanModel } from "../gp/mean-model.js";
import {
  EXP_DECAY_KERNELS,
  ExpDecayPosterior,
  type ExpDecayKernel,
  expDecayNllAndGrad,
  expDecaySpecs,
} from "../gp/expdecay.js";
import type { Config } from "../space/space.js";
import { proposeByEI } from "./bo-step.js";
import { GPSearcherBase } from "./gp-searcher.js";
import { MAXT_MODEL_SHAPE, MaxTModel, type MaxTModelExport, type MaxTModelState } from "./maxt-model.js";
import type { Shape } from "../validate.js";
import type { SearcherContext, SearcherSetup } from "./searcher.js";
import { LevelData, type LevelDataState } from "./mobster-data.js";
import {
  type AcquisitionInput,
  type AcquisitionTarget,
  type Case,
  type MobsterOptions,
  parseMobsterOptions,
} from "./mobster-options.js";

export {
  RESOURCE_KERNELS,
  type ResourceKernel,
  type AcquisitionInput,
  type AcquisitionTarget,
} from "./mobster-options.js";

export class MultiFidelitySearcher extends GPSearcherBase {
  readonly name: string = "bayesopt (multi-fidelity)";
  private readonly o: MobsterOptions;
  private readonly maxT: number;
  private readonly minT: number;
  protected specs: ParamSpec[];
  private readonly expDecay: ExpDecayKernel | undefined;
  private readonly warpDim: number | undefined;
  private readonly data = new LevelData();
  protected params: Float64Array;
  private fittedOn = "";
  private fittedN = -Infinity;
  private fittedAtMax = -1;
  /** The last BO step's posterior mean and the encoded (warped) maxT, for predictAtMaxT. */
  private model: MaxTModel | null = null;
  constructor(setup: SearcherSetup, options: Record<string, unknown> = {}) {
    super(setup);
    this.o = parseMobsterOptions(options);
    if (setup.maxResource === undefined || setup.minResource === undefined) {
      throw invalid("searcher", "bayesopt", "given the scheduler's resource range (use it through HyperbandScheduler)");
    }
    this.maxT = setup.maxResource;
    this.minT = setup.minResource;
    const D = setup.space.dim + 1;
    this.warpDim = this.o.gpResourceKernel === "matern52-res-warp" ? D - 1 : undefined;
    this.expDecay = (EXP_DECAY_KERNELS as readonly string[]).includes(this.o.gpResourceKernel)
      ? (this.o.gpResourceKernel as ExpDecayKernel)
      : undefined;
    this.specs = this.expDecay
      ? expDecaySpecs(D - 1, this.expDecay, 1)
      : [...maternParamSpecs(D), ...(this.warpDim !== undefined ? warpParamSpecs() : [])];
    this.params = Float64Array.from(this.specs, (s) => s.init);
  }

  /** algorithms §6.4: r as an int on [1, maxT]: (r − 0.50001) / (maxT − 0.00002). */
  encodeResource(r: number): number {
    return Math.min(1, Math.max(0, (r - 0.50001) / (this.maxT - 0.00002)));
  }

  dataSize(): number {
    return this.data.labeled.length;
  }

  /** algorithms §6.4 resource_acq. */
  targetResource(ctx?: SearcherContext): number {
    if (this.o.resourceAcq === "first") return ctx?.milestone ?? this.minT;
    const counts = this.data.levelCounts();
    if (counts.size === 0) return this.minT;
    const levels = [...counts.keys()];
    const enough = levels.filter((r) => counts.get(r)! >= this.setup.space.dim);
    return enough.length ? enough[enough.length - 1] : levels[0];
  }

  /**
   * Where the acquisition looks (algorithms §6.4): at the one level rAcq, with the incumbent among
   * that level's rows. Hyper-Tune (hypertune.ts, algorithms §6.13) mixes levels instead.
   */
  protected acquisitionTarget(a: AcquisitionInput): AcquisitionTarget {
    return { tail: [a.tailOf(a.rAcq)], incumbentRows: a.incumbentRows };
  }

  protected get common() {
    return this.o;
  }

  protected blacklist(): Set<string> {
    return this.data.blacklist();
  }

  /** Results at maxT among all labeled data (not the model's subsample, whose draw varies). */
  private atMaxT(): number {
    return this.data.countAtLeast(this.maxT);
  }

  private shouldFit(signature: string): boolean {
    if (signature === this.fittedOn) return false;
    const N = this.data.labeled.length;
    const rule = this.o.optSkipNumMaxResource
      ? this.atMaxT() > this.fittedAtMax
      : N - this.fittedN >= this.o.optSkipPeriod;
    return this.refitDue(N, this.fittedN, rule);
  }

  protected boStep(black: Set<string>, id: number, ctx?: SearcherContext): Config | null {
    const { space, rng, debugLog } = this.setup;
    const { labeled, pending: pendingCases, failed: failedKeys } = this.data;
    const failed = [...failedKeys].map((key) => ({ config: space.fromKey(key), key, r: this.minT, criterion: 0 }));
    const data = this.subsample(this.imputeFailures(labeled, failed));
    const n = data.length,
      d = space.dim,
      D = d + 1;
    const rAcq = this.targetResource(ctx);
    const { y, meanY, stdY } = this.normalize(data.map((l) => l.criterion));
    const raw = new Float64Array(n * D);
    data.forEach((l, i) => {
      space.encode(l.config, raw, i * D);
      raw[i * D + d] = this.encodeResource(l.r);
    });
    const signature = data.map((l) => `${l.key}@${l.r}`).join("|");
    if (this.expDecay) {
      // γ's bound in normalized units (see src/gp/expdecay.ts); k_x covers the d config inputs
      this.specs = expDecaySpecs(
        d,
        this.expDecay,
        Math.max(1, ((this.o.mapReward === "1_minus_x" ? 1 : 0) - meanY) / stdY),
      );
    }
    if (this.shouldFit(signature)) {
      const start = this.o.optWarmstart ? this.params.slice() : Float64Array.from(this.specs, (s) => s.init);
      const meanIndex = this.expDecay ? d + 2 : D + 2;
      const fit = this.fitData(raw, y, n, D);
      // algorithms §6.4: for the exp-decay kernels the mean is not initialized at mean(ỹ)
      if (!this.o.optWarmstart && !this.expDecay) start[meanIndex] = y.reduce((a, b) => a + b, 0) / n;
      const objective = this.expDecay
        ? (ext: Float64Array, g?: Float64Array) => expDecayNllAndGrad({ ...fit, d: D }, this.specs, ext, g)
        : undefined;
      this.params = fitGP({ ...fit, d: D }, this.specs, start, {
        nStarts: this.o.optNStarts,
        maxIter: this.o.optMaxiter,
        rng,
        warpDim: this.warpDim,
        objective,
      }).params;
      this.fittedOn = signature;
      this.fittedN = labeled.length;
      this.fittedAtMax = this.atMaxT();
    }
    const a = this.params[D + 3],
      b = this.params[D + 4];
    const w = (u: number) => (this.warpDim === undefined ? u : warp(u, a, b));
    const X = this.warpDim === undefined ? raw : warpColumn(raw, n, D, d, a, b).X;
    const pending = pendingCases.map((p) => {
      const v = new Float64Array(D);
      space.encode(p.config, v);
      v[d] = w(this.encodeResource(p.r));
      return v;
    });
    const incumbentRows = [...data.map((l) => l.r === rAcq), ...pendingCases.map((p) => p.r === rAcq)];
    const params = this.params;
    const { scoredAt, ...where } = this.acquisitionTarget({
      X,
      y,
      n,
      params: params.subarray(0, D + 3),
      resources: data.map((l) => l.r),
      tailOf: (r) => w(this.encodeResource(r)),
      rAcq,
      incumbentRows,
    });
    const acq = proposeByEI({
      space,
      rng,
      X,
      y,
      n,
      params: this.expDecay ? params : params.subarray(0, D + 3),
      meanY,
      stdY,
      pending,
      posterior: this.expDecay ? (Xs, Ys, rows, F) => new ExpDecayPosterior(Xs, Ys, rows, D, F, params) : undefined,
      numFantasySamples: this.o.numFantasySamples,
      numInitCandidates: this.o.numInitCandidates,
      initialScoring: this.o.initialScoring,
      isFree: (c) => !black.has(this.key(c)),
      ...where,
    });
    this.model = acq.alpha
      ? new MaxTModel(
          space,
          new MeanModel(X.slice(), acq.alpha, D, Float64Array.from(params.subarray(0, D + 3))),
          w(this.encodeResource(this.maxT)),
        )
      : null;
    if (!acq.config) throw invalid("search space", "exhausted", "large enough to hold a configuration not yet tried");
    if (debugLog)
      this.logBOStep(
        id,
        acq,
        data.map((l) => `${this.idOf(l.config)}:${l.r}`),
        pendingCases.map((p) => `${this.idOf(p.config)}:${p.r}`),
        y,
        [
          `Score values computed ${scoredAt ?? `at target_resource = ${rAcq}`}`,
          `Incumbent at target_resource: [${acq.incumbent.map((v) => v.toPrecision(6)).join(", ")}]`,
        ],
      );
    return acq.config;
  }

  override update(config: Config, loss: number, resource?: number, terminated?: boolean): void {
    super.update(config, loss, resource);
    this.data.label(config, this.key(config), resource ?? this.maxT, this.criterion(loss), Boolean(terminated));
  }

  override registerPending(config: Config, resource?: number): void {
    this.data.addPending(config, this.key(config), resource ?? this.minT);
  }

  /** The scheduler ended the trial: its config's remaining pending entries go (algorithms §5.6). */
  dropPending(config: Config): void {
    this.data.dropPending(this.key(config));
  }

  removeCase(config: Config, resource: number): void {
    this.data.removeCase(this.key(config), resource);
  }

  override evaluationFailed(config: Config): void {
    this.data.fail(this.key(config));
  }

  /**
   * The last model's predicted criterion at maxT for each config (normalized units: only the order
   * means anything), or null before a BO step or with an exp-decay kernel (algorithms §5.8).
   */
  predictAtMaxT(keys: readonly string[]): Float64Array | null {
    return this.model?.predict(keys) ?? null;
  }

  fitted(): Record<string, unknown> {
    const keys = [...new Set(this.data.labeled.map((l) => l.key))];
    return {
      params: this.params,
      fittedOn: this.fittedOn,
      fittedN: this.fittedN,
      fittedAtMax: this.fittedAtMax,
      model: this.model?.export(keys) ?? null,
    };
  }

  adoptFitted(f: Record<string, unknown>): void {
    this.params = Float64Array.from(f.params as ArrayLike<number>);
    this.fittedOn = f.fittedOn as string;
    this.fittedN = f.fittedN as number;
    this.fittedAtMax = f.fittedAtMax as number;
    const m = f.model as MaxTModelExport | null;
    this.model = m && MaxTModel.import(this.setup.space, m);
  }

  /** Labeled (config, resource, criterion) cases, for inspection. */
  cases(): readonly Case[] {
    return this.data.labeled;
  }

  override state(): unknown {
    return {
      ...(super.state() as object),
      ...this.data.state(),
      params: Array.from(this.params),
      fittedOn: this.fittedOn,
      fittedN: this.fittedN,
      fittedAtMax: this.fittedAtMax,
      model: this.model?.state() ?? null,
    };
  }

  protected override stateShape(): Record<string, Shape> {
    return {
      ...super.stateShape(),
      ...LevelData.shape(this.setup.space),
      params: { list: "number", length: this.params.length },
      fittedOn: "string",
      fittedN: "number|null",
      fittedAtMax: "int",
      model: MAXT_MODEL_SHAPE,
    };
  }

  override restore(state: unknown): void {
    super.restore(state);
    const s = state as LevelDataState & {
      params: number[];
      fittedOn: string;
      fittedN: number | null;
      fittedAtMax: number;
      model: MaxTModelState | null;
    };
    this.data.restore(s);
    this.params = Float64Array.from(s.params);
    this.fittedOn = s.fittedOn;
    this.fittedN = s.fittedN ?? -Infinity;
    this.fittedAtMax = s.fittedAtMax;
    this.model = s.model == null ? null : MaxTModel.restore(this.setup.space, s.model);
  }
}
