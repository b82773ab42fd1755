// The tutorial's data set, split as algorithms §10.8 says: a stratified 2,000-row test set held
// out, the other 18,000 rows shuffled into 12,060 train / 5,940 validation (ceil(0.33·18000)),
// standardized with the train statistics. `text` is data/letter.csv (shipped with the package).
import { type DataSplit, splitData } from "./split.js";
import { parseCSV } from "./table.js";

export type LetterSplit = DataSplit;

export function splitLetter(text: string, seed = 1): LetterSplit {
  return splitData(parseCSV(text), { target: "class", test: 2000, valid: 0.33, seed });
}
