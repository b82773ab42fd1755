// Node's worker_threads as the searcher thread (algorithms §6.12). The thread is unref'd: a run
// that ends without closing it never keeps the process alive.
import { Worker } from "node:worker_threads";
import type { FromSearcher, SearcherPort, ToSearcher } from "../../searchers/thread-messages.js";

// Built: dist/searcher-main.js beside this bundle. From source (tests run TypeScript through tsx),
// the thread first registers tsx's loader, as ./worker-pool.ts does for trial workers.
const fromSource = import.meta.url.endsWith(".ts");
const file = new URL(fromSource ? "./searcher-main.ts" : "./searcher-main.js", import.meta.url);

export function nodeSearcherThread(): SearcherPort {
  const boot = `import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(file.href)}); })`;
  const w = fromSource ? new Worker(boot, { eval: true }) : new Worker(file);
  w.unref();
  let closed = false;
  return {
    post: (m: ToSearcher) => w.postMessage(m),
    onMessage: (f) => w.on("message", (m: FromSearcher) => f(m)),
    onFailure: (f) => {
      w.on("error", (e) => f(`it threw: ${e.message}`));
      w.on("exit", (code) => closed || f(`it exited with code ${code}`));
    },
    terminate: () => {
      closed = true;
      void w.terminate();
    },
  };
}
