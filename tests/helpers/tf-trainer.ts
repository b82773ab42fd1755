// A small letter split and the tfjs trainer over it, importable by worker threads.
import { loadLetter, type LetterSplit } from "../../src/node.js";
import { subset } from "../../src/data/table.js";
import { letterTrainer } from "../../src/tfjs/index.js";

let small: LetterSplit | null = null;
export function smallLetter(): LetterSplit {
  if (small) return small;
  const full = loadLetter(1);
  const take = (n: number) => Array.from({ length: n }, (_, i) => i);
  small = {
    train: subset(full.train, take(3000)),
    valid: subset(full.valid, take(1000)),
    test: subset(full.test, take(500)),
    nClasses: full.nClasses,
  };
  return small;
}

export const smallTrainer = letterTrainer(smallLetter, { epochs: 3 });
