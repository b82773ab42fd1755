// ARFF, the format OpenML serves: @relation, @attribute lines (numeric / real / integer, or a
// nominal {a, b, c} list), @data rows with '?' for missing values. Nominal features become their
// index in the declared list; the declared order of the target's labels is kept (algorithms §8).
import { ConfigError, invalid } from "../errors.js";
import type { Table } from "./table.js";

export interface ArffAttribute {
  name: string;
  /** Declared labels of a nominal attribute; undefined for numeric ones. */
  nominal?: string[];
}

export interface ArffTable extends Table {
  relation: string;
  attributes: ArffAttribute[];
}

function splitFields(line: string): string[] {
  const out: string[] = [];
  let cur = "",
    quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === "\\" && i + 1 < line.length) cur += line[++i];
      else if (ch === quote) quote = null;
      else cur += ch;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === ",") out.push(cur.trim()), (cur = "");
    else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

export function parseARFF(text: string): ArffTable {
  const lines = text.split(/\r?\n/);
  let relation = "";
  const attributes: ArffAttribute[] = [];
  const rows: string[][] = [];
  let inData = false;
  lines.forEach((raw, ln) => {
    const line = raw.trim();
    if (!line || line.startsWith("%")) return;
    if (!inData) {
      const lower = line.toLowerCase();
      if (lower.startsWith("@relation"))
        relation = line
          .slice(9)
          .trim()
          .replace(/^['"]|['"]$/g, "");
      else if (lower.startsWith("@attribute")) {
        const m = /^@attribute\s+('[^']*'|"[^"]*"|\S+)\s+(.*)$/i.exec(line);
        if (!m) throw invalid(`line ${ln + 1}`, line, "an @attribute declaration: @attribute <name> <type>");
        const name = m[1].replace(/^['"]|['"]$/g, "");
        const type = m[2].trim();
        if (type.startsWith("{")) attributes.push({ name, nominal: splitFields(type.slice(1, type.lastIndexOf("}"))) });
        else if (/^(numeric|real|integer)$/i.test(type)) attributes.push({ name });
        else throw invalid(`the type of attribute ${name}`, type, "numeric, real, integer or a nominal {…} list");
      } else if (lower.startsWith("@data")) inData = true;
      return;
    }
    if (line.startsWith("{")) throw new ConfigError(`line ${ln + 1} is a sparse ARFF row, which is not supported`);
    const f = splitFields(line);
    if (f.length !== attributes.length)
      throw invalid(
        `the number of fields on line ${ln + 1}`,
        f.length,
        `${attributes.length}, the number of attributes`,
      );
    rows.push(f);
  });
  if (!inData) throw new ConfigError("The ARFF text has no @data section");
  // nominal features → their index (as text, so the table stays uniform); '?' stays missing
  const header = attributes.map((a) => a.name);
  return { relation, attributes, header, rows };
}

/** Declared labels of a nominal attribute (the class order of algorithms §8). */
export function nominalLabels(t: ArffTable, name: string): string[] {
  const a = t.attributes.find((x) => x.name === name);
  if (!a?.nominal) throw invalid("target", name, "a nominal attribute of the ARFF table");
  return a.nominal;
}

/** The table with nominal non-target columns replaced by their label index. */
export function encodeNominal(t: ArffTable, target: string): Table {
  const rows = t.rows.map((r) =>
    r.map((v, j) => {
      const a = t.attributes[j];
      if (!a.nominal || a.name === target || v === "?") return v;
      const k = a.nominal.indexOf(v);
      if (k < 0) throw invalid(`${a.name}`, v, `one of its declared labels {${a.nominal.join(", ")}}`);
      return String(k);
    }),
  );
  return { header: t.header, rows };
}
