// Your own table → train / validation (/ test) sets a trainer can use: the general form of the
// tutorial's letter split (algorithms §10.8). The test rows are a stratified sample, so every class
// keeps its share; the validation rows are a seeded shuffle of the rest; features are standardized
// with the train rows' statistics only, so nothing about validation or test leaks into training.
import { invalid } from "../errors.js";
import { Rng } from "../random.js";
import { checkInt } from "../validate.js";
import { type Dataset, type Table, shuffled, standardize, stratifiedSample, subset, toDataset } from "./table.js";

export interface DataSplit {
  train: Dataset;
  valid: Dataset;
  /** Held out from the search: empty (n = 0) unless `test` was asked for. */
  test: Dataset;
  nClasses: number;
}

export interface SplitOptions {
  /** The column holding the class label. */
  target: string;
  /** Fraction of the non-test rows used for validation, in (0, 1); default 0.33 (the tutorial's). */
  valid?: number;
  /** Test rows held out first: a fraction in (0, 1) or a row count; default 0 (none). */
  test?: number;
  /** Class order (codes 0, 1, …); default: the sorted labels. */
  classes?: string[];
  /** Seeds the test sample and the shuffle; default 1. */
  seed?: number;
}

/** Splits a parsed table (`parseCSV`, `parseARFF`) or a dataset into standardized train / valid / test. */
export function splitData(data: Table | Dataset, options: SplitOptions): DataSplit {
  const all = "header" in data ? toDataset(data, options.target, options.classes) : data;
  const validFraction = options.valid ?? 0.33;
  if (!(validFraction > 0 && validFraction < 1)) throw invalid("valid", validFraction, "a fraction in (0, 1)");
  const testOption = options.test ?? 0;
  if (!(testOption >= 0 && Number.isFinite(testOption)) || (testOption >= 1 && !Number.isInteger(testOption)))
    throw invalid("test", testOption, "a fraction in [0, 1) or a whole number of rows");
  const nTest = testOption < 1 ? Math.round(testOption * all.n) : testOption;
  const seed = options.seed ?? 1;
  checkInt("seed", seed, 0);
  if (all.n - nTest < 2)
    throw invalid(
      "test",
      testOption,
      `small enough to leave at least 2 of the ${all.n} rows for training and validation`,
    );
  const rng = new Rng(seed);
  let test: Int32Array, rest: Int32Array;
  if (nTest > 0) ({ picked: test, rest } = stratifiedSample(all.y, nTest, rng));
  else (test = new Int32Array(0)), (rest = Int32Array.from({ length: all.n }, (_, i) => i));
  const p = shuffled(rest.length, rng);
  const nValid = Math.min(rest.length - 1, Math.max(1, Math.ceil(validFraction * rest.length)));
  const valid = subset(
    all,
    Array.from(p.subarray(0, nValid), (i) => rest[i]),
  );
  const train = subset(
    all,
    Array.from(p.subarray(nValid), (i) => rest[i]),
  );
  const testSet = subset(all, test);
  standardize(train, valid, testSet);
  return { train, valid, test: testSet, nClasses: all.classes.length };
}
