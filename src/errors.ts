// One root class and a few specific ones, so callers can catch by kind; messages name the
// parameter, the value received and the rule it breaks, and are built in one place.

export class HpoError extends Error {
  override name = "HpoError";
}
/** An option or argument is invalid. */
export class ConfigError extends HpoError {
  override name = "ConfigError";
}
/** A search space is malformed. */
export class SearchSpaceError extends ConfigError {
  override name = "SearchSpaceError";
}
/** A numerical routine could not produce a result (e.g. a matrix is not positive definite). */
export class NumericalError extends HpoError {
  override name = "NumericalError";
}
/** A trial broke the reporting protocol or its trainer failed. */
export class TrialError extends HpoError {
  override name = "TrialError";
}
/** A worker (thread, Web Worker or process) failed outside the trainer. */
export class WorkerError extends HpoError {
  override name = "WorkerError";
}

export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value == null) return String(value);
  if (Array.isArray(value)) return `[${value.map(describe).join(", ")}]`;
  if (ArrayBuffer.isView(value))
    return `a ${value.constructor.name} of length ${(value as unknown as ArrayLike<unknown>).length}`;
  if (typeof value === "function") return "a function";
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** `The value of <name> is <value>, but it must be <rule>` as the given error class. */
export function invalid(
  name: string,
  value: unknown,
  rule: string,
  Kind: new (message: string) => HpoError = ConfigError,
): HpoError {
  return new Kind(`The value of ${name} is ${describe(value)}, but it must be ${rule}`);
}
