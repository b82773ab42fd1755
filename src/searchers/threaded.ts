// A GP searcher whose decisions run in a thread (algorithms §6.12). The main thread keeps the
// searcher that owns the run's data (checkpoints, the best config, model-informed stopping read
// it); a copy in the thread replays every data call in order and prepares the next config while
// trials train, so a free trial slot gets a config at once and a report never waits for a fit.
// The thread's copy sees the same results, pending trials (fantasized) and failures; it hands
// back the hyperparameters and mean model it used, which the main copy adopts with the config.
import type { Logger } from "../logger.js";
import type { Config } from "../space/space.js";
import { gpModule } from "../gp/wasm.js";
import type { Searcher, SearcherContext } from "./searcher.js";
import type { FromSearcher, SearcherCall, SearcherInit, SearcherPort } from "./thread-messages.js";

type Threadable = Searcher & Required<Pick<Searcher, "usesModel" | "adopt" | "fitted" | "adoptFitted" | "isFree">>;

export function canThread(s: Searcher): s is Threadable {
  return Boolean(s.usesModel && s.adopt && s.fitted && s.adoptFitted && s.isFree);
}

/**
 * A prepared config is served when at most this many labeled results arrived after its decision
 * started: max(2, 10 % of the results the searcher holds). Staler ones are prepared again.
 */
export function staleBound(results: number): number {
  return Math.max(2, Math.floor(results / 10));
}

interface Prepared {
  config: Config | null;
  note?: string;
  fitted: Record<string, unknown>;
  /** Labeled results sent to the thread when its decision was asked for. */
  results: number;
  /** Asked for by a waiting caller: served however stale, since nothing fresher can be had sooner. */
  forced: boolean;
}

export interface ThreadStats {
  /** Configs the thread prepared, served to a caller, dropped as stale or taken, made inline. */
  prepared: number;
  served: number;
  dropped: number;
  inline: number;
  /** Milliseconds the thread spent deciding. */
  threadMs: number;
}

export class ThreadedSearcher implements Searcher {
  readonly name: string;
  lastNote: string | undefined;
  readonly stats: ThreadStats = { prepared: 0, served: 0, dropped: 0, inline: 0, threadMs: 0 };
  private prepared: Prepared | null = null;
  private inFlight: { id: number; results: number; forced: boolean } | null = null;
  private waiters: (() => void)[] = [];
  private calls: SearcherCall[] = [];
  private flushQueued = false;
  private results = 0;
  private nextId = 0;
  private ctx: SearcherContext = {};
  private broken = false;
  private inlineNext = false;

  constructor(
    readonly local: Threadable,
    private readonly port: SearcherPort,
    init: Omit<SearcherInit, "state" | "module">,
    private readonly logger: Logger,
  ) {
    this.name = local.name;
    port.onMessage((m) => this.receive(m));
    port.onFailure((why) => this.fail(why));
    port.post({ type: "init", init: { ...init, state: local.state(), module: gpModule() } });
  }

  // ------------------------------------------------------------ decisions

  getConfig(ctx: SearcherContext = {}): Config | null {
    this.ctx = ctx;
    this.lastNote = undefined;
    const p = this.broken || this.inlineNext || !this.local.usesModel() ? null : this.servable();
    this.inlineNext = false;
    if (!p) {
      // a random decision, a broken thread, or a caller that did not wait (ask/tell): decide here
      if (!this.broken && this.local.usesModel()) this.stats.inline++;
      const c = this.local.getConfig(ctx);
      this.lastNote = this.local.lastNote;
      if (c) this.call({ method: "adopt", args: [c] });
      this.prepareNext();
      return c;
    }
    this.prepared = null;
    this.stats.served++;
    const config = p.config!;
    this.local.adopt(config);
    this.local.adoptFitted(p.fitted);
    this.lastNote = p.note;
    this.call({ method: "adopt", args: [config] });
    this.prepareNext();
    return config;
  }

