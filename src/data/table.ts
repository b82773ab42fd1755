// CSV parsing, seeded (stratified) splits and standardization: the data side of the tutorial
// (algorithms §8, algorithms §10.8). Web-standard only: callers pass text, not paths.
import { ConfigError, invalid } from "../errors.js";
import type { Rng } from "../random.js";

export interface Table {
  header: string[];
  rows: string[][];
}

/** Comma-separated text with a header line; quoted fields may hold commas and "" escapes. */
export function parseCSV(text: string): Table {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  if (lines.length === 0) throw new ConfigError("The CSV text is empty, but it must have a header line");
  const split = (line: string): string[] => {
    const out: string[] = [];
    let cur = "",
      quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') (cur += '"'), i++;
        else if (ch === '"') quoted = false;
        else cur += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ",") out.push(cur), (cur = "");
      else cur += ch;
    }
    out.push(cur);
    return out;
  };
  const header = split(lines[0]);
  const rows = lines.slice(1).map(split);
  rows.forEach((r, i) => {
    if (r.length !== header.length)
      throw invalid(`row ${i + 1}'s number of fields`, r.length, `${header.length}, like the header`);
  });
  return { header, rows };
}

export interface Dataset {
  /** Row-major features, n × d, float32. */
  X: Float32Array;
  /** Class codes 0..nClasses−1. */
  y: Int32Array;
  n: number;
  d: number;
  classes: string[];
}

/**
 * Numeric features (missing '?' or '' imputed with the column mean, algorithms §8 step 5) and a
 * categorical target, coded in `classes` order (default: sorted labels).
 */
export function toDataset(t: Table, target: string, classes?: string[]): Dataset {
  const ti = t.header.indexOf(target);
  if (ti < 0) throw invalid("target", target, `a column of the table (${t.header.join(", ")})`);
  const feat = t.header.map((_, i) => i).filter((i) => i !== ti);
  const n = t.rows.length,
    d = feat.length;
  const X = new Float32Array(n * d);
  classes ??= [...new Set(t.rows.map((r) => r[ti]))].sort();
  const code = new Map(classes.map((c, i) => [c, i]));
  const y = new Int32Array(n);
  for (let j = 0; j < d; j++) {
    let sum = 0,
      cnt = 0;
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const s = t.rows[i][feat[j]];
      const v = s === "?" || s === "" ? NaN : Number(s);
      if (s !== "?" && s !== "" && !Number.isFinite(v))
        throw invalid(`${t.header[feat[j]]} in row ${i + 1}`, s, "a number or ? for missing");
      col[i] = v;
      if (!Number.isNaN(v)) (sum += v), cnt++;
    }
    const mean = cnt ? sum / cnt : 0;
    for (let i = 0; i < n; i++) X[i * d + j] = Number.isNaN(col[i]) ? mean : col[i];
  }
  for (let i = 0; i < n; i++) {
    const c = code.get(t.rows[i][ti]);
    if (c === undefined)
      throw invalid(`the target in row ${i + 1}`, t.rows[i][ti], `one of the classes ${JSON.stringify(classes)}`);
    y[i] = c;
  }
  return { X, y, n, d, classes };
}

/** Fisher–Yates with the given generator. */
export function shuffled(n: number, rng: Rng): Int32Array {
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

/** Indices of a stratified sample of `count` rows (per class ∝ its size, largest remainders). */
export function stratifiedSample(y: Int32Array, count: number, rng: Rng): { picked: Int32Array; rest: Int32Array } {
  const byClass = new Map<number, number[]>();
  y.forEach((c, i) => (byClass.get(c) ?? byClass.set(c, []).get(c)!).push(i));
  const classes = [...byClass.keys()].sort((a, b) => a - b);
  const quota = classes.map((c) => (byClass.get(c)!.length * count) / y.length);
  const take = quota.map(Math.floor);
  let left = count - take.reduce((a, b) => a + b, 0);
  const order = classes.map((_, k) => k).sort((a, b) => quota[b] - take[b] - (quota[a] - take[a]) || a - b);
  for (const k of order) if (left-- > 0) take[k]++;
  const picked: number[] = [],
    rest: number[] = [];
  classes.forEach((c, k) => {
    const idx = byClass.get(c)!;
    const p = shuffled(idx.length, rng);
    for (let i = 0; i < idx.length; i++) (i < take[k] ? picked : rest).push(idx[p[i]]);
  });
  return { picked: Int32Array.from(picked).sort(), rest: Int32Array.from(rest).sort() };
}

export function subset(ds: Dataset, idx: ArrayLike<number>): Dataset {
  const X = new Float32Array(idx.length * ds.d);
  const y = new Int32Array(idx.length);
  for (let i = 0; i < idx.length; i++) {
    X.set(ds.X.subarray(idx[i] * ds.d, (idx[i] + 1) * ds.d), i * ds.d);
    y[i] = ds.y[idx[i]];
  }
  return { X, y, n: idx.length, d: ds.d, classes: ds.classes };
}

/** Column means and population std of `train`; applies (x − mean)/(std + 1e−10) to each set. */
export function standardize(train: Dataset, ...others: Dataset[]): void {
  const { n, d } = train;
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += train.X[i * d + j];
    m /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (train.X[i * d + j] - m) ** 2;
    const s = Math.sqrt(v / n) + 1e-10;
    for (const ds of [train, ...others]) for (let i = 0; i < ds.n; i++) ds.X[i * d + j] = (ds.X[i * d + j] - m) / s;
  }
}
