// Runs inside a worker thread (Node): the trainer is an export of a module URL.
import { parentPort } from "node:worker_threads";
import type { Trainer } from "../../space/args.js";
import { serveTrials } from "../worker-serve.js";
import type { FromWorker, ToWorker } from "../worker-messages.js";

const port = parentPort!;
serveTrials(
  { post: (m: FromWorker) => port.postMessage(m), onMessage: (f: (m: ToWorker) => void) => port.on("message", f) },
  async (module, exportName) => (await import(module))[exportName] as Trainer | undefined,
);
