// Node-only: a run's result files and a live progress display, built on what every scheduler
// records and the events it dispatches (the tutorial's `npm start` uses both).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { linePlot } from "../results/svg.js";
import { toCSV } from "../schedulers/history.js";
import { checkOneOf } from "../validate.js";
import type { FIFOScheduler } from "../schedulers/fifo.js";

/**
 * Writes history.csv (every report), history.json (reports and configs by trial), results.csv
 * (the tidy table with the running best), run.json (the run: seed, trials, best, `extra`) and
 * best-error.svg (the incumbent against time) into `dir`; returns the paths written.
 */
export function writeResults(scheduler: FIFOScheduler, dir: string, extra: Record<string, unknown> = {}): string[] {
  mkdirSync(dir, { recursive: true });
  const rows = Object.entries(scheduler.trainingHistory).flatMap(([id, reports]) =>
    reports.map((r) => ({ trialId: Number(id), ...r })),
  );
  const table = scheduler.resultsTable();
  const end = Math.max(scheduler.timeOut ?? 0, ...table.map((r) => r.runtime), 1);
  const figure = linePlot(
    [
      {
        name: scheduler.searcher.name,
        x: [0, ...table.map((r) => r.runtime)],
        y: [table[0]?.best ?? 1, ...table.map((r) => r.best)],
      },
    ],
    {
      title: scheduler.mode === "max" ? "Best error (1 − reward) vs runtime" : "Best loss vs runtime",
      xLabel: "runtime (s)",
      yLabel: scheduler.mode === "max" ? "best error" : "best loss",
      xDomain: [0, end],
      steps: true,
    },
  );
  const files: [string, string][] = [
    ["history.csv", toCSV(rows)],
    [
      "history.json",
      JSON.stringify({ trainingHistory: scheduler.trainingHistory, configHistory: scheduler.configHistory }, null, 1),
    ],
    ["results.csv", scheduler.toCSV()],
    ["run.json", JSON.stringify({ ...extra, ...scheduler.toJSON() }, null, 1)],
    ["best-error.svg", figure],
  ];
  return files.map(([name, text]) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  });
}

export interface ProgressOptions {
  /** Where to write (default process.stdout). On a terminal (isTTY) one status line is redrawn. */
  stream?: { write(text: string): unknown; isTTY?: boolean };
  /** Seconds between redraws of the status line (terminal only). Default 0.5. */
  interval?: number;
  /**
   * Which finished trials get a line: "all", or "best" (only a trial that ends holding the best
   * reward, so a long run fits one screen). Default: "best" on a terminal, "all" otherwise.
   */
  lines?: "all" | "best";
}

export interface Progress {
  /** Prints a line above the status line. */
  say(line: string): void;
  /** Stops redrawing and leaves the last status line in place. */
  stop(): void;
}

/**
 * A line per finished trial (its status, epochs and last reward; on a terminal only the trials
 * that end as the best so far), and on a terminal a status line redrawn in place: elapsed time,
 * trials by status, epochs, the best reward.
 */
export function progress(scheduler: FIFOScheduler, options: ProgressOptions = {}): Progress {
  const out = options.stream ?? process.stdout;
  const tty = Boolean(out.isTTY);
  const lines = checkOneOf("lines", options.lines ?? (tty ? "best" : "all"), ["all", "best"] as const);
  let status = "";
  const clear = () => tty && status && out.write("\r\x1b[2K");
  const draw = () => tty && status && out.write(status);
  const say = (line: string) => {
    clear();
    out.write(`${line}\n`);
    draw();
  };
  const reward = scheduler.rewardAttr;
  const onEnd = (e: Event) => {
    const {
      trialId,
      status: s,
      error,
    } = (e as CustomEvent).detail as { trialId: number; status: string; error?: { message: string } };
    if (lines === "best" && scheduler.getBestTaskId() !== trialId) return;
    const t = scheduler.trials.get(trialId)!;
    const rows = scheduler.trainingHistory[trialId] ?? [];
    const last = rows[rows.length - 1]?.[reward];
    say(
      `trial ${String(trialId).padStart(3)} ${s.padEnd(10)} ${scheduler.timeAttr}s ${rows.length}` +
        `${t.resumeFrom ? ` (resumed at ${t.resumeFrom})` : ""}  ${reward} ${typeof last === "number" ? last.toFixed(4) : "–"}` +
        `  at ${(t.endedAt ?? 0).toFixed(1)} s${error ? `  (${error.message})` : ""}`,
    );
  };
  scheduler.addEventListener("trialend", onEnd);
  const redraw = () => {
    if (!tty) return;
    const trials = [...scheduler.trials.values()];
    const count = (s: string) => trials.filter((t) => t.status === s).length;
    const epochs = Object.values(scheduler.trainingHistory).reduce((a, r) => a + r.length, 0);
    const best = scheduler.getBestReward();
    const budget = scheduler.timeOut === undefined ? "" : `/${scheduler.timeOut}`;
    clear();
    status =
      `[${scheduler.elapsed().toFixed(0)}${budget} s] trials ${trials.length}: ${count("running")} running, ` +
      `${count("completed")} completed, ${count("stopped")} stopped, ${count("paused")} paused, ${count("failed")} failed | ` +
      `${scheduler.timeAttr}s ${epochs} | best ${Number.isFinite(best) ? best.toFixed(4) : "–"}`;
    draw();
  };
  const timer = tty ? setInterval(redraw, (options.interval ?? 0.5) * 1000) : undefined;
  timer?.unref?.();
  return {
    say,
    stop() {
      clearInterval(timer);
      scheduler.removeEventListener("trialend", onEnd);
      redraw();
      if (tty && status) out.write("\n");
      status = "";
    },
  };
}
