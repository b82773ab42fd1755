// Search-space domains (algorithms §1.1): plain JSON objects, so a space can be posted to a worker
// as-is. Each knows its default (§1.1), how to sample (§1.4), and how to encode into [0,1]
// (§1.5) and decode back (§1.6).
import { SearchSpaceError, invalid } from "../errors.js";
import { roundHalfEven } from "../numeric.js";

export interface IntDomain {
  kind: "int";
  lower: number;
  upper: number;
  /** Searched on a log scale (batch sizes, layer widths); present only when true. */
  log?: true;
  default?: number;
}
export interface RealDomain {
  kind: "real";
  lower: number;
  upper: number;
  log: boolean;
  default?: number;
}
export interface CategoricalDomain<T = unknown> {
  kind: "categorical";
  choices: readonly T[];
  default?: T;
}
export interface BoolDomain {
  kind: "bool";
  default?: boolean;
}
export type Domain = IntDomain | RealDomain | CategoricalDomain | BoolDomain;

export type DomainValue<D> = D extends IntDomain | RealDomain
  ? number
  : D extends BoolDomain
    ? boolean
    : D extends CategoricalDomain<infer T>
      ? T
      : never;

const bad = (name: string, value: unknown, rule: string) => invalid(name, value, rule, SearchSpaceError);

/** An integer in [lower, upper], both inclusive; with `log`, sampled and modelled on a log scale. */
export function int(lower: number, upper: number, options: { log?: boolean; default?: number } = {}): IntDomain {
  if (!Number.isFinite(lower) || !Number.isInteger(lower)) throw bad("lower", lower, "a finite integer");
  if (!Number.isFinite(upper) || !Number.isInteger(upper)) throw bad("upper", upper, "a finite integer");
  if (!(lower < upper)) throw bad("lower", lower, `less than upper (${upper})`);
  const d: IntDomain = { kind: "int", lower, upper };
  if (options.log) {
    if (lower < 1) throw bad("lower", lower, ">= 1 when log is true");
    d.log = true;
  }
  if (options.default !== undefined) {
    if (!Number.isInteger(options.default) || options.default < lower || options.default > upper) {
      throw bad("default", options.default, `an integer in [${lower}, ${upper}]`);
    }
    d.default = options.default;
  }
  return d;
}

/** A real number in [lower, upper]; with `log`, sampled and modelled on a log scale. */
export function real(lower: number, upper: number, options: { log?: boolean; default?: number } = {}): RealDomain {
  if (!Number.isFinite(lower)) throw bad("lower", lower, "a finite number");
  if (!Number.isFinite(upper)) throw bad("upper", upper, "a finite number");
  if (!(lower < upper)) throw bad("lower", lower, `less than upper (${upper})`);
  const log = options.log ?? false;
  if (log && !(lower > 0)) throw bad("lower", lower, "> 0 when log is true");
  const d: RealDomain = { kind: "real", lower, upper, log };
  if (options.default !== undefined) {
    if (!Number.isFinite(options.default) || options.default < lower || options.default > upper) {
      throw bad("default", options.default, `a number in [${lower}, ${upper}]`);
    }
    d.default = options.default;
  }
  return d;
}

/** One of the given choices (any JSON-serializable values). */
export function categorical<const T>(...choices: T[]): CategoricalDomain<T> {
  if (choices.length === 0) throw bad("choices", choices, "a non-empty list");
  const seen = new Set<string>();
  for (const c of choices) {
    const k = JSON.stringify(c);
    if (seen.has(k)) throw bad("choices", choices, "a list without duplicates");
    seen.add(k);
  }
  return { kind: "categorical", choices };
}

/** Like categorical(), with an explicit default choice. */
export function categoricalWithDefault<const T>(choices: T[], defaultValue: T): CategoricalDomain<T> {
  const d = categorical(...choices);
  if (!choices.some((c) => JSON.stringify(c) === JSON.stringify(defaultValue))) {
    throw bad("default", defaultValue, `one of the choices ${JSON.stringify(choices)}`);
  }
  d.default = defaultValue;
  return d;
}

/** true or false; an integer 0/1 hyperparameter underneath, as in the reference (algorithms §1.1). */
export function bool(options: { default?: boolean } = {}): BoolDomain {
  const d: BoolDomain = { kind: "bool" };
  if (options.default !== undefined) {
    if (typeof options.default !== "boolean") throw bad("default", options.default, "true or false");
    d.default = options.default;
  }
  return d;
}

export function isDomain(v: unknown): v is Domain {
  if (typeof v !== "object" || v === null) return false;
  const k = (v as { kind?: unknown }).kind;
  return k === "int" || k === "real" || k === "categorical" || k === "bool";
}

