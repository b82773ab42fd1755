// An HPO service on workerd / Cloudflare Workers: the ask/tell protocol over HTTP, for trials
// that run anywhere else. Each experiment is one Durable Object, which keeps its scheduler in
// memory between requests and makes every change durable before it answers:
// - each change is appended to an operation log (one small value per request), and every
//   SNAPSHOT_EVERY operations the whole state is written as a snapshot, split into values under
//   the 128 KiB limit, and the log before it is deleted; an evicted object reloads the snapshot
//   and replays the log (the scheduler is deterministic for its seed), so 10,000 trials fit;
// - a request's scheduler work runs in one turn of the event loop after its body is read, so
//   concurrent requests cannot interleave inside it (unique trial ids, no lost reports).
//
//   POST /create   { searcher: random | bayesopt | kde, numTrials, seed } → {}   (optional, before the first suggestion)
//   POST /suggest                     → { trialId, config, resumeFrom } or { trialId: null }
//   POST /report   { trialId, result } → { decision: "continue" | "stop" | "pause" }
//   POST /complete { trialId }         → {}   (the trainer finished without being stopped)
//   POST /fail     { trialId, message }→ {}
//   GET  /best                         → { config, reward, rewardAtMaxT, trials }
//   GET  /state                        → the scheduler's live state (trials, histories, rungs)
// Paths may be prefixed with /e/<name> to address experiment <name> ("default" otherwise).
// Request bodies larger than MAX_BODY bytes are refused with 413.
//
// Default experiment: Hyperband (stopping) + bayesopt (MOBSTER) over a 2-d space, 9 epochs, 40 trials.
import { HpoError, HyperbandScheduler, TrialError, args, real } from "hyperwasm";

// (not exported: workerd treats every export of the main module as a handler)
const MAX_BODY = 16 * 1024;
const SNAPSHOT_EVERY = 200;
// characters per stored value: ≤ 120 KiB even if the state holds two-byte characters
const CHUNK = 60 * 1024;

const space = args({ x: real(0, 1), y: real(0, 1), epochs: 9 }, async () => {
  throw new Error("trials run outside this worker");
});

const DEFAULTS = { searcher: "bayesopt", numTrials: 40, seed: 7 };

function newScheduler(settings) {
  return new HyperbandScheduler(space, {
    numTrials: settings.numTrials,
    seed: settings.seed,
    type: "stopping",
    searcher: settings.searcher,
    rewardAttr: "accuracy",
    logger: null,
    // a GP decision runs inside its request here (no threads): a model of at most 100 points, and
    // refits thinned from 50 results on, keep each request short (docs/edge.md)
    searchOptions:
      settings.searcher === "bayesopt" ? { numInitRandom: 5, maxSizeDataForModel: 100, optSkipInitLength: 50 } : {},
  });
}

const json = (status, body) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function checkSettings(body) {
  const s = { ...DEFAULTS };
  if (body.searcher !== undefined) {
    // kde (BOHB's) needs no GP: the cheap choice when every request must answer fast
    if (!["random", "bayesopt", "kde"].includes(body.searcher)) {
      throw new HttpError(
        400,
        `The value of searcher is ${JSON.stringify(body.searcher)}, but it must be "random", "bayesopt" or "kde"`,
      );
    }
    s.searcher = body.searcher;
  }
  for (const k of ["numTrials", "seed"]) {
    if (body[k] === undefined) continue;
    if (!Number.isInteger(body[k]) || body[k] < (k === "seed" ? 0 : 1) || body[k] > 100000) {
      throw new HttpError(
        400,
        `The value of ${k} is ${JSON.stringify(body[k])}, but it must be an integer in [${k === "seed" ? 0 : 1}, 100000]`,
      );
    }
    s[k] = body[k];
  }
  return s;
}

const pad = (n) => String(n).padStart(12, "0");

export class Experiment {
  constructor(state) {
    this.storage = state.storage;
    this.scheduler = null;
    this.snap = null;
    state.blockConcurrencyWhile(() => this.load());
  }

  /** The snapshot, then the operations logged after it, replayed. */
  async load() {
    const head = (await this.storage.get("snap")) ?? null;
    this.seq = (await this.storage.get("seq")) ?? 0;
    this.settings = (await this.storage.get("settings")) ?? null;
    if (!this.settings) return;
    this.scheduler = newScheduler(this.settings);
    if (head) {
      const keys = Array.from({ length: head.chunks }, (_, i) => `snap:${head.seq}:${i}`);
      let text = "";
      for (let i = 0; i < keys.length; i += 128) {
        const parts = await this.storage.get(keys.slice(i, i + 128));
        for (const k of keys.slice(i, i + 128)) text += parts.get(k);
      }
      this.scheduler.restore(JSON.parse(text));
    }
    this.snap = head;
    this.snapSeq = head?.seq ?? 0;
    const ops = await this.storage.list({ prefix: "op:", start: `op:${pad(this.snapSeq + 1)}` });
    for (const op of ops.values()) this.apply(op);
  }

  /** One operation on the scheduler; the same code serves requests and the replay. */
  apply(op) {
    const s = this.scheduler;
    if (op.kind === "suggest") {
      const t = s.suggest();
      return t ? { trialId: t.trialId, config: t.config, resumeFrom: t.resumeFrom ?? null } : { trialId: null };
    }
    if (op.kind === "report") {
      const decision = s.onReport(op.trialId, op.result);
      if (decision !== "continue") s.onEnded(op.trialId);
      return { decision };
    }
    if (op.kind === "complete") s.onComplete(op.trialId);
    else if (op.kind === "fail") s.onError(op.trialId, { name: "Error", message: op.message });
    return {};
  }

