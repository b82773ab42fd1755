// Kumaraswamy warping of the resource input (algorithms §6.4, 'matern52-res-warp'):
//   w(u) = 1 − (1 − R(u)^a)^b,  R(u) = (1 − 2e−9)·u + 1e−9   (maps [0,1] into (0,1))
// with its derivatives in a and b, for the NLL gradient.

const R = (u: number) => (1 - 2e-9) * u + 1e-9;

export function warp(u: number, a: number, b: number): number {
  return 1 - (1 - R(u) ** a) ** b;
}

/** [∂w/∂a, ∂w/∂b] at u. */
export function warpGrad(u: number, a: number, b: number): [number, number] {
  const r = R(u),
    ra = r ** a,
    q = 1 - ra;
  return [b * q ** (b - 1) * ra * Math.log(r), -(q ** b) * Math.log(q)];
}
