// A small dependency-free SVG line plot (web-standard: returns a string), for incumbent traces
// and benchmark curves. Log-scaled y is supported for regrets.

export interface Series {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

export interface PlotOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  logY?: boolean;
  width?: number;
  height?: number;
  /** Fixed axis ranges (values outside are clipped); default: the data's range. */
  xDomain?: [number, number];
  yDomain?: [number, number];
  /** Draw each series as a step function (an incumbent trace). */
  steps?: boolean;
}

const COLORS = [
  "#1f77b4",
  "#d62728",
  "#2ca02c",
  "#ff7f0e",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#17becf",
  "#7f7f7f",
  "#bcbd22",
];

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function ticks(lo: number, hi: number, count: number): number[] {
  const span = hi - lo || 1;
  const step = 10 ** Math.floor(Math.log10(span / count));
  const nice = [1, 2, 5, 10].map((m) => m * step).find((s) => span / s <= count) ?? step * 10;
  const out: number[] = [];
  for (let v = Math.ceil(lo / nice) * nice; v <= hi + 1e-12; v += nice) out.push(Number(v.toPrecision(12)));
  return out;
}

/**
 * Log-axis ticks between 10^lo and 10^hi (data values): decades, or 1-2-5 in each decade, or
 * every digit, whichever first gives at least three.
 */
function logTicks(lo: number, hi: number): number[] {
  let out: number[] = [];
  for (const mults of [[1], [1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]]) {
    out = [];
    for (let e = Math.floor(lo); e <= Math.ceil(hi); e++) {
      for (const m of mults) {
        const t = Math.log10(m) + e;
        if (t >= lo - 1e-9 && t <= hi + 1e-9) out.push(Number((m * 10 ** e).toPrecision(6)));
      }
    }
    if (out.length >= 3) break;
  }
  return out;
}

/** 0.05, 2, 300 as they are; very small or large values as 5e-7. */
function logLabel(v: number): string {
  if (v >= 1e-3 && v < 1e5) return String(v);
  const e = Math.floor(Math.log10(v));
  return `${Number((v / 10 ** e).toPrecision(3))}e${e}`;
}

export function linePlot(series: Series[], o: PlotOptions = {}): string {
  const W = o.width ?? 640,
    H = o.height ?? 400,
    L = 70,
    R = 150,
    T = 36,
    B = 50;
  const tf = (v: number) => (o.logY ? Math.log10(Math.max(v, 1e-300)) : v);
  const xs = series.flatMap((s) => Array.from(s.x));
  const ys = series.flatMap((s) => Array.from(s.y).filter(Number.isFinite).map(tf));
  const [x0, x1] = o.xDomain ?? [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = o.yDomain ? [tf(o.yDomain[0]), tf(o.yDomain[1])] : [Math.min(...ys), Math.max(...ys)];
  if (y0 === y1) (y0 -= 1), (y1 += 1);
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  const px = (x: number) => L + clamp((x - x0) / (x1 - x0 || 1), 0, 1) * (W - L - R);
  const py = (y: number) => T + (1 - clamp((tf(y) - y0) / (y1 - y0), 0, 1)) * (H - T - B);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
  ];
  if (o.title)
    parts.push(`<text x="${(L + W - R) / 2}" y="20" text-anchor="middle" font-size="14">${esc(o.title)}</text>`);
  parts.push(
    `<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="black"/>`,
    `<line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="black"/>`,
  );
  for (const t of ticks(x0, x1, 6)) {
    parts.push(
      `<line x1="${px(t)}" y1="${H - B}" x2="${px(t)}" y2="${H - B + 4}" stroke="black"/><text x="${px(t)}" y="${H - B + 16}" text-anchor="middle">${t}</text>`,
    );
  }
  const yt = o.logY ? logTicks(y0, y1) : ticks(y0, y1, 6);
  for (const v of yt) {
    const label = o.logY ? logLabel(v) : String(v);
    parts.push(
      `<line x1="${L - 4}" y1="${py(v)}" x2="${W - R}" y2="${py(v)}" stroke="#ddd"/><text x="${L - 6}" y="${py(v) + 4}" text-anchor="end">${label}</text>`,
    );
  }
  if (o.xLabel) parts.push(`<text x="${(L + W - R) / 2}" y="${H - 12}" text-anchor="middle">${esc(o.xLabel)}</text>`);
  if (o.yLabel)
    parts.push(
      `<text transform="translate(16 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`,
    );
  series.forEach((s, k) => {
    const c = COLORS[k % COLORS.length];
    const pts: string[] = [];
    for (let i = 0; i < s.x.length; i++) {
      if (!Number.isFinite(s.y[i])) continue;
      if (o.steps && pts.length) pts.push(`${px(s.x[i]).toFixed(1)},${py(s.y[i - 1]).toFixed(1)}`);
      pts.push(`${px(s.x[i]).toFixed(1)},${py(s.y[i]).toFixed(1)}`);
    }
    parts.push(`<polyline fill="none" stroke="${c}" stroke-width="2" points="${pts.join(" ")}"/>`);
    parts.push(
      `<line x1="${W - R + 10}" y1="${T + 8 + 18 * k}" x2="${W - R + 30}" y2="${T + 8 + 18 * k}" stroke="${c}" stroke-width="2"/><text x="${W - R + 36}" y="${T + 12 + 18 * k}">${esc(s.name)}</text>`,
    );
  });
  parts.push("</svg>");
  return parts.join("\n");
}
