// The exponential-decay resource kernels of MOBSTER (algorithms §6.4), on top of a Matérn kernel k_x
// over the config inputs. With κ(r) = (β/(r+β))^α, β = α/μ_λ, and g = γ − δ·μ:
//   K_ij = k_x,ij · A_ij + g² · B_ij,   A_ij = 1 − δ(κ(r_i) + κ(r_j) − δ κ(r_i + r_j)),
//                                       B_ij = κ(r_i + r_j) − κ(r_i) κ(r_j)
//   m_i  = μ + g κ(r_i)
// (the covariance and mean of f(x, r) = h(x)(1 − δe^{−λr}) + γe^{−λr}, λ ~ Gamma(α, β)).
// see: Swersky, Snoek, Adams, "Freeze-Thaw Bayesian Optimization" (2014); Klein et al.,
// "Model-based asynchronous hyperparameter and neural architecture search", arXiv 2003.10865.

import { doubles, expect } from "./check";
@inline function kappa(r: f64, alpha: f64, beta: f64): f64 {
  return Math.pow(beta / (r + beta), alpha);
}

/**
 * kx (n×m, row-major) ← kx ⊙ A + g²·B for resources rx (n) and rq (m); with `sym`, n = m and
 * `diag` is added on the diagonal (the noise).
 */
export function expDecayApply(kx: usize, n: i32, m: i32, rx: usize, rq: usize, alpha: f64, muL: f64, delta: f64, g2: f64, sym: i32, diag: f64): void {
  if (!ASC_NO_ASSERT) {
    expect(n >= 0 && m >= 0, "expDecayApply: n and m must be >= 0");
    doubles(kx, <i64>n * <i64>m, "expDecayApply: kx must hold n·m doubles inside the arena");
    doubles(rx, n, "expDecayApply: rx must hold n doubles inside the arena");
    doubles(rq, m, "expDecayApply: rq must hold m doubles inside the arena");
  }
  const beta = alpha / muL;
  for (let i = 0; i < n; i++) {
    const ri = load<f64>(rx + (<usize>i << 3));
    const ki = kappa(ri, alpha, beta);
    const row = kx + ((<usize>i * <usize>m) << 3);
    for (let j = 0; j < m; j++) {
      const rj = load<f64>(rq + (<usize>j << 3));
      const kj = kappa(rj, alpha, beta);
      const ks = kappa(ri + rj, alpha, beta);
      const a = 1.0 - delta * (ki + kj - delta * ks);
      const b = ks - ki * kj;
      const p = row + (<usize>j << 3);
      store<f64>(p, load<f64>(p) * a + g2 * b + (sym && i == j ? diag : 0.0));
    }
  }
}

/**
 * For the NLL gradient, with W symmetric (lower triangle read) and kx = k_x(X, X):
 *   out[0] = ½ Σ_ij W_ij k_x,ij ∂A_ij/∂α + g² ∂B_ij/∂α      out[1] = the same for μ_λ
 *   out[2] = ½ Σ_ij W_ij k_x,ij ∂A_ij/∂δ                     out[3] = ½ Σ_ij W_ij B_ij
 * and W's lower triangle ← W ⊙ A (what the Matérn reduction then needs for c and θ).
 */
export function expDecayGrad(kx: usize, w: usize, n: i32, r: usize, alpha: f64, muL: f64, delta: f64, g2: f64, out: usize): void {
  if (!ASC_NO_ASSERT) {
    expect(n >= 0, "expDecayGrad: n must be >= 0");
    doubles(kx, <i64>n * <i64>n, "expDecayGrad: kx must hold n·n doubles inside the arena");
    doubles(w, <i64>n * <i64>n, "expDecayGrad: w must hold n·n doubles inside the arena");
    doubles(r, n, "expDecayGrad: r must hold n doubles inside the arena");
    doubles(out, 4, "expDecayGrad: out must hold 4 doubles inside the arena");
  }
  const beta = alpha / muL;
  let sa = 0.0, sm = 0.0, sd = 0.0, sb = 0.0;
  for (let i = 0; i < n; i++) {
    const ri = load<f64>(r + (<usize>i << 3));
    const ki = kappa(ri, alpha, beta);
    const ui = ri + beta;
    const dai = ki * (Math.log(beta / ui) + ri / ui); // ∂κ/∂α
    const dmi = ki * (-(alpha / muL) * (ri / ui));    // ∂κ/∂μ_λ
    for (let j = 0; j <= i; j++) {
      const rj = load<f64>(r + (<usize>j << 3));
      const kj = kappa(rj, alpha, beta);
      const uj = rj + beta;
      const daj = kj * (Math.log(beta / uj) + rj / uj);
      const dmj = kj * (-(alpha / muL) * (rj / uj));
      const s = ri + rj;
      const ks = kappa(s, alpha, beta);
      const us = s + beta;
      const das = ks * (Math.log(beta / us) + s / us);
      const dms = ks * (-(alpha / muL) * (s / us));
      const a = 1.0 - delta * (ki + kj - delta * ks);
      const b = ks - ki * kj;
      const o = (<usize>i * <usize>n + <usize>j) << 3;
      const wij = load<f64>(w + o);
      const kxij = load<f64>(kx + o);
      const f = i == j ? 0.5 : 1.0; // the full symmetric sum, halved
      sa += f * wij * (kxij * (-delta * (dai + daj - delta * das)) + g2 * (das - dai * kj - ki * daj));
      sm += f * wij * (kxij * (-delta * (dmi + dmj - delta * dms)) + g2 * (dms - dmi * kj - ki * dmj));
      sd += f * wij * kxij * (-(ki + kj) + 2.0 * delta * ks);
      sb += f * wij * b;
      store<f64>(w + o, wij * a);
    }
  }
  store<f64>(out, sa);
  store<f64>(out, sm, 8);
  store<f64>(out, sd, 16);
  store<f64>(out, sb, 24);
}

/** κ(r) and its partial derivatives in α and μ_λ, for each r (out: 3 per entry). */
export function expDecayKappa(r: usize, n: i32, alpha: f64, muL: f64, out: usize): void {
  if (!ASC_NO_ASSERT) {
    expect(n >= 0, "expDecayKappa: n must be >= 0");
    doubles(r, n, "expDecayKappa: r must hold n doubles inside the arena");
    doubles(out, 3 * <i64>n, "expDecayKappa: out must hold 3·n doubles inside the arena");
  }
  const beta = alpha / muL;
  for (let i = 0; i < n; i++) {
    const ri = load<f64>(r + (<usize>i << 3));
    const k = kappa(ri, alpha, beta);
    const u = ri + beta;
    const o = out + (<usize>(3 * i) << 3);
    store<f64>(o, k);
    store<f64>(o, k * (Math.log(beta / u) + ri / u), 8);
    store<f64>(o, k * (-(alpha / muL) * (ri / u)), 16);
  }
}
