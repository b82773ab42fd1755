// Web Workers as the searcher thread (browsers; algorithms §6.12). The page calls
// `webSearcherThreads({ script })` once; the script loads hyperwasm and calls `serveWebSearcher()`.
import { serveSearcher } from "../searchers/thread-serve.js";
import type { FromSearcher, SearcherPort, ToSearcher } from "../searchers/thread-messages.js";
import { installSearcherThreads } from "./driver.js";
import { startWebWorker, workerScope } from "./web-worker.js";

export interface WebSearcherThreadOptions {
  /** The worker script's URL (it calls `hyperwasm.serveWebSearcher()`). */
  script: URL | string;
  /** 'classic' (importScripts) or 'module'. Default 'classic'. */
  type?: "classic" | "module";
}

/** From now on, run() on this page makes GP decisions in a Web Worker running `script`. */
export function webSearcherThreads(options: WebSearcherThreadOptions): void {
  installSearcherThreads((): SearcherPort => {
    const w = startWebWorker(options.script, options.type ?? "classic");
    return {
      post: (m: ToSearcher) => w.postMessage(m),
      onMessage: (f) => w.addEventListener("message", (e) => f(e.data as FromSearcher)),
      onFailure: (f) => w.addEventListener("error", (e) => f(`the Web Worker threw: ${e.message ?? "an error"}`)),
      terminate: () => w.terminate(),
    };
  });
}

/** Call inside the searcher thread's Web Worker script. */
export function serveWebSearcher(): void {
  serveSearcher(workerScope<ToSearcher, FromSearcher>());
}
