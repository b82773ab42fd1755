// An HPO service on workerd / Cloudflare Workers: the ask/tell protocol over HTTP, for trials
// that run anywhere else. One Durable Object holds the experiment; its scheduler state is stored
// after every change, so the isolate can be evicted at any time.
//
//   POST /suggest                     → { trialId, config, resumeFrom } or { trialId: null }
//   POST /report   { trialId, result } → { decision: "continue" | "stop" | "pause" }
//   POST /complete { trialId }         → {}   (the trainer finished without being stopped)
//   POST /fail     { trialId, message }→ {}
//   GET  /best                         → { config, reward, rewardAtMaxT, trials }
//
// Hyperband (stopping) + bayesopt (MOBSTER) over a 2-d space, 9 epochs, 40 trials.
import { HyperbandScheduler, HpoError, TrialError, args, real } from "hyperwasm";

const space = args({ x: real(0, 1), y: real(0, 1), epochs: 9 }, async () => {
  throw new Error("trials run outside this worker");
});

function newScheduler() {
  return new HyperbandScheduler(space, {
    numTrials: 40,
    seed: 7,
    type: "stopping",
    searcher: "bayesopt",
    rewardAttr: "accuracy",
    logger: null,
    searchOptions: { numInitRandom: 5 },
  });
}

const json = (status, body) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

export class Experiment {
  constructor(state) {
    this.storage = state.storage;
  }

  async fetch(request) {
    const url = new URL(request.url);
    const scheduler = newScheduler();
    const saved = await this.storage.get("scheduler");
    if (saved) scheduler.restore(JSON.parse(saved));
    let body = {};
    if (request.method === "POST") {
      try {
        body = await request.json();
      } catch {
        return json(400, { error: "the request body is not valid JSON" });
      }
      if (typeof body !== "object" || body === null)
        return json(400, { error: "the request body must be a JSON object" });
    }
    const trial = () => {
      const id = body.trialId;
      if (!Number.isInteger(id))
        throw new HttpError(400, `The value of trialId is ${JSON.stringify(id)}, but it must be an integer`);
      const rec = scheduler.trials.get(id);
      if (!rec) throw new HttpError(404, `trial ${id} is unknown`);
      if (rec.status !== "running")
        throw new HttpError(409, `trial ${id} has ended (${rec.status}); no further reports are accepted`);
      return id;
    };
    try {
      let out;
      const route = `${request.method} ${url.pathname}`;
      if (route === "POST /suggest") {
        const s = scheduler.suggest();
        out = s ? { trialId: s.trialId, config: s.config, resumeFrom: s.resumeFrom ?? null } : { trialId: null };
      } else if (route === "POST /report") {
        const id = trial();
        if (typeof body.result !== "object" || body.result === null)
          throw new HttpError(400, "The value of result is missing, but it must be an object");
        const decision = scheduler.onReport(id, body.result);
        if (decision !== "continue") scheduler.onEnded(id);
        out = { decision };
      } else if (route === "POST /complete") {
        scheduler.onComplete(trial());
        out = {};
      } else if (route === "POST /fail") {
        scheduler.onError(trial(), { name: "Error", message: String(body.message ?? "failed") });
        out = {};
      } else if (route === "GET /best") {
        out = {
          config: scheduler.getBestConfig() ?? null,
          reward: scheduler.getBestReward(),
          rewardAtMaxT: scheduler.getBestRewardAtMaxT(),
          trials: scheduler.trials.size,
        };
      } else {
        return json(404, { error: `no route ${route}` });
      }
      await this.storage.put("scheduler", JSON.stringify(scheduler.state({ live: true })));
      return json(200, out);
    } catch (e) {
      // nothing was stored: a bad request never changes the experiment
      if (e instanceof HttpError) return json(e.status, { error: e.message });
      if (e instanceof TrialError || e instanceof HpoError) return json(400, { error: e.message });
      return json(500, { error: String(e?.message ?? e) });
    }
  }
}

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export default {
  fetch(request, env) {
    return env.EXPERIMENT.get(env.EXPERIMENT.idFromName("default")).fetch(request);
  },
};
