// The statistics the quality benchmarks report with (bench/stats.ts) and bench:mf's --versus
// printout (bench/mf-versus.ts), on hand-made numbers whose answers are worked out in the comments.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { pairShare, permutationP, quantile } from "../bench/stats.js";
import { mfVersus } from "../bench/mf-versus.js";
import { Rng } from "../src/random.js";

const test = suite("benchmark statistics");

test("quantile interpolates between order statistics, whatever the input order", () => {
  assert.is(quantile([3, 1, 2], 0.5), 2);
  assert.is(quantile([4, 1, 3, 2], 0.5), 2.5);
  // p = 0.25 over 5 values: position 1 of 0..4, the second smallest
  assert.is(quantile([50, 10, 40, 20, 30], 0.25), 20);
  // position 0.75 of 0..1: a quarter of the way from 1 to 5
  assert.is(quantile([5, 1], 0.75), 4);
});

test("--versus: the share of seed pairs one method wins, and its permutation p-value", () => {
  assert.is(pairShare([1, 2], [3, 4]), 1);
  assert.is(pairShare([3, 4], [1, 2]), 0);
  // (1, 1) ties and counts half; (1, 0), (3, 1) and (3, 0) are lost: 0.5 of 4 pairs
  assert.is(pairShare([1, 3], [1, 0]), 0.125);
  const low = Array.from({ length: 10 }, (_, i) => i);
  const high = low.map((v) => v + 10);
  // exactly 2 of the C(20, 10) = 184,756 labellings are as extreme: none in 10,000 draws here
  assert.is(permutationP(low, high, new Rng(1)), 0);
  // identical samples: every labelling is at least as extreme
  assert.is(permutationP([1, 1, 1], [1, 1, 1], new Rng(1)), 1);
  // interleaved samples (0, 2, 4, … against 1, 3, 5, …): P(A < B) = 0.55, far from significant
  const even = low.map((v) => 2 * v);
  const odd = even.map((v) => v + 1);
  assert.is(pairShare(even, odd), 0.55);
  assert.ok(permutationP(even, odd, new Rng(1)) > 0.5);
});

/** A seed's curve on bench:mf's 41-point grid: `early` up to 25 %, `mid` to 50 %, then `late`. */
const curve = (early: number, mid: number, late: number) =>
  Array.from({ length: 41 }, (_, i) => (i <= 10 ? early : i <= 20 ? mid : late));

test("bench:mf --versus reads 25, 50 and 100 % of the grid, per problem both methods ran", () => {
  const A = { name: "A", curves: [curve(0.3, 0.2, 0.1), curve(0.5, 0.2, 0.1), curve(0.4, 0.2, 0.1)] };
  const B = { name: "B", curves: [curve(0.1, 0.2, 0.6), curve(0.2, 0.2, 0.7), curve(0.15, 0.2, 0.8)] };
  const rows = mfVersus(
    [
      { problem: "p1", methods: [A, B] },
      { problem: "p2", methods: [A] }, // B never ran here: no row
    ],
    "A",
    "B",
  );
  assert.is(rows.length, 5);
  assert.is(rows[0], "A (A) against B (B): median regret A / B, P(A < B), permutation p.");
  assert.is(rows[2], "| problem | 25 % | 50 % | 100 % |");
  const cells = rows[4].split(" | ");
  assert.is(cells[0], "| p1 (3 / 3 seeds)");
  // 25 %: every A (0.3–0.5) is above every B (0.1–0.2); medians 0.4 and 0.15
  assert.ok(cells[1].startsWith("0.4000 / 0.1500, 0.00, p "), cells[1]);
  // 50 %: all six tie, so the share is one half and every relabelling is as extreme
  assert.is(cells[2], "0.2000 / 0.2000, 0.50, p 1.000");
  // 100 %: A wins every pair
  assert.ok(cells[3].startsWith("0.1000 / 0.7000, 1.00, p "), cells[3]);
});

test("bench:mf --versus names the methods when no problem holds both", () => {
  assert.throws(
    () => mfVersus([{ problem: "p1", methods: [{ name: "A", curves: [curve(0, 0, 0)] }] }], "A", "B"),
    (e: Error) => e.message === '--versus: no problem has results for both "A" and "B"',
  );
});

test.run();
