// The dashboard page: polls a source for a run's state, and shows its views (best so far, learning
// curves with rung decisions, rungs, parallel coordinates, importance, the trial table, run facts).
// A source that fails, or holds no run state yet, shows "waiting" and the last good views stay.
// Used by `hyperwasm dashboard` (the page it serves loads the IIFE bundle) and by the demo page.
import { STATUS_COLORS, curvesChart, esc, importanceChart, incumbentChart, parallelChart } from "./charts.js";
import { type DashboardView, type TrialView, dashboardView } from "./view.js";

export interface DashboardOptions {
  /** Milliseconds between polls (default 1000). */
  interval?: number;
}

interface Ui {
  statuses: Set<string>;
  text: string;
  minBest: number | null;
  sort: { key: string; dir: 1 | -1 };
}

const STATUSES = ["running", "completed", "stopped", "paused", "failed"];

export const DASHBOARD_CSS = `
:root { --bg: #fff; --fg: #1b1b1b; --muted: #666; --grid: #e6e6e6; --line: #1565c0; --ok: #2e7d32; --stop: #c62828;
  --pause: #ef6c00; --run: #1565c0; --fail: #6a1b9a; --bar: #1565c0; color-scheme: light dark; }
@media (prefers-color-scheme: dark) { :root { --bg: #15171a; --fg: #e8e8e8; --muted: #a0a0a0; --grid: #2c2f33;
  --line: #64b5f6; --ok: #81c784; --stop: #ef9a9a; --pause: #ffb74d; --run: #64b5f6; --fail: #ce93d8; --bar: #64b5f6; } }
body { background: var(--bg); color: var(--fg); font: 14px system-ui, sans-serif; margin: 0 1.5rem 2rem; }
h1 { font-size: 1.3rem; } h2 { font-size: 1.05rem; margin: 1.5rem 0 .4rem; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 1rem 2rem; }
.chart { width: 100%; max-width: 760px; height: auto; }
.chart .axis { stroke: var(--fg); } .chart .grid { stroke: var(--grid); } .chart .rung { stroke: var(--muted); stroke-dasharray: 3 3; }
.chart text { fill: var(--fg); font-size: 11px; } .chart .label { font-size: 12px; }
.chart .line { fill: none; stroke: var(--line); stroke-width: 2; } .chart .pt { fill: var(--line); }
.chart .incumbent { fill: none; stroke: var(--stop); stroke-width: 2; }
.chart .curve { fill: none; stroke-width: 1.2; opacity: .75; } .chart .pc { fill: none; stroke-width: 1.2; opacity: .7; }
.chart .mark { font-size: 10px; }
.status { padding: .4rem .6rem; border-radius: 4px; background: var(--grid); display: inline-block; }
.status.waiting { background: #ffe082; color: #3e2723; }
table { border-collapse: collapse; } td, th { padding: 2px 8px; text-align: left; border-bottom: 1px solid var(--grid); }
th button { all: unset; cursor: pointer; font-weight: 600; } th button:focus-visible, input:focus-visible { outline: 2px solid var(--line); }
.importance td:nth-child(2) { width: 260px; } .bar { display: inline-block; height: 10px; background: var(--bar); }
.note, .empty { color: var(--muted); } .controls { display: flex; flex-wrap: wrap; gap: .4rem 1rem; align-items: center; }
.trials { max-height: 480px; overflow: auto; display: block; } .err { color: var(--fail); }
.legend span { margin-right: 1rem; }
`;

function value(t: TrialView, key: string): number | string {
  if (key === "trialId") return t.trialId;
  if (key === "status") return t.status;
  if (key === "epochs") return t.x.length;
  if (key === "best") return Number.isFinite(t.best) ? t.best : Number.NEGATIVE_INFINITY;
  return String(t.config[key] ?? "");
}

