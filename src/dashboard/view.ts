// What the dashboard shows, computed from a scheduler's state (a checkpoint file, the edge
// example's GET /state, or `scheduler.state()` in a page): plain data, no DOM. A state that is
// not (yet) a run's state throws Waiting, which the page shows as "waiting" instead of failing.
import { type ResultRow, resultsTable } from "../schedulers/history.js";
import { type Domain, width } from "../space/domains.js";

export class Waiting extends Error {
  override name = "Waiting";
}

type Row = Record<string, unknown>;

export interface TrialView {
  trialId: number;
  status: string;
  config: Record<string, unknown>;
  /** Resource levels and rewards of its reports. */
  x: number[];
  y: number[];
  /** Its best reward (by mode), and the reward at its last report. */
  best: number;
  last: number;
  error?: string;
  /** Promotion: the rung level this trial resumed a paused config from. */
  resumeFrom?: number;
  startedAt: number;
  endedAt?: number;
}

export interface DashboardView {
  facts: Record<string, string | number>;
  mode: "max" | "min";
  rewardAttr: string;
  /** resultsTable(): the incumbent trace, as results.csv holds it. */
  incumbent: ResultRow[];
  bestTrialId: number | null;
  trials: TrialView[];
  levels: number[];
  rungs: { level: number; reached: number; threshold: number | null }[];
  params: { name: string; domain: Domain }[];
  importance: { method: string; scores: { name: string; score: number }[] };
}

const need = (ok: boolean, why: string) => {
  if (!ok) throw new Waiting(why);
};
const isObj = (v: unknown): v is Row => typeof v === "object" && v !== null && !Array.isArray(v);

/** The reward names a report may use, when the state does not say (states saved before it did). */
const REWARDS = ["accuracy", "objective", "reward", "loss"];

export function dashboardView(state: unknown): DashboardView {
  need(isObj(state), "the file holds no run state yet");
  const s = state as Row;
  need(Array.isArray(s.trials) && isObj(s.trainingHistory) && isObj(s.fingerprint), "the state lacks its trials");
  const fp = s.fingerprint as Row;
  const run = (isObj(s.run) ? s.run : {}) as Row;
  const mode = fp.mode === "min" ? "min" : "max";
  const history = s.trainingHistory as Record<string, Row[]>;
  const firstRow = Object.values(history).find((r) => r.length > 0)?.[0] ?? {};
  const rewardAttr = (run.rewardAttr as string) ?? REWARDS.find((k) => k in firstRow) ?? "accuracy";
  const timeAttr = (run.timeAttr as string) ?? "epoch";
  let params: { name: string; domain: Domain }[] = [];
  try {
    params = (JSON.parse(String(fp.space)) as [string, Domain][]).map(([name, domain]) => ({ name, domain }));
  } catch {
    throw new Waiting("the state's search space cannot be read");
  }
  const better = (a: number, b: number) => (mode === "max" ? a > b : a < b);
  const trials: TrialView[] = (s.trials as Row[]).map((t) => {
    const rows = history[String(t.trialId)] ?? [];
    const y = rows.map((r) => Number(r[rewardAttr]));
    const best = y.reduce((a, b) => (Number.isFinite(b) && (!Number.isFinite(a) || better(b, a)) ? b : a), Number.NaN);
    const error = isObj(t.error) ? String(t.error.message) : undefined;
    return {
      trialId: Number(t.trialId),
      status: String(t.status),
      config: (t.config ?? {}) as Record<string, unknown>,
      x: rows.map((r) => Number(r[timeAttr])),
      y,
      best,
      last: y.length ? y[y.length - 1] : Number.NaN,
      error,
      resumeFrom: t.resumeFrom === undefined ? undefined : Number(t.resumeFrom),
      startedAt: Number(t.startedAt),
      endedAt: t.endedAt === undefined ? undefined : Number(t.endedAt),
    };
  });
  // running trials are in `running` (with their reports in the history)
  for (const r of Array.isArray(s.running) ? (s.running as Row[]) : []) {
    if (trials.some((t) => t.trialId === r.trialId)) continue;
    const rows = history[String(r.trialId)] ?? [];
    const y = rows.map((x) => Number(x[rewardAttr]));
    trials.push({
      trialId: Number(r.trialId),
      status: "running",
      config: (r.config ?? {}) as Record<string, unknown>,
      x: rows.map((x) => Number(x[timeAttr])),
      y,
      best: y.reduce((a, b) => (!Number.isFinite(a) || better(b, a) ? b : a), Number.NaN),
      last: y.length ? y[y.length - 1] : Number.NaN,
      startedAt: Number.NaN,
    });
  }
  trials.sort((a, b) => a.trialId - b.trialId);
  const incumbent = resultsTable(history, rewardAttr, timeAttr, mode);
  let bestTrialId: number | null = null;
  let bestErr = Number.POSITIVE_INFINITY;
  for (const r of incumbent)
    if (r.error < bestErr) {
      bestErr = r.error;
      bestTrialId = r.trialId;
    }
  const levels = rungLevels(fp);
  const count = (status: string) => trials.filter((t) => t.status === status).length;
  const facts: Record<string, string | number> = {
    scheduler: String(fp.scheduler),
    searcher: String(run.searcher ?? "–"),
    seed: Number(s.seed),
    "time used (s)": Number(Number(s.elapsed).toFixed(1)),
    ...(run.timeOut !== undefined ? { "time budget (s)": Number(run.timeOut) } : {}),
    trials: trials.length,
    running: count("running"),
    completed: count("completed"),
    stopped: count("stopped"),
    paused: count("paused"),
    failed: count("failed"),
    ...(typeof run.searcherSeconds === "number" && Number(s.elapsed) > 0
      ? { "searcher time share": `${((100 * run.searcherSeconds) / Number(s.elapsed)).toFixed(1)} %` }
      : {}),
  };
  return {
    facts,
    mode,
    rewardAttr,
    incumbent,
    bestTrialId,
    trials,
    levels,
    rungs: levels.map((level, j) => rungFacts(trials, level, levels[j + 1], mode)),
    params,
    importance: importance(params, trials, history, mode),
  };
}