/** algorithms §1.1 defaults. */
export function defaultOf(d: Domain): unknown {
  if (d.default !== undefined) return d.default;
  switch (d.kind) {
    case "int":
      return roundHalfEven(d.log ? Math.sqrt(d.lower * d.upper) : (d.lower + d.upper) / 2);
    case "real": {
      const v = d.log ? Math.exp((Math.log(d.lower) + Math.log(d.upper)) / 2) : (d.lower + d.upper) / 2;
      return Math.min(d.upper, Math.max(d.lower, Number(v.toFixed(10))));
    }
    case "bool":
      return false;
    case "categorical":
      return d.choices[0];
  }
}

/** Number of [0,1] coordinates the domain takes in the GP input (one-hot for categoricals). */
export function width(d: Domain): number {
  return d.kind === "categorical" ? d.choices.length : 1;
}

const PAD = 0.49999;

/** An int domain's padded range on its scale (logs for a log int). */
function intRange(d: IntDomain): [number, number] {
  const lo = d.lower - PAD,
    hi = d.upper + PAD;
  return d.log ? [Math.log(lo), Math.log(hi)] : [lo, hi];
}

function intScale(d: IntDomain, v: number): number {
  return d.log ? Math.log(v) : v;
}

/** Writes the encoding of `value` at out[offset..offset + width). algorithms §1.5. */
export function encodeInto(d: Domain, value: unknown, out: Float64Array, offset: number): void {
  const clip = (x: number) => Math.min(1, Math.max(0, x));
  switch (d.kind) {
    case "real":
      out[offset] = clip(
        d.log
          ? (Math.log(value as number) - Math.log(d.lower)) / (Math.log(d.upper) - Math.log(d.lower))
          : ((value as number) - d.lower) / (d.upper - d.lower),
      );
      return;
    case "int": {
      // the integer's cell [k − ½, k + ½] in the padded range, linear or in logs (algorithms §1.5)
      const [lo, hi] = intRange(d);
      out[offset] = clip((intScale(d, value as number) - lo) / (hi - lo));
      return;
    }
    case "bool":
      out[offset] = clip(((value ? 1 : 0) + PAD) / (1 + 2 * PAD));
      return;
    case "categorical": {
      const k = choiceIndex(d, value);
      for (let i = 0; i < d.choices.length; i++) out[offset + i] = i === k ? 1 : 0;
    }
  }
}

/** Inverse of encodeInto (algorithms §1.6): clamps, rounds half-to-even, argmax (first wins). */
export function decodeFrom(d: Domain, v: ArrayLike<number>, offset: number): unknown {
  const u = Math.min(1, Math.max(0, v[offset]));
  switch (d.kind) {
    case "real": {
      const x = d.log
        ? Math.exp(Math.log(d.lower) + u * (Math.log(d.upper) - Math.log(d.lower)))
        : d.lower + u * (d.upper - d.lower);
      return Math.min(d.upper, Math.max(d.lower, x));
    }
    case "int": {
      const [lo, hi] = intRange(d);
      const y = lo + u * (hi - lo);
      return Math.min(d.upper, Math.max(d.lower, roundHalfEven(d.log ? Math.exp(y) : y)));
    }
    case "bool":
      return roundHalfEven(-PAD + u * (1 + 2 * PAD)) >= 1;
    case "categorical": {
      let best = 0;
      for (let i = 1; i < d.choices.length; i++) if (v[offset + i] > v[offset + best]) best = i;
      return d.choices[best];
    }
  }
}

/** A uniform draw (algorithms §1.4): u ~ U[0,1) through the decoding; categoricals uniform. */
export function sample(d: Domain, next: () => number): unknown {
  if (d.kind === "categorical") return d.choices[Math.floor(next() * d.choices.length)];
  return decodeFrom(d, [next()], 0);
}

export function choiceIndex(d: CategoricalDomain, value: unknown): number {
  const k = JSON.stringify(value);
  return d.choices.findIndex((c) => JSON.stringify(c) === k);
}

/** Is `value` a member of the domain? Used to validate configs arriving from outside. */
export function contains(d: Domain, value: unknown): boolean {
  switch (d.kind) {
    case "int":
      return Number.isInteger(value) && (value as number) >= d.lower && (value as number) <= d.upper;
    case "real":
      return typeof value === "number" && value >= d.lower && value <= d.upper;
    case "bool":
      return typeof value === "boolean";
    case "categorical":
      return choiceIndex(d, value) >= 0;
  }
}
