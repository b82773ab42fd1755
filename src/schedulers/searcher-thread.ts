// A scheduler's side of the searcher thread (algorithms §6.12): whether its searcher may move to a
// thread, moving it there for a run and back, and the time spent deciding (the dashboard's share).
import type { Logger } from "../logger.js";
import { Rng } from "../random.js";
import type { Searcher } from "../searchers/searcher.js";
import type { SearcherInit, SearcherThreadFactory } from "../searchers/thread-messages.js";
import { ThreadedSearcher, canThread } from "../searchers/threaded.js";
import type { Domain } from "../space/domains.js";

export class SearcherThreading {
  private readonly init: Omit<SearcherInit, "state" | "module"> | null;
  private current: ThreadedSearcher | null = null;
  /** Milliseconds spent deciding: on the scheduler's thread, and in threads that have ended. */
  decideMs = 0;

  /**
   * Only a searcher made by name can be made again in a thread; debugLog decides on the main
   * thread, so that the reference's log reads in order.
   */
  constructor(
    searcher: string | Searcher,
    o: {
      options: Record<string, unknown>;
      enabled: boolean;
      domains: Record<string, Domain>;
      scheduler: string;
      seed: number;
      extras: { minResource?: number; maxResource?: number };
    },
  ) {
    this.init =
      typeof searcher === "string" && o.enabled
        ? {
            name: searcher,
            options: o.options,
            domains: o.domains,
            scheduler: o.scheduler,
            seed: new Rng(o.seed ^ 0x5eed).seed(), // the thread's own stream: the run's is untouched
            ...o.extras,
          }
        : null;
  }

  /** The thread's wrapper around `local`, or null; `end()` stops the thread and counts its time. */
  start(local: Searcher, spawn: SearcherThreadFactory, logger: Logger): ThreadedSearcher | null {
    if (!this.init || !canThread(local)) return null;
    this.current = new ThreadedSearcher(local, spawn(), this.init, logger);
    return this.current;
  }

  end(): void {
    if (!this.current) return;
    this.current.close();
    this.decideMs += this.current.stats.threadMs;
    this.current = null;
  }

  /** Seconds spent deciding so far, a running thread's included. */
  seconds(): number {
    return (this.decideMs + (this.current?.stats.threadMs ?? 0)) / 1000;
  }
}