  /** Appends the operation to the log; every SNAPSHOT_EVERY operations, a snapshot instead. */
  persist(op) {
    this.seq++;
    // writes are not awaited: the Durable Object holds the response until they are durable
    this.storage.put({ [`op:${pad(this.seq)}`]: op, seq: this.seq });
    if (this.seq - this.snapSeq >= SNAPSHOT_EVERY) this.snapshot();
  }

  /**
   * The state under keys of this snapshot's own (snap:<seq>:<i>, at most 128 per put), then the
   * head that points to them; only then the previous snapshot and the log it covers go. Writes
   * keep their order, so a crash at any point leaves a complete snapshot and its log.
   */
  snapshot() {
    const text = JSON.stringify(this.scheduler.state({ live: true }));
    const chunks = Math.ceil(text.length / CHUNK);
    for (let i = 0; i < chunks; i += 128) {
      const entries = {};
      for (let j = i; j < Math.min(chunks, i + 128); j++)
        entries[`snap:${this.seq}:${j}`] = text.slice(j * CHUNK, (j + 1) * CHUNK);
      this.storage.put(entries);
    }
    const previous = this.snap;
    this.snap = { chunks, seq: this.seq };
    this.storage.put("snap", this.snap);
    const dead = [];
    if (previous) for (let j = 0; j < previous.chunks; j++) dead.push(`snap:${previous.seq}:${j}`);
    for (let k = this.snapSeq + 1; k <= this.seq; k++) dead.push(`op:${pad(k)}`);
    this.snapSeq = this.seq;
    for (let i = 0; i < dead.length; i += 128) this.storage.delete(dead.slice(i, i + 128));
  }

  async fetch(request) {
    const url = new URL(request.url);
    const path = url.pathname.replace(/^\/e\/[^/]+/, "");
    let body = {};
    if (request.method === "POST") {
      const text = await request.text();
      if (text.length > MAX_BODY) {
        return json(413, { error: `the request body has ${text.length} bytes, but it must have at most ${MAX_BODY}` });
      }
      try {
        body = JSON.parse(text || "{}");
      } catch {
        return json(400, { error: "the request body is not valid JSON" });
      }
      if (typeof body !== "object" || body === null || Array.isArray(body))
        return json(400, { error: "the request body must be a JSON object" });
    }
    // from here on nothing awaits until the answer: the scheduler's work is one atomic step
    try {
      const route = `${request.method} ${path}`;
      if (route === "POST /create") {
        if (this.settings)
          throw new HttpError(409, "this experiment exists already; create another (/e/<name>/create)");
        const settings = checkSettings(body);
        this.settings = settings;
        this.scheduler = newScheduler(settings);
        this.storage.put("settings", settings);
        return json(200, {});
      }
      if (!this.scheduler) {
        this.settings = { ...DEFAULTS };
        this.scheduler = newScheduler(this.settings);
        this.storage.put("settings", this.settings);
      }
      if (route === "GET /best") {
        const s = this.scheduler;
        const config = s.getBestConfig() ?? null;
        return json(200, {
          config,
          reward: s.getBestReward(),
          rewardAtMaxT: s.getBestRewardAtMaxT(),
          trials: s.trials.size,
        });
      }
      if (route === "GET /state") {
        // the whole run (trials, histories, rungs, searcher), as a checkpoint holds it: what a
        // dashboard reads; reading it changes nothing
        return json(200, this.scheduler.state({ live: true }));
      }
      const op = this.operation(route, body);
      const out = this.apply(op);
      this.persist(op); // a suggestion that found nothing may still have moved the searcher's generator
      return json(200, out);
    } catch (e) {
      // the scheduler checks a request before it changes anything: a refused request changes nothing
      if (e instanceof HttpError) return json(e.status, { error: e.message });
      if (e instanceof TrialError || e instanceof HpoError) return json(400, { error: e.message });
      // an unexpected error may have left the scheduler half-changed: reload what is durable
      this.scheduler = null;
      await this.load();
      return json(500, { error: String(e?.message ?? e) });
    }
  }

  /** The operation a request asks for, checked against the experiment. */
  operation(route, body) {
    if (route === "POST /suggest") return { kind: "suggest" };
    const kind = { "POST /report": "report", "POST /complete": "complete", "POST /fail": "fail" }[route];
    if (!kind) throw new HttpError(404, `no route ${route}`);
    const id = body.trialId;
    if (!Number.isInteger(id))
      throw new HttpError(400, `The value of trialId is ${JSON.stringify(id)}, but it must be an integer`);
    const rec = this.scheduler.trials.get(id);
    if (!rec) throw new HttpError(404, `trial ${id} is unknown`);
    if (rec.status !== "running")
      throw new HttpError(409, `trial ${id} has ended (${rec.status}); no further reports are accepted`);
    if (kind === "fail") return { kind, trialId: id, message: String(body.message ?? "failed") };
    if (kind === "complete") return { kind, trialId: id };
    const result = body.result;
    if (typeof result !== "object" || result === null || Array.isArray(result))
      throw new HttpError(400, "The value of result is missing, but it must be an object");
    if (Object.keys(result).length === 0) {
      throw new HttpError(400, "The value of result is {}, but it must hold the report (accuracy and epoch)");
    }
    return { kind, trialId: id, result };
  }
}

export default {
  fetch(request, env) {
    const name = /^\/e\/([^/]+)/.exec(new URL(request.url).pathname)?.[1] ?? "default";
    return env.EXPERIMENT.get(env.EXPERIMENT.idFromName(name)).fetch(request);
  },
};