function rungLevels(fp: Row): number[] {
  try {
    const r = JSON.parse(String(fp.rungs ?? "null")) as { levels?: number[]; maxT?: number } | null;
    if (!r?.levels) return [];
    return r.maxT !== undefined && !r.levels.includes(r.maxT) ? [...r.levels, r.maxT] : r.levels;
  } catch {
    return [];
  }
}

/** How many trials reported at `level`, and the reward a trial needed there to go on (the worst that did). */
function rungFacts(trials: TrialView[], level: number, next: number | undefined, mode: "max" | "min") {
  const at = trials.filter((t) => t.x.includes(level));
  const went = next === undefined ? [] : at.filter((t) => t.x.some((x) => x > level));
  const values = went.map((t) => t.y[t.x.indexOf(level)]).filter(Number.isFinite);
  const threshold = values.length ? (mode === "max" ? Math.min(...values) : Math.max(...values)) : null;
  return { level, reached: at.length, threshold };
}

/**
 * A GP searcher's inverse length scales (the last history row's searcher_params_kernel_inv_bw*, on
 * inputs encoded to [0, 1], log-scaled for log domains; a categorical's largest over its one-hot
 * columns); without a GP, |Spearman correlation| of each hyperparameter with the trials' best reward.
 */
function importance(
  params: { name: string; domain: Domain }[],
  trials: TrialView[],
  history: Record<string, Row[]>,
  mode: "max" | "min",
) {
  const rows = Object.values(history).flat();
  const last = [...rows].reverse().find((r) => "searcher_params_kernel_inv_bw0" in r);
  if (last) {
    let k = 0;
    const scores = params.map((p) => {
      const w = width(p.domain);
      const bw = Array.from({ length: w }, (_, i) => Number(last[`searcher_params_kernel_inv_bw${k + i}`]));
      k += w;
      return { name: p.name, score: Math.max(...bw) };
    });
    return { method: "GP inverse length scales (inputs scaled to [0, 1], log domains on a log scale)", scores };
  }
  const done = trials.filter((t) => Number.isFinite(t.best));
  const reward = ranks(done.map((t) => (mode === "max" ? t.best : -t.best)));
  const scores = params.map((p) => {
    const values = done.map((t) => numeric(p.domain, t.config[p.name]));
    return { name: p.name, score: Math.abs(correlation(ranks(values), reward)) };
  });
  return { method: "model-free: |Spearman correlation| with each trial's best reward", scores };
}

function numeric(d: Domain, v: unknown): number {
  if (d.kind === "categorical") return d.choices.indexOf(v);
  if (d.kind === "bool") return v ? 1 : 0;
  return Number(v);
}

function ranks(v: number[]): number[] {
  const order = v.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(v.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) r[order[k][1]] = (i + j) / 2;
    i = j + 1;
  }
  return r;
}

function correlation(a: number[], b: number[]): number {
  const n = a.length;
  if (n < 3) return 0;
  const ma = a.reduce((s, x) => s + x, 0) / n,
    mb = b.reduce((s, x) => s + x, 0) / n;
  let sab = 0,
    saa = 0,
    sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}
