// The tutorial's two-hidden-layer MLP (SPEC §9.1) in plain JavaScript on Float32Arrays:
// Dense(n_units_1, ReLU, U(±scale_1)) → Dropout → Dense(n_units_2, ReLU, U(±scale_2)) → Dropout
// → Dense(nClasses, U(±0.07)); softmax cross-entropy averaged over the batch; Adam.
// It is the stand-in trainer until the tfjs-wasm one lands (hyperwasm/tfjs).
import { Rng } from "hyperwasm";

function uniform(n, scale, rng) {
  const w = new Float32Array(n);
  for (let i = 0; i < n; i++) w[i] = (rng.next() * 2 - 1) * scale;
  return w;
}

// C (m×n) = A (m×k) · B (k×n); C is overwritten.
function matmul(A, B, C, m, k, n) {
  C.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    for (let p = 0; p < k; p++) {
      const a = A[i * k + p];
      if (a === 0) continue;
      const bp = p * n;
      for (let j = 0; j < n; j++) C[ci + j] += a * B[bp + j];
    }
  }
}

// G (k×n) = Aᵀ (k×m) · D (m×n)
function matmulTA(A, D, G, m, k, n) {
  G.fill(0);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const a = A[i * k + p];
      if (a === 0) continue;
      const gp = p * n, di = i * n;
      for (let j = 0; j < n; j++) G[gp + j] += a * D[di + j];
    }
  }
}

// E (m×k) = D (m×n) · Bᵀ (n×k)
function matmulTB(D, B, E, m, n, k) {
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      let s = 0;
      const bp = p * n, di = i * n;
      for (let j = 0; j < n; j++) s += D[di + j] * B[bp + j];
      E[i * k + p] = s;
    }
  }
}

export class MLP {
  constructor({ d, h1, h2, classes, scale1, scale2, dropout1, dropout2, lr, rng }) {
    Object.assign(this, { d, h1, h2, classes, dropout1, dropout2, lr, rng });
    this.params = [
      uniform(d * h1, scale1, rng), new Float32Array(h1),
      uniform(h1 * h2, scale2, rng), new Float32Array(h2),
      uniform(h2 * classes, 0.07, rng), new Float32Array(classes),
    ];
    this.m = this.params.map((p) => new Float32Array(p.length));
    this.v = this.params.map((p) => new Float32Array(p.length));
    this.grads = this.params.map((p) => new Float32Array(p.length));
    this.t = 0;
  }

  buffers(B) {
    if (this.B !== B) {
      this.B = B;
      const { h1, h2, classes } = this;
      this.a1 = new Float32Array(B * h1); this.a2 = new Float32Array(B * h2); this.z = new Float32Array(B * classes);
      this.k1 = new Float32Array(B * h1); this.k2 = new Float32Array(B * h2);
      this.d1 = new Float32Array(B * h1); this.d2 = new Float32Array(B * h2);
    }
  }

  forward(X, B, train) {
    this.buffers(B);
    const { d, h1, h2, classes, params: [W1, b1, W2, b2, W3, b3] } = this;
    const layer = (inp, W, b, out, k, n, keep, mask, p) => {
      matmul(inp, W, out, B, k, n);
      const scale = 1 / (1 - p);
      for (let i = 0; i < B * n; i++) {
        let v = out[i] + b[i % n];
        v = v > 0 ? v : 0;
        if (keep) {
          const on = this.rng.next() >= p;
          mask[i] = on ? scale : 0;
          v *= mask[i];
        }
        out[i] = v;
      }
    };
    layer(X, W1, b1, this.a1, d, h1, train, this.k1, this.dropout1);
    layer(this.a1, W2, b2, this.a2, h1, h2, train, this.k2, this.dropout2);
    matmul(this.a2, W3, this.z, B, h2, classes);
    for (let i = 0; i < B * classes; i++) this.z[i] += b3[i % classes];
    return this.z;
  }

