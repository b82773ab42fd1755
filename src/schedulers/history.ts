// What a run records (algorithms §2.2, §4.4): per-trial report rows in arrival order, each trial's
// config and fate, and the tidy table of the tutorial's `process_training_history`.
import type { Config } from "../space/space.js";
import type { SerializedError } from "./protocol.js";

/** "unreported": the trainer returned without a report, so the trial has no result. */
export type TrialStatus = "running" | "completed" | "stopped" | "paused" | "failed" | "unreported";

export interface TrialRecord {
  trialId: number;
  config: Config;
  status: TrialStatus;
  resumeFrom?: number;
  error?: SerializedError;
  /** Something the searcher wants recorded about how this config was chosen. */
  note?: string;
  /** Seconds since the run started, when the trial started and when it ended. */
  startedAt: number;
  endedAt?: number;
}

export interface ResultRow {
  trialId: number;
  /** Seconds since the run started when the report arrived. */
  runtime: number;
  /** The resource of the row (timeAttr) and the last one the trial reached. */
  epoch: number | undefined;
  targetEpoch: number | undefined;
  objective: number;
  /** 1 − objective (the tutorial's error) under mode "max"; the objective itself under "min". */
  error: number;
  /** Running minimum of error over rows sorted by runtime: the incumbent trace. */
  best: number;
}

/** One curve per trial: x = timeAttr, y = rewardAttr. */
export function trainingCurves(
  history: Record<string, Record<string, unknown>[]>,
  rewardAttr: string,
  timeAttr: string,
): Record<string, { x: number[]; y: number[] }> {
  const out: Record<string, { x: number[]; y: number[] }> = {};
  for (const [id, rows] of Object.entries(history))
    out[id] = { x: rows.map((r) => r[timeAttr] as number), y: rows.map((r) => r[rewardAttr] as number) };
  return out;
}

export function resultsTable(
  history: Record<string, Record<string, unknown>[]>,
  rewardAttr: string,
  timeAttr: string,
  mode: "max" | "min" = "max",
): ResultRow[] {
  const rows: ResultRow[] = [];
  for (const [id, reports] of Object.entries(history)) {
    if (reports.length === 0) continue;
    const target = reports[reports.length - 1][timeAttr] as number | undefined;
    for (const r of reports) {
      const objective = r[rewardAttr] as number;
      rows.push({
        trialId: Number(id),
        runtime: r.time_since_start as number,
        epoch: r[timeAttr] as number | undefined,
        targetEpoch: target,
        objective,
        error: mode === "max" ? 1 - objective : objective,
        best: NaN,
      });
    }
  }
  rows.sort((a, b) => a.runtime - b.runtime || a.trialId - b.trialId);
  let best = Infinity;
  for (const r of rows) r.best = best = Math.min(best, Number.isFinite(r.error) ? r.error : Infinity);
  return rows;
}

function csvCell(v: unknown): string {
  if (v === undefined || v === null) return "";
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows of objects to CSV, with the union of their keys as columns (first-seen order). */
export function toCSV(rows: readonly object[]): string {
  const cols: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  const lines = [cols.join(",")];
  for (const r of rows) lines.push(cols.map((c) => csvCell((r as Record<string, unknown>)[c])).join(","));
  return `${lines.join("\n")}\n`;
}

export type { Config };
