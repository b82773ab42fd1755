// The worker side of a worker pool, for any runtime: receives one trial at a time, runs the
// trainer with the reporter handshake carried over messages, and answers. The runtime supplies
// the port and how a trainer is found (Node: import a module URL; a Web Worker: its own registry).
import type { Trainer } from "../space/args.js";
import { serializeError } from "../schedulers/protocol.js";
import { runTrial } from "./trial.js";
import type { WorkerPort } from "./worker-messages.js";

export function serveTrials(
  port: WorkerPort,
  findTrainer: (module: string, exportName: string) => Promise<Trainer | undefined>,
): void {
  let trainer: Trainer | null = null;
  const waiting = new Map<number, (d: unknown) => void>();
  const t0 = performance.now();
  port.onMessage(async (m) => {
    switch (m.type) {
      case "init":
        try {
          const t = await findTrainer(m.module, m.exportName);
          if (!t || typeof t.fn !== "function") {
            throw new TypeError(`the export ${m.exportName} of ${m.module} is not a trainer made with args(spec, fn)`);
          }
          trainer = t;
          port.post({ type: "ready" });
        } catch (e) {
          port.post({ type: "init-error", error: serializeError(e) });
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
            port.post({ type: "checkpoint", key, state });
          },
          load: async <T>() => saved as T | undefined,
        };
        const decide = (result: Record<string, unknown>) =>
          new Promise<never>((resolve) => {
            waiting.set(request.trialId, resolve as (d: unknown) => void);
            port.post({ type: "report", trialId: request.trialId, result });
          });
        const outcome = await runTrial(
          trainer!.fn as never,
          request,
          decide,
          checkpoint,
          new AbortController().signal,
          () => (performance.now() - t0) / 1000,
        );
        port.post({ type: "done", trialId: request.trialId, outcome });
      }
    }
  });
}
