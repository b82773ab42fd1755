// MOBSTER's kept model of the loss at maxT (algorithms §5.8): the last BO step's posterior mean
// with the resource input fixed at maxT, and its predictions cached by config key. A rung asks for
// all of its configs at each stop decision; only configs new since the model changed cost a
// prediction. A searcher thread (algorithms §6.12) sends its model with every config, together with
// its predictions for every labeled config, so the main thread only looks them up.
import { MeanModel, type MeanModelState } from "../gp/mean-model.js";
import type { SearchSpace } from "../space/space.js";
import type { Shape } from "../validate.js";

export interface MaxTModelState {
  mean: MeanModelState;
  maxTail: number;
}

/** What the model sends to another thread: typed arrays (cheap to copy) and the predictions made. */
export interface MaxTModelExport {
  X: Float64Array;
  alpha: Float64Array;
  ext: Float64Array;
  d: number;
  maxTail: number;
  keys: string[];
  values: Float64Array;
}

export const MAXT_MODEL_SHAPE: Shape = {
  either: [
    { check: (v) => v === null || v === undefined, rule: "null" }, // absent in states saved before it
    {
      fields: {
        mean: { fields: { X: { list: "number" }, alpha: { list: "number" }, ext: { list: "number" }, d: "int" } },
        maxTail: "number",
      },
    },
  ],
};

export class MaxTModel {
  private readonly predicted = new Map<string, number>();

  /** `mean` models the normalized criterion over (config, resource); `maxTail` is maxT, encoded. */
  constructor(
    private readonly space: SearchSpace,
    readonly mean: MeanModel,
    readonly maxTail: number,
  ) {}

  /** Predicted criterion at maxT per config key (normalized units: only the order means anything). */
  predict(keys: readonly string[]): Float64Array {
    const D = this.space.dim + 1;
    const todo = [...new Set(keys.filter((k) => !this.predicted.has(k)))];
    if (todo.length > 0) {
      const Q = new Float64Array(todo.length * D);
      todo.forEach((k, i) => {
        this.space.encode(this.space.fromKey(k), Q, i * D);
        Q[i * D + D - 1] = this.maxTail;
      });
      const mean = this.mean.predict(Q, todo.length);
      todo.forEach((k, i) => this.predicted.set(k, mean[i]));
    }
    return Float64Array.from(keys, (k) => this.predicted.get(k)!);
  }

  /** The model and its predictions for `keys` (the labeled configs'), for the main thread. */
  export(keys: readonly string[]): MaxTModelExport {
    const values = this.predict(keys);
    const { X, alpha, ext, d } = this.mean;
    return { X, alpha, ext, d, maxTail: this.maxTail, keys: [...keys], values };
  }

  static import(space: SearchSpace, e: MaxTModelExport): MaxTModel {
    const m = new MaxTModel(space, new MeanModel(e.X, e.alpha, e.d, e.ext), e.maxTail);
    e.keys.forEach((k, i) => m.predicted.set(k, e.values[i]));
    return m;
  }

  state(): MaxTModelState {
    return { mean: this.mean.state(), maxTail: this.maxTail };
  }

  static restore(space: SearchSpace, s: MaxTModelState): MaxTModel {
    return new MaxTModel(space, MeanModel.restore(s.mean), s.maxTail);
  }
}
