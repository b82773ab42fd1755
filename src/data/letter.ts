// The tutorial's data set, split as algorithms §10.8 says: a stratified 2,000-row test set held
// out, the other 18,000 rows shuffled into 12,060 train / 5,940 validation (ceil(0.33·18000)),
// standardized with the train statistics. `text` is data/letter.csv (shipped with the package).
import { Rng } from "../random.js";
import { type Dataset, parseCSV, shuffled, standardize, stratifiedSample, subset, toDataset } from "./table.js";

export interface LetterSplit {
  train: Dataset;
  valid: Dataset;
  test: Dataset;
  nClasses: number;
}

export function splitLetter(text: string, seed = 1): LetterSplit {
  const all = toDataset(parseCSV(text), "class");
  const rng = new Rng(seed);
  const { picked, rest } = stratifiedSample(all.y, 2000, rng);
  const p = shuffled(rest.length, rng);
  const nValid = Math.ceil(0.33 * rest.length);
  const valid = subset(
    all,
    Array.from(p.subarray(0, nValid), (i) => rest[i]),
  );
  const train = subset(
    all,
    Array.from(p.subarray(nValid), (i) => rest[i]),
  );
  const test = subset(all, picked);
  standardize(train, valid, test);
  return { train, valid, test, nClasses: all.classes.length };
}
