// Expected improvement for minimization (algorithms §6.3 step 7), averaged over fantasy columns, with
// its gradient through μ(x) and s(x):
//   u = (f* − μ − ξ)/s,  EI = s·(u Φ(u) + φ(u)),  ∂(−EI)/∂μ = Φ(u),  ∂(−EI)/∂s = −φ(u).
// Means and deviations are in criterion units (de-normalized), and so is ξ = 0.01.

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** erfc with relative error < 1.2e-7 everywhere (Numerical Recipes' Chebyshev fit). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

export const normCdf = (u: number) => 0.5 * erfc(-u * SQRT1_2);
export const normPdf = (u: number) => INV_SQRT_2PI * Math.exp(-0.5 * u * u);

export const XI = 0.01;

/** −EI for one point: means over F columns, one std, incumbents per column. */
export function negEI(mean: ArrayLike<number>, std: number, best: ArrayLike<number>, xi = XI): number {
  const s = Math.max(std, 1e-10);
  let ei = 0;
  for (let f = 0; f < mean.length; f++) {
    const u = (best[f] - mean[f] - xi) / s;
    ei += s * (u * normCdf(u) + normPdf(u));
  }
  return -ei / mean.length;
}

/** −EI and its partial derivatives with respect to each column's mean and to the std. */
export function negEIWithGrad(
  mean: ArrayLike<number>,
  std: number,
  best: ArrayLike<number>,
  xi = XI,
): { value: number; dMean: Float64Array; dStd: number } {
  const s = Math.max(std, 1e-10);
  const F = mean.length;
  let ei = 0,
    dStd = 0;
  const dMean = new Float64Array(F);
  for (let f = 0; f < F; f++) {
    const u = (best[f] - mean[f] - xi) / s;
    const cdf = normCdf(u),
      pdf = normPdf(u);
    ei += s * (u * cdf + pdf);
    dMean[f] = cdf / F;
    dStd -= pdf / F;
  }
  return { value: -ei / F, dMean, dStd: std > 1e-10 ? dStd : 0 };
}
