// The checks a scheduler applies to what trials send (algorithms §2.3), and the streak of
// failures that ends a run whose trials all fail (algorithms §4.2). Every message names the trial,
// the value received and the rule.
import { type HpoError, TrialError, describe } from "../errors.js";

type Row = Record<string, unknown>;

/** An empty report (or one holding only the reporter's own time_this_iter) is skipped. */
export function isEmptyReport(result: Row): boolean {
  const keys = Object.keys(result);
  return keys.length === 0 || (keys.length === 1 && keys[0] === "time_this_iter");
}

export function checkReward(trialId: number, result: Row, rewardAttr: string): void {
  const v = result[rewardAttr];
  if (typeof v === "number" && Number.isFinite(v)) return;
  const keys = Object.keys(result).filter((k) => k !== "time_this_iter");
  const got = v === undefined ? `missing (the report has ${keys.join(", ")})` : describe(v);
  throw new TrialError(
    `The value of ${rewardAttr} in the report of trial ${trialId} is ${got}, ` +
      `but it must be a finite number (rewardAttr is "${rewardAttr}")`,
  );
}

/** A trial's resource (timeAttr) must grow from report to report when it is reported. */
export function checkResourceOrder(trialId: number, result: Row, timeAttr: string, previous: Row | undefined): void {
  const r = result[timeAttr];
  const p = previous?.[timeAttr];
  if (typeof r !== "number" || typeof p !== "number" || r > p) return;
  throw new TrialError(
    `The value of ${timeAttr} in the report of trial ${trialId} is ${r}, but it must be greater than ` +
      `the ${timeAttr} of its previous report (${p}): each report covers new ${timeAttr}s`,
  );
}

/** "Trial N failed: …", without repeating a message that already names the trial. */
export function failureLine(trialId: number, message: string): string {
  return message.toLowerCase().startsWith(`trial ${trialId} `)
    ? `${message[0].toUpperCase()}${message.slice(1)}`
    : `Trial ${trialId} failed: ${message}`;
}

/** Consecutive failed trials; at `limit` the run starts nothing more and run() rejects. */
export class FailureStreak {
  private count = 0;
  private last = "";

  constructor(readonly limit: number) {}

  failed(trialId: number, message: string): void {
    this.count++;
    this.last = failureLine(trialId, message);
  }

  succeeded(): void {
    this.count = 0;
  }

  get reached(): boolean {
    return this.count >= this.limit;
  }

  error(): HpoError {
    return new TrialError(
      `${this.count} trials failed in a row (maxFailures is ${this.limit}), so the run stops. The last: ${this.last}`,
    );
  }
}
