// GP hyperparameters (algorithms §6.6): initial values, box bounds and priors, and the internal
// parametrization L-BFGS-B works in (ln of positive values, identity for the mean).
export interface ParamSpec {
  name: string;
  init: number;
  lower: number;
  upper: number;
  log: boolean;
  /** −log prior density (up to a constant) and its derivative, on the external value. */
  prior?: (v: number) => [number, number];
}

const gammaNoise = (v: number): [number, number] => [0.9 * Math.log(v) + v, 0.9 / v + 1]; // Gamma(mean 0.1, shape 0.1)
const logNormal01 = (v: number): [number, number] => {
  const l = Math.log(v);
  return [l + 0.5 * l * l, (1 + l) / v];
};
const normal01 = (v: number): [number, number] => [0.5 * v * v, v];

export interface MaternSpecOptions {
  priors?: boolean;
  thetaBounds?: [number, number];
  scaleBounds?: [number, number];
  noise?: { init: number; lower: number; upper: number };
  /** Hold the constant mean at 0 (targets are normalized): scikit-learn's model. */
  zeroMean?: boolean;
}

/** Matérn-5/2 ARD + constant mean + Gaussian noise over `d` inputs: [noise, scale, θ_1..θ_d, mean]. */
export function maternParamSpecs(d: number, options: MaternSpecOptions = {}): ParamSpec[] {
  const priors = options.priors ?? true;
  const [tl, tu] = options.thetaBounds ?? [1e-4, 100];
  const [sl, su] = options.scaleBounds ?? [1e-3, 1e3];
  const noise = options.noise ?? { init: 1e-3, lower: 1e-9, upper: 1e6 };
  const mean: ParamSpec = options.zeroMean
    ? { name: "mean_mean_value", init: 0, lower: 0, upper: 0, log: false }
    : {
        name: "mean_mean_value",
        init: 0,
        lower: -Infinity,
        upper: Infinity,
        log: false,
        prior: priors ? normal01 : undefined,
      };
  return [
    { name: "noise_variance", ...noise, log: true, prior: priors ? gammaNoise : undefined },
    {
      name: "kernel_covariance_scale",
      init: 1,
      lower: sl,
      upper: su,
      log: true,
      prior: priors ? logNormal01 : undefined,
    },
    ...Array.from(
      { length: d },
      (_, k): ParamSpec => ({ name: `kernel_inv_bw${k}`, init: 1, lower: tl, upper: tu, log: true }),
    ),
    mean,
  ];
}

export const toInternal = (specs: ParamSpec[], v: ArrayLike<number>) =>
  Float64Array.from(specs, (s, i) => (s.log ? Math.log(v[i]) : v[i]));
export const toExternal = (specs: ParamSpec[], u: ArrayLike<number>) =>
  Float64Array.from(specs, (s, i) => (s.log ? Math.exp(u[i]) : u[i]));
export const internalBounds = (specs: ParamSpec[]) => ({
  lower: specs.map((s) => (s.log ? Math.log(s.lower) : s.lower)),
  upper: specs.map((s) => (s.log ? Math.log(s.upper) : s.upper)),
});

const logNormal075 = (v: number): [number, number] => {
  const l = Math.log(v);
  return [l + (l * l) / (2 * 0.5625), (1 + l / 0.5625) / v];
};

/** The two Kumaraswamy warping parameters of 'matern52-res-warp' (algorithms §6.4, §6.6). */
export function warpParamSpecs(): ParamSpec[] {
  return ["a", "b"].map(
    (k): ParamSpec => ({ name: `warping_${k}`, init: 1, lower: 0.25, upper: 4, log: true, prior: logNormal075 }),
  );
}
