// A built-in port of scikit-optimize 0.8's default Optimizer (algorithms §6.7), on this project's Wasm
// GP: ConstantKernel × Matérn-5/2 ARD + white noise, fitted by maximum likelihood (no priors) on
// normalized targets; 10 random initial points; `gp_hedge` picks EI, LCB or PI with a softmax
// of accumulated gains; each acquisition is minimized by sampling `nPoints` random points and
// running L-BFGS-B from the best `nRestarts`. A proposal that was already tried is answered by a
// constant liar (algorithms §10.7): it is added with the lie y = min(y) and the model asked
// again, instead of a random fallback.
import { normCdf, normPdf } from "../gp/acquisition.js";
import { fitGP } from "../gp/fit.js";
import { maternParamSpecs } from "../gp/params.js";
import { Posterior } from "../gp/posterior.js";
import { invalid } from "../errors.js";
import { lbfgsb } from "../optim/lbfgsb.js";
import type { Config } from "../space/space.js";
import { gpDecision } from "../gp/wasm.js";
import { checkInt, checkOneOf } from "../validate.js";
import type { Shape } from "../validate.js";
import { BaseSearcher, type SearcherSetup } from "./searcher.js";

type AcqName = "EI" | "LCB" | "PI";
const ACQS: AcqName[] = ["EI", "LCB", "PI"];
const KNOWN = ["nInitialPoints", "acqFunc", "xi", "kappa", "nPoints", "nRestartsOptimizer", "maxLies"];

export interface SkoptOptions {
  nInitialPoints?: number;
  acqFunc?: "gp_hedge" | AcqName;
  xi?: number;
  kappa?: number;
  nPoints?: number;
  nRestartsOptimizer?: number;
  /** Constant-liar rounds before a duplicate falls back to a random unseen config. */
  maxLies?: number;
}

export class SkoptSearcher extends BaseSearcher {
  readonly name = "skopt";
  private readonly o: Required<SkoptOptions>;
  private told: { config: Config; y: number }[] = [];
  private gains = [0, 0, 0];
  private nextXs: Float64Array[] | null = null;
  private params: Float64Array;
  private fittedOn = "";
  private readonly specs;
  lastNote: string | undefined;
  /**
   * How often a duplicate was answered by a lie, how often that still ended in a random config,
   * and how often gp_hedge picked each acquisition.
   */
  readonly stats = { lies: 0, randomFallbacks: 0, chosen: { EI: 0, LCB: 0, PI: 0 } };

  constructor(setup: SearcherSetup, options: Record<string, unknown> = {}) {
    super(setup);
    if (setup.scheduler !== "fifo")
      throw invalid(
        "searcher",
        "skopt",
        'used with FIFOScheduler only (it has no model of the resource; under Hyperband use "bayesopt")',
      );
    for (const k of Object.keys(options))
      if (!KNOWN.includes(k))
        throw invalid(`searchOptions.${k}`, options[k], `one of the known options (${KNOWN.join(", ")})`);
    const o = options as SkoptOptions;
    this.o = {
      nInitialPoints: checkInt("searchOptions.nInitialPoints", o.nInitialPoints ?? 10, 1),
      acqFunc: checkOneOf("searchOptions.acqFunc", o.acqFunc ?? "gp_hedge", ["gp_hedge", "EI", "LCB", "PI"] as const),
      xi: o.xi ?? 0.01,
      kappa: o.kappa ?? 1.96,
      nPoints: checkInt("searchOptions.nPoints", o.nPoints ?? 10000, 1),
      nRestartsOptimizer: checkInt("searchOptions.nRestartsOptimizer", o.nRestartsOptimizer ?? 5, 1),
      maxLies: checkInt("searchOptions.maxLies", o.maxLies ?? 5, 0),
    };
    // skopt's cook_estimator: ConstantKernel(1, (0.01, 1000)) × Matern(ℓ = 1, (0.01, 100)) + WhiteKernel
    this.specs = maternParamSpecs(setup.space.dim, {
      priors: false,
      thetaBounds: [0.01, 100],
      scaleBounds: [0.01, 1000],
      noise: { init: 1, lower: 1e-5, upper: 1e5 },
      zeroMean: true,
    });
    this.params = Float64Array.from(this.specs, (s) => s.init);
  }

  getConfig(): Config | null {
    const { space } = this.setup;
    this.lastNote = undefined;
    let config: Config | null = null;
    if (this.results.size === 0) config = space.defaultConfig();
    else if (this.told.length < this.o.nInitialPoints) config = this.randomUnseen();
    else {
      const lies: { config: Config; y: number }[] = [];
      for (let round = 0; round <= this.o.maxLies && !config; round++) {
        const c = gpDecision(() => this.ask(lies));
        if (!this.results.has(this.key(c))) config = c;
        else {
          lies.push({ config: c, y: Math.min(...this.told.map((t) => t.y)) });
          this.stats.lies++;
        }
      }
      if (!config) {
        this.lastNote = `skopt proposed tried configurations ${this.o.maxLies + 1} times; a random unseen configuration was used`;
        this.setup.logger.warn(this.lastNote);
        this.stats.randomFallbacks++;
        config = this.randomUnseen();
      }
    }
    if (config) this.propose(config);
    return config;
  }

  private randomUnseen(): Config | null {
    for (let t = 0; t < 100; t++) {
      const c = this.setup.space.sample(this.setup.rng);
      if (!this.results.has(this.key(c))) return c;
    }
    return null;
  }