  /** One Adam step on a batch. */
  step(X, y, B) {
    const { d, h1, h2, classes, params: [, , W2, , W3], grads: [g1, gb1, g2, gb2, g3, gb3] } = this;
    const z = this.forward(X, B, true);
    // softmax cross-entropy gradient, averaged over the batch
    for (let i = 0; i < B; i++) {
      let mx = -Infinity;
      for (let c = 0; c < classes; c++) mx = Math.max(mx, z[i * classes + c]);
      let s = 0;
      for (let c = 0; c < classes; c++) s += (z[i * classes + c] = Math.exp(z[i * classes + c] - mx));
      for (let c = 0; c < classes; c++) z[i * classes + c] = (z[i * classes + c] / s - (c === y[i] ? 1 : 0)) / B;
    }
    matmulTA(this.a2, z, g3, B, h2, classes);
    colSum(z, gb3, B, classes);
    matmulTB(z, W3, this.d2, B, classes, h2);
    for (let i = 0; i < B * h2; i++) this.d2[i] = this.a2[i] > 0 ? this.d2[i] * this.k2[i] : 0;
    matmulTA(this.a1, this.d2, g2, B, h1, h2);
    colSum(this.d2, gb2, B, h2);
    matmulTB(this.d2, W2, this.d1, B, h2, h1);
    for (let i = 0; i < B * h1; i++) this.d1[i] = this.a1[i] > 0 ? this.d1[i] * this.k1[i] : 0;
    matmulTA(X, this.d1, g1, B, d, h1);
    colSum(this.d1, gb1, B, h1);
    this.adam();
  }

  adam() {
    const b1 = 0.9, b2 = 0.999, eps = 1e-8;
    this.t++;
    const c1 = 1 - b1 ** this.t, c2 = 1 - b2 ** this.t;
    this.params.forEach((p, k) => {
      const g = this.grads[k], m = this.m[k], v = this.v[k];
      for (let i = 0; i < p.length; i++) {
        m[i] = b1 * m[i] + (1 - b1) * g[i];
        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
        p[i] -= (this.lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + eps);
      }
    });
  }

  accuracy(ds, chunk = 512) {
    let right = 0;
    for (let s = 0; s < ds.n; s += chunk) {
      const B = Math.min(chunk, ds.n - s);
      const z = this.forward(ds.X.subarray(s * ds.d, (s + B) * ds.d), B, false);
      for (let i = 0; i < B; i++) {
        let best = 0;
        for (let c = 1; c < this.classes; c++) if (z[i * this.classes + c] > z[i * this.classes + best]) best = c;
        if (best === ds.y[s + i]) right++;
      }
    }
    return right / ds.n;
  }

  /** Weights and optimizer state, for checkpoints. */
  state() {
    return { params: this.params.map((p) => p.slice()), m: this.m.map((p) => p.slice()), v: this.v.map((p) => p.slice()), t: this.t };
  }

  load(s) {
    s.params.forEach((p, k) => this.params[k].set(p));
    s.m.forEach((p, k) => this.m[k].set(p));
    s.v.forEach((p, k) => this.v[k].set(p));
    this.t = s.t;
  }
}

function colSum(D, out, m, n) {
  out.fill(0);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j] += D[i * n + j];
}

/** Trains one epoch with reshuffled mini-batches. */
export function trainEpoch(net, ds, batchSize, rng) {
  const order = new Int32Array(ds.n).map((_, i) => i);
  for (let i = ds.n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const Xb = new Float32Array(batchSize * ds.d);
  const yb = new Int32Array(batchSize);
  for (let s = 0; s < ds.n; s += batchSize) {
    const B = Math.min(batchSize, ds.n - s);
    for (let i = 0; i < B; i++) {
      const r = order[s + i];
      Xb.set(ds.X.subarray(r * ds.d, (r + 1) * ds.d), i * ds.d);
      yb[i] = ds.y[r];
    }
    net.step(Xb, yb, B);
  }
}
