// Runs inside the searcher thread (Node): a copy of the run's searcher (algorithms §6.12).
import { parentPort } from "node:worker_threads";
import { serveSearcher } from "../../searchers/thread-serve.js";
import type { ToSearcher } from "../../searchers/thread-messages.js";

const port = parentPort!;
serveSearcher({ post: (m) => port.postMessage(m), onMessage: (f) => port.on("message", (m: ToSearcher) => f(m)) });
