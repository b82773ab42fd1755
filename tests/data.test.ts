// Data loading (algorithms §8, algorithms §10.8): CSV and ARFF parsing, mean imputation, seeded
// stratified splits, standardization, and the letter split.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { ConfigError, Rng, loadLetter, parseCSV, splitData, standardize, toDataset } from "../src/node.js";
import { encodeNominal, nominalLabels, parseARFF } from "../src/data/arff.js";
import { stratifiedSample } from "../src/data/table.js";
import { assertClose, throwsExactly } from "./helpers/index.js";

const test = suite("data");

const arff = `% a comment
@relation 'tiny'
@attribute width numeric
@attribute colour {red, 'dark blue', green}
@attribute size INTEGER
@attribute class {B, A}
@data
1.5, red, 3, A
?, 'dark blue', 5, B
3.5, green, ?, A
`;

test("ARFF: numeric and nominal attributes, quoted labels, '?' imputed with the column mean, declared class order", () => {
  const t = parseARFF(arff);
  assert.is(t.relation, "tiny");
  assert.equal(
    t.attributes.map((a) => a.name),
    ["width", "colour", "size", "class"],
  );
  assert.equal(nominalLabels(t, "colour"), ["red", "dark blue", "green"]);
  const ds = toDataset(encodeNominal(t, "class"), "class", nominalLabels(t, "class"));
  assert.equal([...ds.y], [1, 0, 1]); // B = 0, A = 1 as declared
  assert.equal([...ds.X], [1.5, 0, 3, 2.5, 1, 5, 3.5, 2, 4]);
  throwsExactly(
    () => parseARFF("@relation x\n@attribute a string\n@data\n"),
    ConfigError,
    'The value of the type of attribute a is "string", but it must be numeric, real, integer or a nominal {…} list',
  );
  throwsExactly(
    () => parseARFF("@relation x\n@attribute a numeric\n@data\n1,2\n"),
    ConfigError,
    "The value of the number of fields on line 4 is 2, but it must be 1, the number of attributes",
  );
});

test("CSV with quotes; stratified sampling keeps class proportions and is seeded", () => {
  const t = parseCSV('a,b,c\n1,"x, y",z\n2,"q ""r""",w\n');
  assert.equal(t.rows, [
    ["1", "x, y", "z"],
    ["2", 'q "r"', "w"],
  ]);
  const y = Int32Array.from({ length: 1000 }, (_, i) => (i < 700 ? 0 : i < 900 ? 1 : 2));
  const a = stratifiedSample(y, 100, new Rng(1));
  const counts = [0, 0, 0];
  for (const i of a.picked) counts[y[i]]++;
  assert.equal(counts, [70, 20, 10]);
  assert.is(a.rest.length, 900);
  assert.equal([...stratifiedSample(y, 100, new Rng(1)).picked], [...a.picked]);
  assert.not.equal([...stratifiedSample(y, 100, new Rng(2)).picked], [...a.picked]);
});

test("the letter split: 2000 stratified test rows, 12060 / 5940, standardized with train statistics", () => {
  const s = loadLetter(1);
  assert.is(s.train.n, 12060);
  assert.is(s.valid.n, 5940);
  assert.is(s.test.n, 2000);
  assert.is(s.nClasses, 26);
  const perClass = new Array(26).fill(0);
  for (const c of s.test.y) perClass[c]++;
  // letter's classes have 734…813 rows: 2000·734/20000 ≈ 73.4 … 81.3
  for (const c of perClass) assert.ok(c >= 73 && c <= 82, `test rows per class ${c}`);
  for (let j = 0; j < 16; j++) {
    let m = 0,
      v = 0;
    for (let i = 0; i < s.train.n; i++) m += s.train.X[i * 16 + j];
    m /= s.train.n;
    for (let i = 0; i < s.train.n; i++) v += (s.train.X[i * 16 + j] - m) ** 2;
    assertClose(m, 0, 1e-5, `mean of column ${j}`);
    assertClose(Math.sqrt(v / s.train.n), 1, 1e-4, `std of column ${j}`);
  }
  const again = loadLetter(1);
  assert.equal(Array.from(again.valid.y.slice(0, 50)), Array.from(s.valid.y.slice(0, 50)));
});

// 30 rows, classes a (20 rows) and b (10 rows); feature x = row number, so rows can be traced
const thirty = parseCSV(
  `x,label\n${Array.from({ length: 30 }, (_, i) => `${i},${i % 3 === 0 ? "b" : "a"}`).join("\n")}`,
);

test("splitData: a stratified test sample first, then a seeded validation share of the rest, standardized on train", () => {
  const s = splitData(thirty, { target: "label", test: 0.2, valid: 0.25, seed: 3 });
  assert.is(s.test.n, 6); // 0.2 · 30
  assert.equal([...s.test.y].filter((c) => c === 1).length, 2); // b keeps its third
  assert.is(s.valid.n, 6); // ceil(0.25 · 24)
  assert.is(s.train.n, 18);
  assert.is(s.nClasses, 2);
  assertClose(s.train.X.reduce((a, b) => a + b, 0) / s.train.n, 0, 1e-6, "train mean");
  // every row lands in exactly one set (x is distinct per row, and one scaling maps all three)
  const all = [...s.train.X, ...s.valid.X, ...s.test.X];
  assert.is(new Set(all.map((v) => v.toFixed(4))).size, 30);
  // the same seed gives the same split; another seed another one
  assert.equal([...splitData(thirty, { target: "label", test: 0.2, valid: 0.25, seed: 3 }).valid.X], [...s.valid.X]);
  assert.not.equal(
    [...splitData(thirty, { target: "label", test: 0.2, valid: 0.25, seed: 4 }).valid.X],
    [...s.valid.X],
  );
  // without test rows everything is train or valid (default valid share 0.33: ceil(9.9) = 10)
  const noTest = splitData(thirty, { target: "label" });
  assert.is(noTest.test.n, 0);
  assert.is(noTest.valid.n, 10);
  assert.is(noTest.train.n, 20);
  assert.is(splitData(thirty, { target: "label", test: 5 }).test.n, 5);
});

test("splitData: bad options name the value and the rule", () => {
  throwsExactly(
    () => splitData(thirty, { target: "label", valid: 1 }),
    ConfigError,
    "The value of valid is 1, but it must be a fraction in (0, 1)",
  );
  throwsExactly(
    () => splitData(thirty, { target: "label", test: 2.5 }),
    ConfigError,
    "The value of test is 2.5, but it must be a fraction in [0, 1) or a whole number of rows",
  );
  throwsExactly(
    () => splitData(thirty, { target: "label", test: 29 }),
    ConfigError,
    "The value of test is 29, but it must be small enough to leave at least 2 of the 30 rows for training and validation",
  );
  throwsExactly(
    () => splitData(thirty, { target: "class" }),
    ConfigError,
    'The value of target is "class", but it must be a column of the table (x, label)',
  );
});

test("standardize adds 1e-10 to the std, so constant columns stay finite", () => {
  const t = toDataset(parseCSV("a,c\n2,x\n2,y\n"), "c");
  standardize(t);
  assert.equal([...t.X], [0, 0]);
});

test.run();
