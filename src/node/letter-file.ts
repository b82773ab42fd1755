// Node-only: reads the shipped data/letter.csv and splits it (algorithms §10.8).
import { readFileSync } from "node:fs";
import { type LetterSplit, splitLetter } from "../data/letter.js";

const csv = new URL(
  import.meta.url.includes("/dist/") ? "../data/letter.csv" : "../../data/letter.csv",
  import.meta.url,
);

export function loadLetter(seed = 1): LetterSplit {
  return splitLetter(readFileSync(csv, "utf8"), seed);
}