  private ask(lies: { config: Config; y: number }[]): Config {
    const { space, rng } = this.setup;
    const data = this.told.concat(lies);
    const n = data.length,
      d = space.dim;
    const ys = data.map((t) => t.y);
    const my = ys.reduce((a, b) => a + b, 0) / n;
    const sy = Math.sqrt(ys.reduce((a, b) => a + (b - my) ** 2, 0) / n) || 1;
    const y = Float64Array.from(ys, (v) => (v - my) / sy);
    const X = new Float64Array(n * d);
    data.forEach((t, i) => space.encode(t.config, X, i * d));
    const sig = this.told.map((t) => this.key(t.config)).join("|");
    if (sig !== this.fittedOn) {
      // sklearn: n_restarts_optimizer = 2, i.e. 3 starts, the first at the current kernel
      this.params = fitGP({ X, y, n, d }, this.specs, this.params, { nStarts: 3, maxIter: 15000, rng }).params;
      this.fittedOn = sig;
    }
    const post = new Posterior(X, y, n, d, 1, this.params);
    const yOpt = Math.min(...this.told.map((t) => t.y));
    if (this.nextXs) {
      // gp_hedge: the gain of each acquisition is minus the model's mean at the point it proposed
      this.nextXs.forEach((x, a) => (this.gains[a] -= post.predict(x, 1).mean[0] * sy + my));
      this.nextXs = null;
    }
    const value = (a: AcqName, mu: number, s: number): [number, number, number] => {
      // [acq to minimize, ∂/∂μ, ∂/∂s] in original units
      if (a === "LCB") return [mu - this.o.kappa * s, 1, -this.o.kappa];
      const u = (yOpt - this.o.xi - mu) / s;
      if (a === "PI") return [-normCdf(u), normPdf(u) / s, (normPdf(u) * u) / s];
      return [-(s * (u * normCdf(u) + normPdf(u))), normCdf(u), -normPdf(u)];
    };
    const m = this.o.nPoints;
    const C = new Float64Array(m * d);
    for (let j = 0; j < m; j++) space.encode(space.sample(rng), C, j * d);
    const pc = post.predict(C, m);
    const proposals: Float64Array[] = [];
    const acqs = this.o.acqFunc === "gp_hedge" ? ACQS : [this.o.acqFunc];
    for (const a of acqs) {
      const scores = Array.from(
        { length: m },
        (_, j) => value(a, pc.mean[j] * sy + my, Math.sqrt(pc.variance[j]) * sy)[0],
      );
      const order = scores
        .map((_, j) => j)
        .sort((p, q) => scores[p] - scores[q])
        .slice(0, this.o.nRestartsOptimizer);
      let bestX: Float64Array = C.slice(order[0] * d, order[0] * d + d),
        bestF = scores[order[0]];
      for (const j of order) {
        const r = lbfgsb(
          (x, g) => {
            const p = post.predictWithGrad(x);
            const s = Math.sqrt(p.variance) * sy;
            const [f, dmu, ds] = value(a, p.mean[0] * sy + my, s);
            for (let k = 0; k < d; k++)
              g[k] = dmu * sy * p.dMean[k] + (p.floored ? 0 : (ds * sy * sy * p.dVariance[k]) / (2 * s));
            return f;
          },
          C.subarray(j * d, (j + 1) * d),
          { lower: new Array(d).fill(0), upper: new Array(d).fill(1), maxIter: 200 },
        );
        if (r.f < bestF) (bestF = r.f), (bestX = r.x);
      }
      proposals.push(bestX);
    }
    let pick = 0;
    if (acqs.length > 1) {
      const mx = Math.max(...this.gains);
      const w = this.gains.map((g) => Math.exp(g - mx));
      let u = rng.next() * w.reduce((s, v) => s + v, 0);
      pick = w.findIndex((v) => (u -= v) < 0);
      if (pick < 0) pick = w.length - 1;
      this.nextXs = proposals;
    }
    this.stats.chosen[acqs[pick]]++;
    return space.decode(proposals[pick]);
  }

  override update(config: Config, loss: number): void {
    super.update(config, loss);
    this.told.push({ config, y: loss });
  }

  override state(): unknown {
    return {
      ...(super.state() as object),
      told: this.told,
      gains: this.gains,
      nextXs: this.nextXs?.map((x) => Array.from(x)) ?? null,
      params: Array.from(this.params),
      fittedOn: this.fittedOn,
    };
  }

  protected override stateShape(): Record<string, Shape> {
    const { space } = this.setup;
    return {
      ...super.stateShape(),
      told: { list: { fields: { config: space.configShape(), y: "number" } } },
      gains: { list: "number", length: 3 },
      nextXs: {
        either: [
          { check: (v) => v === null, rule: "null" },
          { list: { list: "number", length: space.dim }, length: 3 },
        ],
      },
      params: { list: "number", length: this.specs.length },
      fittedOn: "string",
    };
  }

  override restore(state: unknown): void {
    super.restore(state);
    const s = state as {
      told: { config: Config; y: number }[];
      gains: number[];
      nextXs: number[][] | null;
      params: number[];
      fittedOn: string;
    };
    this.told = s.told;
    this.gains = s.gains;
    this.nextXs = s.nextXs ? s.nextXs.map((x) => Float64Array.from(x)) : null;
    this.params = Float64Array.from(s.params);
    this.fittedOn = s.fittedOn;
  }
}