  /** Null when getConfig can answer at once; else resolves when a prepared config arrives. */
  whenReady(): Promise<void> | null {
    if (this.broken || this.inlineNext || !this.local.usesModel() || this.servable()) return null;
    if (this.inFlight) this.inFlight.forced = true;
    else this.prepare(true);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The prepared config if it may be served now; a stale or taken one is dropped. */
  private servable(): Prepared | null {
    const p = this.prepared;
    if (!p) return null;
    if (!this.stale(p) && p.config !== null && this.local.isFree(p.config)) return p;
    this.prepared = null;
    this.stats.dropped++;
    return null;
  }

  private stale(p: Prepared): boolean {
    return !p.forced && this.results - p.results > staleBound(this.local.dataSize?.() ?? 0);
  }

  private prepareNext(): void {
    // usesModel() walks the data: ask it only when a decision could be asked for
    if (!this.inFlight && !this.broken && this.local.usesModel()) this.prepare(false);
  }

  private prepare(forced: boolean): void {
    if (this.inFlight || this.broken) return;
    this.flush();
    const id = this.nextId++;
    this.inFlight = { id, results: this.results, forced };
    this.port.post({ type: "prepare", ctx: this.ctx, id });
  }

  private receive(m: FromSearcher): void {
    if (m.type === "error") {
      this.fail(`it threw ${m.error.name}: ${m.error.message}`);
      return;
    }
    const f = this.inFlight;
    if (!f || m.id !== f.id) return;
    this.inFlight = null;
    this.stats.prepared++;
    this.stats.threadMs += m.ms;
    this.prepared = { config: m.config, note: m.note, fitted: m.fitted, results: f.results, forced: f.forced };
    // unforced and stale (results arrived meanwhile): prepare again; forced but unusable (the
    // thread found nothing free, or the config was taken meanwhile): the next decision is made here
    if (!this.servable()) {
      if (!f.forced) {
        this.prepare(false);
        return;
      }
      this.inlineNext = true;
    }
    this.wake();
  }

  private fail(why: string): void {
    if (this.broken) return;
    this.broken = true;
    this.logger.warn(`The searcher thread stopped (${why}); decisions are made on the main thread from now on`);
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Stops the thread; the searcher goes on deciding on this thread. */
  close(): void {
    this.broken = true;
    this.port.terminate();
    this.wake();
  }

  // ------------------------------------------------------------ data, replayed on the thread

  /** Calls are batched per turn of the event loop: one message, however many reports a turn had. */
  private call(c: SearcherCall): void {
    this.calls.push(c);
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => this.flush());
  }

  private flush(): void {
    this.flushQueued = false;
    if (this.calls.length === 0 || this.broken) return;
    this.port.post({ type: "calls", calls: this.calls });
    this.calls = [];
  }

  update(config: Config, loss: number, resource?: number, terminated?: boolean): void {
    this.local.update(config, loss, resource, terminated);
    this.results++;
    this.call({ method: "update", args: [config, loss, resource, terminated] });
    // a prepared config nobody took grows stale as results arrive: refresh it while slots train;
    // and the first model decision is prepared as soon as the data allows one
    if (this.prepared && !this.inFlight && this.stale(this.prepared)) {
      this.prepared = null;
      this.stats.dropped++;
    }
    if (!this.prepared) this.prepareNext();
  }

  registerPending(config: Config, resource?: number): void {
    this.local.registerPending(config, resource);
    this.call({ method: "registerPending", args: [config, resource] });
  }

  evaluationFailed(config: Config): void {
    this.local.evaluationFailed(config);
    this.call({ method: "evaluationFailed", args: [config] });
  }

  dropPending(config: Config): void {
    this.local.dropPending?.(config);
    this.call({ method: "dropPending", args: [config] });
  }

  removeCase(config: Config, resource: number): void {
    this.local.removeCase?.(config, resource);
    this.call({ method: "removeCase", args: [config, resource] });
  }

  // ------------------------------------------------------------ reads, from the main copy

  bestConfig(): Config | undefined {
    return this.local.bestConfig();
  }
  bestLoss(): number {
    return this.local.bestLoss();
  }
  hyperparameters(): Record<string, number> {
    return this.local.hyperparameters?.() ?? {};
  }
  predictAtMaxT(keys: readonly string[]): Float64Array | null {
    return this.local.predictAtMaxT?.(keys) ?? null;
  }
  bracketDistribution(defaults: readonly number[]): number[] | null {
    return this.local.bracketDistribution?.(defaults) ?? null;
  }
  dataSize(): number {
    return this.local.dataSize?.() ?? 0;
  }
  state(): unknown {
    return this.local.state();
  }
  restore(state: unknown): void {
    this.local.restore(state);
  }
}