function table(v: DashboardView, ui: Ui, shown: (t: TrialView) => boolean): string {
  const cols = ["trialId", "status", "epochs", "best", ...v.params.map((p) => p.name)];
  const text = ui.text.toLowerCase();
  const rows = v.trials
    .filter(
      (t) =>
        shown(t) &&
        (!text ||
          JSON.stringify({ ...t.config, s: t.status, e: t.error })
            .toLowerCase()
            .includes(text)),
    )
    .sort((a, b) => {
      const [x, y] = [value(a, ui.sort.key), value(b, ui.sort.key)];
      return (x < y ? -1 : x > y ? 1 : 0) * ui.sort.dir;
    });
  const head = cols
    .map((c) => {
      const arrow = ui.sort.key === c ? (ui.sort.dir === 1 ? " ▲" : " ▼") : "";
      const label = c === "best" ? `best ${v.rewardAttr}` : c;
      return `<th scope="col" aria-sort="${arrow ? (ui.sort.dir === 1 ? "ascending" : "descending") : "none"}"><button data-sort="${esc(c)}">${esc(label)}${arrow}</button></th>`;
    })
    .join("");
  const fmt = (x: unknown) => (typeof x === "number" && !Number.isInteger(x) ? x.toPrecision(4) : esc(x));
  const body = rows
    .map(
      (t) =>
        `<tr data-trial="${t.trialId}"><td>${t.trialId}</td><td style="color:${STATUS_COLORS[t.status] ?? "inherit"}">${esc(t.status)}${t.error ? ` <span class="err">${esc(t.error)}</span>` : ""}</td><td>${t.x.length}</td><td>${Number.isFinite(t.best) ? t.best.toPrecision(5) : "–"}</td>${v.params.map((p) => `<td>${fmt(t.config[p.name])}</td>`).join("")}</tr>`,
    )
    .join("");
  return `<p class="note">${rows.length} of ${v.trials.length} trials</p><table class="trials"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function rungsTable(v: DashboardView): string {
  if (v.rungs.length === 0) return `<p class="empty">FIFO: no rungs.</p>`;
  const rows = v.rungs
    .map(
      (r) =>
        `<tr><td>${r.level}</td><td>${r.reached}</td><td>${r.threshold === null ? "–" : r.threshold.toPrecision(4)}</td></tr>`,
    )
    .join("");
  return `<table><thead><tr><th>rung level</th><th>trials that reached it</th><th>lowest ${esc(v.rewardAttr)} that went on (the rung's current bar)</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function render(root: HTMLElement, v: DashboardView, ui: Ui): void {
  const shown = (t: TrialView) =>
    ui.statuses.has(t.status) &&
    (ui.minBest === null || (v.mode === "max" ? t.best >= ui.minBest : t.best <= ui.minBest));
  const facts = Object.entries(v.facts)
    .map(([k, x]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(x)}</td></tr>`)
    .join("");
  const legend = STATUSES.map((s) => `<span style="color:${STATUS_COLORS[s]}">${s}</span>`).join("");
  const set = (id: string, html: string) => {
    const el = root.querySelector(`#${id}`);
    if (el) el.innerHTML = html;
  };
  set("facts", `<table>${facts}</table>`);
  set("incumbent", incumbentChart(v));
  set(
    "curves",
    `<p class="legend">${legend} · ✕ stopped, ‖ paused, ▲ promoted (resumed from a rung), ● completed; dashed lines: rung levels</p>${curvesChart(v, shown)}`,
  );
  set("rungs", rungsTable(v));
  set("parallel", parallelChart(v, shown));
  set("importance", importanceChart(v));
  set("table", table(v, ui, shown));
}

const SHELL = `<h1>hyperwasm run</h1>
<p><span id="status" class="status" role="status" aria-live="polite">loading…</span></p>
<div class="controls" id="filters">
  <span>show:</span>${STATUSES.map((s) => `<label><input type="checkbox" data-status="${s}" checked> ${s}</label>`).join("")}
  <label>best reward at least <input type="number" step="any" id="min-best" size="8" aria-label="minimum best reward"></label>
  <label>search trials <input type="search" id="text" aria-label="search the trial table"></label>
</div>
<div class="grid2">
  <section><h2>Best so far</h2><div id="incumbent"></div></section>
  <section><h2>Learning curves</h2><div id="curves"></div></section>
  <section><h2>Parallel coordinates</h2><div id="parallel"></div></section>
  <section><h2>Hyperparameter importance</h2><div id="importance"></div></section>
  <section><h2>Rungs</h2><div id="rungs"></div></section>
  <section><h2>Run</h2><div id="facts"></div></section>
</div>
<section><h2>Trials</h2><div id="table"></div></section>`;

/**
 * Shows a run in `root` and follows it: `load` returns a run's state (a checkpoint's JSON,
 * `scheduler.state()`, the edge example's GET /state) or throws while there is none. Returns a stop function.
 */
export function mountDashboard(root: HTMLElement, load: () => unknown, options: DashboardOptions = {}): () => void {
  root.innerHTML = SHELL;
  const doc = root.ownerDocument;
  if (!doc.getElementById("hyperwasm-dashboard-css")) {
    const style = doc.createElement("style");
    style.id = "hyperwasm-dashboard-css";
    style.textContent = DASHBOARD_CSS;
    doc.head.appendChild(style);
  }
  const ui: Ui = { statuses: new Set(STATUSES), text: "", minBest: null, sort: { key: "trialId", dir: 1 } };
  let view: DashboardView | null = null;
  const status = root.querySelector("#status") as HTMLElement;
  const redraw = () => view && render(root, view, ui);
  root.addEventListener("click", (e) => {
    const key = (e.target as HTMLElement).closest("[data-sort]")?.getAttribute("data-sort");
    if (!key) return;
    ui.sort = { key, dir: ui.sort.key === key ? (-ui.sort.dir as 1 | -1) : 1 };
    redraw();
    (root.querySelector(`[data-sort="${key}"]`) as HTMLElement | null)?.focus();
  });
  root.addEventListener("input", (e) => {
    const el = e.target as HTMLInputElement;
    const s = el.getAttribute("data-status");
    if (s) el.checked ? ui.statuses.add(s) : ui.statuses.delete(s);
    else if (el.id === "text") ui.text = el.value;
    else if (el.id === "min-best") ui.minBest = el.value === "" ? null : Number(el.value);
    redraw();
  });
  let stopped = false;
  const poll = async () => {
    try {
      view = dashboardView(await load());
      status.className = "status";
      const best = view.incumbent.length ? view.incumbent[view.incumbent.length - 1].best : Number.NaN;
      status.textContent = `${view.trials.length} trials, ${view.facts.running} running; best ${view.mode === "max" ? "error" : "loss"} ${Number.isFinite(best) ? best.toPrecision(5) : "–"} (trial ${view.bestTrialId ?? "–"}); updated ${new Date().toLocaleTimeString()}`;
      render(root, view, ui);
    } catch (e) {
      status.className = "status waiting";
      // Waiting (not a run's state yet) or the source's own reason (the server's 503 body)
      status.textContent = `waiting: ${(e as Error).message}`;
    }
    if (!stopped) setTimeout(poll, options.interval ?? 1000);
  };
  void poll();
  return () => {
    stopped = true;
  };
}
