// Argument checks every layer may use (schedulers, searchers, runtime); every message names
// the option, the value and the rule.
import { ConfigError, describe, invalid } from "./errors.js";

export function checkKnown(options: object, known: readonly string[], where: string): void {
  for (const k of Object.keys(options)) {
    if (!known.includes(k)) {
      throw invalid(
        `${where}.${k}`,
        (options as Record<string, unknown>)[k],
        `one of the known options (${known.join(", ")})`,
      );
    }
  }
}

export function checkInt(name: string, v: unknown, min: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) throw invalid(name, v, `an integer >= ${min}`);
  return v;
}

export function checkPositive(name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v) || !(v > 0)) throw invalid(name, v, "a finite number > 0");
  return v;
}

export function checkAtLeast(name: string, v: unknown, min: number): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < min) throw invalid(name, v, `a finite number >= ${min}`);
  return v;
}

export function checkFinite(name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw invalid(name, v, "a finite number");
  return v;
}

export function checkBool(name: string, v: unknown): boolean {
  if (typeof v !== "boolean") throw invalid(name, v, "true or false");
  return v;
}

export function checkString(name: string, v: unknown): string {
  if (typeof v !== "string" || v.length === 0) throw invalid(name, v, "a non-empty string");
  return v;
}

export function checkOneOf<T extends string>(name: string, v: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(v as T)) throw invalid(name, v, `one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`);
  return v as T;
}

// ---- shapes of data read back from storage (saved states): each component declares what its
// saved state holds, so a corrupt or foreign state is a ConfigError naming the field instead of
// a TypeError later (algorithms §4.5).

export type Shape =
  | "number" // finite
  | "int"
  | "string"
  | "boolean"
  | "object" // any plain object
  | "number|null" // a number (±∞ too: a state in memory has them) or null (JSON writes ±∞ as null)
  | { list: Shape; length?: number }
  | { fields: Record<string, Shape>; optional?: readonly string[] }
  | { tuple: Shape[] }
  | { either: Shape[] }
  | { check: (v: unknown) => boolean; rule: string };

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A value described for a message, cut at 80 characters (a state can hold thousands of trials). */
export function brief(v: unknown): string {
  const s = describe(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function rule(shape: Shape): string {
  if (typeof shape === "string") {
    return {
      number: "a finite number",
      int: "an integer",
      string: "a string",
      boolean: "true or false",
      object: "an object",
      "number|null": "a number or null",
    }[shape];
  }
  if ("list" in shape) return shape.length === undefined ? "a list" : `a list of ${shape.length}`;
  if ("fields" in shape) return `an object with ${Object.keys(shape.fields).join(", ")}`;
  if ("tuple" in shape) return `a list of ${shape.tuple.length}`;
  if ("either" in shape) return shape.either.map(rule).join(" or ");
  return shape.rule;
}

function fits(v: unknown, shape: Shape): boolean {
  try {
    checkShape(v, shape, "");
    return true;
  } catch {
    return false;
  }
}

/** Throws a ConfigError naming the first part of `v` (called `name`) that does not fit `shape`. */
export function checkShape(v: unknown, shape: Shape, name: string): void {
  const fail = () => new ConfigError(`The value of ${name} is ${brief(v)}, but it must be ${rule(shape)}`);
  if (typeof shape === "string") {
    const ok = {
      number: typeof v === "number" && Number.isFinite(v),
      int: Number.isInteger(v),
      string: typeof v === "string",
      boolean: typeof v === "boolean",
      object: isObject(v),
      "number|null": v === null || (typeof v === "number" && !Number.isNaN(v)),
    }[shape];
    if (!ok) throw fail();
  } else if ("list" in shape) {
    if (!Array.isArray(v) || (shape.length !== undefined && v.length !== shape.length)) throw fail();
    v.forEach((x, i) => checkShape(x, shape.list, `${name}[${i}]`));
  } else if ("tuple" in shape) {
    if (!Array.isArray(v) || v.length !== shape.tuple.length) throw fail();
    shape.tuple.forEach((s, i) => checkShape(v[i], s, `${name}[${i}]`));
  } else if ("fields" in shape) {
    if (!isObject(v)) throw fail();
    for (const [k, s] of Object.entries(shape.fields)) {
      if (v[k] === undefined && shape.optional?.includes(k)) continue;
      checkShape(v[k], s, `${name}.${k}`);
    }
  } else if ("either" in shape) {
    if (!shape.either.some((s) => fits(v, s))) throw fail();
  } else if (!shape.check(v)) throw fail();
}

export const RNG_SHAPE: Shape = { fields: { s: { list: "int", length: 4 }, spare: "number|null" } };
