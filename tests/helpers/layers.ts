// DESIGN.md's layers as ranks: a file may import files of a lower rank, or of its own folder.
// The ground floor (errors, validate, random, logger, numeric) may import itself.

const RANKS: [RegExp, number, string][] = [
  [/^(index|node|edge|cli)\.ts$/, 8, "entry"],
  [/^tfjs\//, 7, "tfjs"],
  [/^runtime\//, 6, "runtime"],
  [/^node\//, 6, "node"],
  [/^dashboard\//, 6, "dashboard"],
  [/^schedulers\//, 5, "schedulers"],
  [/^searchers\//, 4, "searchers"],
  [/^gp\//, 3, "gp"],
  [/^space\//, 2, "space"],
  [/^optim\//, 2, "optim"],
  [/^data\//, 2, "data"],
  [/^results\//, 2, "results"],
  [/^wasm\//, 1, "wasm"],
  [/^(errors|validate|random|logger|numeric)\.ts$/, 0, "ground"],
];

export function layerOf(file: string): { rank: number; name: string } | undefined {
  for (const [re, rank, name] of RANKS) if (re.test(file)) return { rank, name };
  return undefined;
}

/** "from → to" for every import that does not point down (same-layer imports count only within one layer name). */
export function layerViolations(graph: Map<string, string[]>): string[] {
  const out: string[] = [];
  for (const [from, tos] of graph) {
    const a = layerOf(from);
    for (const to of tos) {
      const b = layerOf(to);
      if (!a || !b) continue;
      if (b.rank < a.rank || a.name === b.name) continue;
      out.push(`${from} → ${to}`);
    }
  }
  return out.sort();
}

/** Each strongly connected set of two or more files (or a file importing itself), sorted. */
export function importCycles(graph: Map<string, string[]>): string[][] {
  // Tarjan's algorithm
  let index = 0;
  const idx = new Map<string, number>(),
    low = new Map<string, number>(),
    on = new Set<string>();
  const stack: string[] = [],
    out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(comp.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out.sort((a, b) => a[0].localeCompare(b[0]));
}
