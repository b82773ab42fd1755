// The dashboard's charts as SVG strings, drawn by hand: four small charts did not earn a charting
// library's 40–250 KB (uPlot, d3). Colours come from CSS variables, so light and dark themes work.
// Data points carry data-* attributes: tests read the plotted values back from the page.
import type { DashboardView, TrialView } from "./view.js";

const W = 640,
  H = 300,
  L = 56,
  R = 16,
  T = 16,
  B = 40;

export const STATUS_COLORS: Record<string, string> = {
  completed: "var(--ok)",
  stopped: "var(--stop)",
  paused: "var(--pause)",
  running: "var(--run)",
  failed: "var(--fail)",
};

export function esc(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function ticks(a: number, b: number, n: number): number[] {
  if (!(b > a)) return [a];
  const step0 = (b - a) / n;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= step0) ?? step0;
  const out: number[] = [];
  for (let t = Math.ceil(a / step) * step; t <= b + 1e-12; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

interface Frame {
  x: (v: number) => number;
  y: (v: number) => number;
  svg: string[];
}

function frame(label: string, xl: string, yl: string, [x0, x1]: number[], [y0, y1]: number[], logX = false): Frame {
  const tx = (v: number) => (logX ? Math.log(v) : v);
  const [a0, a1] = [tx(x0), tx(x1)];
  const x = (v: number) => L + ((tx(v) - a0) / (a1 - a0 || 1)) * (W - L - R);
  const y = (v: number) => T + (1 - (v - y0) / (y1 - y0 || 1)) * (H - T - B);
  const svg = [
    `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(label)}" class="chart">`,
    `<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" class="axis"/>`,
    `<line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" class="axis"/>`,
  ];
  const xt = logX ? [x0, ...[1, 3, 9, 27, 81, 243].filter((v) => v > x0 && v < x1), x1] : ticks(x0, x1, 6);
  for (const t of xt)
    svg.push(`<text x="${x(t)}" y="${H - B + 16}" text-anchor="middle" class="tick">${+t.toPrecision(4)}</text>`);
  for (const t of ticks(y0, y1, 5))
    svg.push(
      `<line x1="${L}" y1="${y(t)}" x2="${W - R}" y2="${y(t)}" class="grid"/>`,
      `<text x="${L - 6}" y="${y(t) + 4}" text-anchor="end" class="tick">${+t.toPrecision(4)}</text>`,
    );
  svg.push(
    `<text x="${(L + W - R) / 2}" y="${H - 6}" text-anchor="middle" class="label">${esc(xl)}</text>`,
    `<text transform="translate(14 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle" class="label">${esc(yl)}</text>`,
  );
  return { x, y, svg };
}

const range = (v: number[]): [number, number] => {
  const f = v.filter(Number.isFinite);
  return f.length ? [Math.min(...f), Math.max(...f)] : [0, 1];
};

/** Best so far (the error of results.csv's `best` column) against time; the incumbent's point ringed. */
export function incumbentChart(v: DashboardView): string {
  const rows = v.incumbent;
  if (rows.length === 0) return `<p class="empty">No reports yet.</p>`;
  const end = Math.max(...rows.map((r) => r.runtime));
  const [lo, hi] = range(rows.map((r) => r.best));
  const f = frame(
    "best so far against time",
    "time (s)",
    v.mode === "max" ? "best error (1 − reward)" : "best loss",
    [0, end],
    [lo, hi + (hi - lo) * 0.05 || hi + 1],
  );
  let d = "";
  let prev: number | null = null;
  for (const r of rows) {
    d += prev === null ? `M${f.x(r.runtime)},${f.y(r.best)}` : `H${f.x(r.runtime)}V${f.y(r.best)}`;
    prev = r.best;
  }
  f.svg.push(`<path d="${d}" class="line"/>`);
  for (const r of rows)
    f.svg.push(
      `<circle cx="${f.x(r.runtime)}" cy="${f.y(r.best)}" r="1.5" class="pt" data-t="${r.runtime}" data-best="${r.best}" data-trial="${r.trialId}"/>`,
    );
  const inc = rows.find((r) => r.trialId === v.bestTrialId && r.error === r.best);
  if (inc)
    f.svg.push(
      `<circle cx="${f.x(inc.runtime)}" cy="${f.y(inc.best)}" r="6" class="incumbent"><title>incumbent: trial ${inc.trialId}</title></circle>`,
      `<text x="${f.x(inc.runtime) + 8}" y="${f.y(inc.best) - 8}" class="tick">trial ${inc.trialId}</text>`,
    );
  f.svg.push("</svg>");
  return f.svg.join("");
}

/** Every trial's reward by resource level, coloured by how it ended; rung levels drawn. */
export function curvesChart(v: DashboardView, shown: (t: TrialView) => boolean): string {
  const trials = v.trials.filter((t) => t.x.length > 0 && shown(t));
  if (trials.length === 0) return `<p class="empty">No learning curves yet.</p>`;
  const xs = trials.flatMap((t) => t.x);
  const [x0, x1] = range([...xs, ...v.levels]);
  const [y0, y1] = range(trials.flatMap((t) => t.y));
  const f = frame(
    "learning curves",
    "resource (epochs)",
    v.rewardAttr,
    [Math.max(x0, 1e-9), Math.max(x1, x0 + 1)],
    [y0, y1],
    x0 > 0,
  );
  for (const l of v.levels)
    f.svg.push(
      `<line x1="${f.x(l)}" y1="${T}" x2="${f.x(l)}" y2="${H - B}" class="rung"><title>rung ${l}</title></line>`,
    );
  for (const t of trials) {
    const pts = t.x.map((x, i) => `${f.x(x)},${f.y(t.y[i])}`).join(" ");
    const c = STATUS_COLORS[t.status] ?? "var(--fg)";
    f.svg.push(
      `<polyline points="${pts}" stroke="${c}" class="curve"><title>trial ${t.trialId} (${t.status})</title></polyline>`,
    );
    const [lx, ly] = [t.x[t.x.length - 1], t.y[t.y.length - 1]];
    const mark = t.status === "stopped" ? "✕" : t.status === "paused" ? "‖" : t.status === "completed" ? "●" : "";
    if (mark)
      f.svg.push(
        `<text x="${f.x(lx)}" y="${f.y(ly) + 4}" text-anchor="middle" fill="${c}" class="mark">${mark}</text>`,
      );
    // promotion: the trial resumed a paused config at a rung; its first report is marked ▲
    if (t.resumeFrom !== undefined)
      f.svg.push(
        `<text x="${f.x(t.x[0])}" y="${f.y(t.y[0]) + 4}" text-anchor="middle" fill="${c}" class="mark promoted">▲<title>trial ${t.trialId} promoted from rung ${t.resumeFrom}</title></text>`,
      );
  }
  f.svg.push("</svg>");
  return f.svg.join("");
}

/** Parallel coordinates: one axis per hyperparameter (log axes for log domains), lines coloured by reward. */
export function parallelChart(v: DashboardView, shown: (t: TrialView) => boolean): string {
  const trials = v.trials.filter((t) => Number.isFinite(t.best) && shown(t));
  if (trials.length === 0 || v.params.length === 0) return `<p class="empty">No finished trials to draw.</p>`;
  const n = v.params.length;
  const ax = (i: number) => L + (i / Math.max(1, n - 1)) * (W - L - R - 40);
  const [r0, r1] = range(trials.map((t) => t.best));
  const pos = v.params.map(({ domain: d }) => (value: unknown): number => {
    if (d.kind === "categorical") return d.choices.length > 1 ? d.choices.indexOf(value) / (d.choices.length - 1) : 0.5;
    if (d.kind === "bool") return value ? 1 : 0;
    const x = Number(value);
    return d.log ? Math.log(x / d.lower) / Math.log(d.upper / d.lower) : (x - d.lower) / (d.upper - d.lower || 1);
  });
  const y = (u: number) => T + (1 - u) * (H - T - B);
  const svg = [`<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="parallel coordinates" class="chart">`];
  const good = (t: TrialView) => (v.mode === "max" ? (t.best - r0) / (r1 - r0 || 1) : (r1 - t.best) / (r1 - r0 || 1));
  for (const t of [...trials].sort((a, b) => good(a) - good(b))) {
    const pts = v.params.map((p, i) => `${ax(i)},${y(pos[i](t.config[p.name]))}`).join(" ");
    svg.push(
      `<polyline points="${pts}" class="pc" style="stroke: hsl(${(good(t) * 120).toFixed(0)} 70% 45%)"><title>trial ${t.trialId}: ${esc(v.rewardAttr)} ${t.best.toPrecision(4)}</title></polyline>`,
    );
  }
  v.params.forEach((p, i) => {
    svg.push(
      `<line x1="${ax(i)}" y1="${T}" x2="${ax(i)}" y2="${H - B}" class="axis"/>`,
      `<text x="${ax(i)}" y="${H - B + 16}" text-anchor="middle" class="tick">${esc(p.name)}</text>`,
    );
  });
  svg.push(
    `<text x="${W - R}" y="${T + 10}" text-anchor="end" class="tick">green: best ${esc(v.rewardAttr)}</text></svg>`,
  );
  return svg.join("");
}

/** Horizontal bars of the importance scores, largest first. */
export function importanceChart(v: DashboardView): string {
  const s = [...v.importance.scores].sort((a, b) => b.score - a.score);
  if (s.length === 0) return `<p class="empty">No hyperparameters.</p>`;
  const max = Math.max(...s.map((x) => x.score), 1e-12);
  const rows = s
    .map(
      (x) =>
        `<tr><th scope="row">${esc(x.name)}</th><td><span class="bar" style="width:${((100 * x.score) / max).toFixed(1)}%"></span></td><td>${x.score.toPrecision(3)}</td></tr>`,
    )
    .join("");
  return `<p class="note">${esc(v.importance.method)}</p><table class="importance">${rows}</table>`;
}
