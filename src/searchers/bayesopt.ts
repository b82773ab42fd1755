// GP Bayesian optimization with FIFO scheduling (algorithms §6.3): a Matérn-5/2 ARD GP fitted by MAP
// on normalized criteria (1 − reward), fantasies for pending trials, EI averaged over them,
// random candidates scored by Thompson samples, and a local L-BFGS-B search on −EI.
import { HpoError } from "../errors.js";
import { fitGP } from "../gp/fit.js";
import { type ParamSpec, maternParamSpecs } from "../gp/params.js";
import type { RngState } from "../random.js";
import type { Config } from "../space/space.js";
import { type Acquisition, proposeByEI } from "./bo-step.js";
import { type GPCommonOptions, GPSearcherBase, parseGPOptions } from "./gp-searcher.js";
import type { Shape } from "../validate.js";
import type { SearcherSetup } from "./searcher.js";

export type BayesOptOptions = Partial<GPCommonOptions>;

interface Labeled {
  config: Config;
  criterion: number;
}

export class BayesOptSearcher extends GPSearcherBase {
  readonly name = "bayesopt";
  private readonly o: GPCommonOptions;
  private labeled: Labeled[] = [];
  private pending: Config[] = [];
  private failed: Config[] = [];
  protected readonly specs: ParamSpec[];
  protected params: Float64Array;
  private fittedOn = "";
  private fittedN = -Infinity;

  constructor(setup: SearcherSetup, options: Record<string, unknown> = {}) {
    super(setup);
    this.o = parseGPOptions(options, 3);
    this.specs = maternParamSpecs(setup.space.dim);
    this.params = Float64Array.from(this.specs, (s) => s.init);
  }

  dataSize(): number {
    return this.labeled.length;
  }

  protected get common() {
    return this.o;
  }

  protected blacklist(): Set<string> {
    return new Set([
      ...this.labeled.map((l) => this.key(l.config)),
      ...this.pending.map((c) => this.key(c)),
      ...this.failed.map((c) => this.key(c)),
    ]);
  }

  protected boStep(black: Set<string>, id: number): Config | null {
    const { space, rng, logger, debugLog } = this.setup;
    const failed = this.failed.map((config) => ({ config, criterion: 0 }));
    const data = this.subsample(this.imputeFailures(this.labeled, failed));
    const n = data.length,
      d = space.dim;
    const { y, meanY, stdY } = this.normalize(data.map((l) => l.criterion));
    const X = new Float64Array(n * d);
    data.forEach((l, i) => space.encode(l.config, X, i * d));
    if (debugLog) logger.info(`- self.mean = ${meanY}\n- self.std = ${stdY}`);

    // algorithms §6.5 with its documented meaning (algorithms §10.2)
    const signature = data.map((l) => this.key(l.config)).join("|");
    const N = this.labeled.length;
    const due = this.refitDue(N, this.fittedN, N - this.fittedN >= this.o.optSkipPeriod);
    if (signature !== this.fittedOn && due) {
      const start = this.o.optWarmstart ? this.params : Float64Array.from(this.specs, (s) => s.init);
      if (!this.o.optWarmstart) start[d + 2] = y.reduce((a, b) => a + b, 0) / n;
      const r = fitGP({ ...this.fitData(X, y, n, d), d }, this.specs, start, {
        nStarts: this.o.optNStarts,
        maxIter: this.o.optMaxiter,
        rng,
      });
      this.params = r.params;
      this.fittedOn = signature;
      this.fittedN = N;
    }

    const acq: Acquisition = proposeByEI({
      space,
      rng,
      X,
      y,
      n,
      params: this.params,
      meanY,
      stdY,
      pending: this.pending.map((c) => space.encode(c)),
      numFantasySamples: this.o.numFantasySamples,
      numInitCandidates: this.o.numInitCandidates,
      initialScoring: this.o.initialScoring,
      isFree: (c) => !black.has(this.key(c)),
    });
    if (!acq.config)
      throw new HpoError("no free configurations: every candidate was already labeled, pending or failed");
    if (debugLog)
      this.logBOStep(
        id,
        acq,
        data.map((l) => String(this.idOf(l.config))),
        this.pending.map((c) => String(this.idOf(c))),
        y,
      );
    return acq.config;
  }

  override update(config: Config, loss: number, resource?: number): void {
    super.update(config, loss, resource);
    const k = this.key(config);
    this.pending = this.pending.filter((c) => this.key(c) !== k);
    this.labeled = this.labeled.filter((l) => this.key(l.config) !== k);
    this.labeled.push({ config, criterion: this.criterion(loss) });
    if (this.setup.debugLog)
      this.setup.logger.info(`crit_val = ${this.criterion(loss)} for config_id ${this.idOf(config)}`);
  }

  override registerPending(config: Config): void {
    const k = this.key(config);
    if (!this.pending.some((c) => this.key(c) === k)) this.pending.push(config);
  }

  override evaluationFailed(config: Config): void {
    const k = this.key(config);
    this.pending = this.pending.filter((c) => this.key(c) !== k);
    this.failed.push(config);
  }

  fitted(): Record<string, unknown> {
    return { params: this.params, fittedOn: this.fittedOn, fittedN: this.fittedN };
  }

  adoptFitted(f: Record<string, unknown>): void {
    this.params = Float64Array.from(f.params as ArrayLike<number>);
    this.fittedOn = f.fittedOn as string;
    this.fittedN = f.fittedN as number;
  }

  override state(): unknown {
    return {
      ...(super.state() as object),
      labeled: this.labeled,
      pending: this.pending,
      failed: this.failed,
      params: Array.from(this.params),
      fittedOn: this.fittedOn,
      fittedN: this.fittedN,
    };
  }

  protected override stateShape(): Record<string, Shape> {
    const config = this.setup.space.configShape();
    return {
      ...super.stateShape(),
      labeled: { list: { fields: { config, criterion: "number" } } },
      pending: { list: config },
      failed: { list: config },
      params: { list: "number", length: this.specs.length },
      fittedOn: "string",
      fittedN: "number|null",
    };
  }

  override restore(state: unknown): void {
    super.restore(state);
    const s = state as {
      labeled: Labeled[];
      pending: Config[];
      failed: Config[];
      params: number[];
      fittedOn: string;
      fittedN: number | null;
      rng: RngState;
    };
    this.labeled = s.labeled;
    this.pending = s.pending;
    this.failed = s.failed;
    this.params = Float64Array.from(s.params);
    this.fittedOn = s.fittedOn;
    this.fittedN = s.fittedN ?? -Infinity;
  }
}
