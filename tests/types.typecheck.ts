// Type tests, checked by `tsc --noEmit` (part of `npm test`), not run: the config type a
// trainer receives is inferred from the spec given to args().
import { args, bool, categorical, int, real } from "../src/index.js";

declare function expectType<T>(value: T): void;

args(
  { lr: real(1e-6, 1, { log: true }), units: int(16, 128), act: categorical("relu", "tanh"), bn: bool(), epochs: 9 },
  async (cfg, reporter) => {
    expectType<number>(cfg.lr);
    expectType<number>(cfg.units);
    expectType<"relu" | "tanh">(cfg.act);
    expectType<boolean>(cfg.bn);
    expectType<number>(cfg.epochs);
    // @ts-expect-error: a categorical of strings is not a number
    expectType<number>(cfg.act);
    // @ts-expect-error: not in the spec
    void cfg.missing;
    const d: "continue" = await reporter({ epoch: 1, objective: 0.5 });
    void d;
  },
);
