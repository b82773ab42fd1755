// YAHPO Gym's lcbench surrogate (bench/yahpo/README.md) evaluated with onnxruntime-web in Node:
// for a config and a task, the 52-epoch curve of validation accuracy and cumulative training
// time, in one model call. Bench code only (onnxruntime-web is a dev dependency).
import { readFileSync } from "node:fs";
import * as ort from "onnxruntime-web";

const dir = new URL("./", import.meta.url);
export const EPOCHS = 52;
export const TASKS: string[] = Object.keys(
  (JSON.parse(readFileSync(new URL("encoding.json", dir), "utf8")) as { OpenML_task_id: Record<string, number> })
    .OpenML_task_id,
);
const code = (
  JSON.parse(readFileSync(new URL("encoding.json", dir), "utf8")) as { OpenML_task_id: Record<string, number> }
).OpenML_task_id;

export interface LcConfig {
  batch_size: number;
  learning_rate: number;
  momentum: number;
  weight_decay: number;
  num_layers: number;
  max_units: number;
  max_dropout: number;
}

export interface Curve {
  /** Validation accuracy in [0, 1] per epoch 1..52. */
  acc: Float64Array;
  /** Cumulative training seconds per epoch, made non-decreasing (a running maximum: the model's raw time is not always monotone). */
  time: Float64Array;
}

let session: Promise<ort.InferenceSession> | null = null;
function model(): Promise<ort.InferenceSession> {
  ort.env.wasm.numThreads = 1; // deterministic and cheap; the simulation is single-threaded anyway
  session ??= ort.InferenceSession.create(readFileSync(new URL("model.onnx", dir)));
  return session;
}

/**
 * The surrogate's values for epochs first..last (1-based) of one config on one task, in one model
 * call: validation accuracy in [0, 1] and the raw cumulative time (seconds).
 */
export async function epochs(
  task: string,
  c: LcConfig,
  first: number,
  last: number,
): Promise<{ acc: number[]; time: number[] }> {
  const id = code[task];
  if (id === undefined) throw new Error(`unknown lcbench task ${task} (known: ${TASKS.join(", ")})`);
  const rows = last - first + 1;
  const cont = new Float32Array(rows * 8);
  for (let i = 0; i < rows; i++)
    cont.set(
      [first + i, c.batch_size, c.learning_rate, c.momentum, c.weight_decay, c.num_layers, c.max_units, c.max_dropout],
      i * 8,
    );
  const s = await model();
  const out = await s.run({
    x_cat: new ort.Tensor("int32", new Int32Array(rows).fill(id), [rows, 1]),
    x_cont: new ort.Tensor("float32", cont, [rows, 8]),
  });
  const y = out.output.data as Float32Array;
  return {
    acc: Array.from({ length: rows }, (_, i) => y[i * 6 + 1] / 100),
    time: Array.from({ length: rows }, (_, i) => y[i * 6]),
  };
}

/** The whole 52-epoch curve, time made non-decreasing (a running maximum: the raw time is not always monotone). */
export async function curve(task: string, c: LcConfig): Promise<Curve> {
  const { acc, time } = await epochs(task, c, 1, EPOCHS);
  let t = 0;
  return { acc: Float64Array.from(acc), time: Float64Array.from(time, (v) => (t = Math.max(t, v))) };
}

/** Per task, the val_accuracy min and max of instance_target_statistics.csv (as fractions). */
export function statistics(): Record<string, { min: number; max: number }> {
  const out: Record<string, { min: number; max: number }> = {};
  for (const line of readFileSync(new URL("instance_target_statistics.csv", dir), "utf8")
    .trim()
    .split(/\r?\n/)
    .slice(1)) {
    const [metric, stat, value, , task] = line.trim().split(",");
    if (metric !== "val_accuracy") continue;
    out[task] ??= { min: Number.NaN, max: Number.NaN };
    out[task][stat as "min" | "max"] = Number(value) / 100;
  }
  return out;
}
