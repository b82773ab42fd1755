// The searcher thread's side (algorithms §6.12): a copy of the run's searcher, built from the same
// name and options, that replays the main thread's data calls in order and answers each
// "prepare" with the config its getConfig proposes and the fitted state it used. Its Wasm module
// is its own, so a GP fit here never blocks the thread that serves the trainers.
import { silentLogger } from "../logger.js";
import { Rng } from "../random.js";
import { SearchSpace } from "../space/space.js";
import { gpLoad } from "../gp/wasm.js";
import { createSearcher } from "./factory.js";
import type { Searcher } from "./searcher.js";
import type { FromSearcher, SearcherCall, ToSearcher } from "./thread-messages.js";

export interface SearcherThreadPort {
  post(message: FromSearcher): void;
  onMessage(listener: (m: ToSearcher) => void): void;
}

function apply(s: Searcher, c: SearcherCall): void {
  if (c.method === "update") s.update(...c.args);
  else if (c.method === "registerPending") s.registerPending(...c.args);
  else if (c.method === "evaluationFailed") s.evaluationFailed(...c.args);
  else if (c.method === "dropPending") s.dropPending?.(...c.args);
  else if (c.method === "removeCase") s.removeCase?.(...c.args);
  else s.adopt?.(...c.args);
}

export function serveSearcher(port: SearcherThreadPort): void {
  let searcher: Searcher | null = null;
  port.onMessage((m) => {
    try {
      if (m.type === "init") {
        const { init } = m;
        gpLoad(init.module);
        searcher = createSearcher(
          init.name,
          {
            space: new SearchSpace(init.domains),
            rng: new Rng(init.seed),
            logger: silentLogger,
            debugLog: false,
            scheduler: init.scheduler,
            minResource: init.minResource,
            maxResource: init.maxResource,
          },
          init.options,
        );
        // the state's generator is the main thread's: the thread keeps its own seed
        if (init.state !== null) {
          const rng = (searcher.state() as { rng: unknown }).rng;
          searcher.restore({ ...(init.state as object), rng });
        }
      } else if (m.type === "calls") {
        for (const c of m.calls) apply(searcher!, c);
      } else {
        const t0 = performance.now();
        const config = searcher!.getConfig(m.ctx);
        const fitted = searcher!.fitted?.() ?? {};
        port.post({ type: "prepared", id: m.id, config, note: searcher!.lastNote, fitted, ms: performance.now() - t0 });
      }
    } catch (e) {
      const { name, message } = e instanceof Error ? e : { name: "Error", message: String(e) };
      port.post({ type: "error", error: { name, message } });
    }
  });
}
