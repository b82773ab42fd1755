// Argument checks every layer may use (schedulers, searchers, runtime); every message names
// the option, the value and the rule.
import { invalid } from "./errors.js";

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

export function checkFinite(name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw invalid(name, v, "a finite number");
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
