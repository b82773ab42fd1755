// A flat search space: hyperparameters in alphabetical order (algorithms §1.2), fixed values kept
// apart. Encodes configs to the GP's [0,1]^d rows and back.
import { SearchSpaceError, invalid } from "../errors.js";
import type { Rng } from "../random.js";
import type { Shape } from "../validate.js";
import { type Domain, contains, decodeFrom, defaultOf, encodeInto, isDomain, sample, width } from "./domains.js";

export type Config = Record<string, unknown>;

export class SearchSpace {
  /** Tunable hyperparameter names, alphabetical. */
  readonly names: readonly string[];
  readonly domains: Readonly<Record<string, Domain>>;
  /** Values that are not searched (e.g. `epochs: 9`). */
  readonly fixed: Readonly<Record<string, unknown>>;
  /** Width of the encoded vector. */
  readonly dim: number;
  private readonly offsets: number[];

  /** `spec` is an object, or a list of [name, domain or value] entries (checked for duplicates). */
  constructor(spec: Record<string, unknown> | readonly (readonly [string, unknown])[]) {
    if (typeof spec !== "object" || spec === null) {
      throw invalid("spec", spec, "an object mapping names to domains or fixed values", SearchSpaceError);
    }
    const entries = Array.isArray(spec) ? (spec as [string, unknown][]) : Object.entries(spec);
    const domains: Record<string, Domain> = {};
    const fixed: Record<string, unknown> = {};
    const seen = new Set<string>();
    for (const [name, v] of entries) {
      if (typeof name !== "string" || name.length === 0)
        throw invalid("name", name, "a non-empty string", SearchSpaceError);
      if (seen.has(name)) throw invalid("name", name, "unique in the space (it appears twice)", SearchSpaceError);
      seen.add(name);
      if (isDomain(v)) domains[name] = v;
      else fixed[name] = v;
    }
    this.names = Object.keys(domains).sort();
    this.domains = domains;
    this.fixed = fixed;
    this.offsets = [];
    let off = 0;
    for (const n of this.names) {
      this.offsets.push(off);
      off += width(domains[n]);
    }
    this.dim = off;
  }

  /** The default configuration (algorithms §1.1). */
  defaultConfig(): Config {
    const c: Config = {};
    for (const n of this.names) c[n] = defaultOf(this.domains[n]);
    return c;
  }

  sample(rng: Rng): Config {
    const c: Config = {};
    for (const n of this.names) c[n] = sample(this.domains[n], () => rng.next());
    return c;
  }

  encode(config: Config, out = new Float64Array(this.dim), offset = 0): Float64Array {
    this.names.forEach((n, i) => encodeInto(this.domains[n], config[n], out, offset + this.offsets[i]));
    return out;
  }

  decode(v: ArrayLike<number>, offset = 0): Config {
    const c: Config = {};
    this.names.forEach((n, i) => (c[n] = decodeFrom(this.domains[n], v, offset + this.offsets[i])));
    return c;
  }

  /** Canonical string of a config's searched values (equality is by decoded values, §1.6). */
  key(config: Config): string {
    return JSON.stringify(this.names.map((n) => config[n]));
  }

  /** The names and domains, as one string: equal fingerprints mean the same space. */
  fingerprint(): string {
    return JSON.stringify(this.names.map((n) => [n, this.domains[n]]));
  }

  /** Every hyperparameter present and inside its domain (for data read back from storage). */
  isConfig(config: unknown): config is Config {
    if (typeof config !== "object" || config === null || Array.isArray(config)) return false;
    return this.names.every((n) => n in config && contains(this.domains[n], (config as Config)[n]));
  }

  /** The shape of a config of this space in a saved state. */
  configShape(): Shape {
    return { check: (c) => this.isConfig(c), rule: "a config of this search space" };
  }

  /** The shape of a key of this space in a saved state. */
  keyShape(): Shape {
    return { check: (k) => this.isKey(k), rule: "a config key of this search space" };
  }

  /** A string that key() could have made. */
  isKey(key: unknown): key is string {
    if (typeof key !== "string") return false;
    try {
      return this.isConfig(this.fromKey(key));
    } catch {
      return false;
    }
  }

  /** The config whose key() is `key`: the inverse of key(), so no caller parses the encoding. */
  fromKey(key: string): Config {
    let values: unknown;
    try {
      values = JSON.parse(key);
    } catch {
      values = undefined;
    }
    if (!Array.isArray(values) || values.length !== this.names.length) {
      throw invalid(
        "key",
        key,
        `a key made by this space's key() (a list of ${this.names.length} values)`,
        SearchSpaceError,
      );
    }
    return Object.fromEntries(this.names.map((n, i) => [n, values[i]]));
  }

  /** Throws unless every hyperparameter is present and inside its domain. */
  validate(config: Config): void {
    for (const n of this.names) {
      if (!(n in config))
        throw invalid(`config.${n}`, undefined, "present (it is a hyperparameter of the space)", SearchSpaceError);
      if (!contains(this.domains[n], config[n])) {
        throw invalid(
          `config.${n}`,
          config[n],
          `inside its domain ${JSON.stringify(this.domains[n])}`,
          SearchSpaceError,
        );
      }
    }
  }

  /** The full arguments a trainer receives: fixed values plus the config. */
  withFixed(config: Config): Config {
    return { ...this.fixed, ...config };
  }
}
