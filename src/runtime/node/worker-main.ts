// Runs inside a worker thread: imports the trainer module once, then runs one trial at a time
// with the reporter handshake carried over messages.
import { parentPort } from "node:worker_threads";
import type { Trainer } from "../../space/args.js";
import { serializeError } from "../../schedulers/protocol.js";
import { runTrial } from "../trial.js";
import type { FromWorker, ToWorker } from "./messages.js";

const port = parentPort!;
const send = (m: FromWorker) => port.postMessage(m);
let trainer: Trainer | null = null;
const waiting = new Map<number, (d: unknown) => void>();
const t0 = performance.now();

port.on("message", async (m: ToWorker) => {
  switch (m.type) {
    case "init":
      try {
        const mod = await import(m.module);
        const t = mod[m.exportName] as Trainer | undefined;
        if (!t || typeof t.fn !== "function") {
          throw new TypeError(`the export ${m.exportName} of ${m.module} is not a trainer made with args(spec, fn)`);
        }
        trainer = t;
        send({ type: "ready" });
      } catch (e) {
        send({ type: "init-error", error: serializeError(e) });
      }
      return;
    case "decision":
      waiting.get(m.trialId)?.(m.decision);
      waiting.delete(m.trialId);
      return;
    case "start": {
      const { request } = m;
      const key = request.checkpointKey ?? String(request.trialId);
      let saved = m.checkpoint;
      const checkpoint = {
        save: async (state: unknown) => {
          saved = state;
          send({ type: "checkpoint", key, state });
        },
        load: async <T>() => saved as T | undefined,
      };
      const decide = (result: Record<string, unknown>) =>
        new Promise<never>((resolve) => {
          waiting.set(request.trialId, resolve as (d: unknown) => void);
          send({ type: "report", trialId: request.trialId, result });
        });
      const outcome = await runTrial(trainer!.fn as never, request, decide, checkpoint, new AbortController().signal, () => (performance.now() - t0) / 1000);
      send({ type: "done", trialId: request.trialId, outcome });
    }
  }
});
