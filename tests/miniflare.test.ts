// The edge example the way Cloudflare users run it locally: miniflare 4 (wrangler dev's engine)
// with the example's Durable Object. miniflare 4 needs Node 22 or later; .ci/run runs this file
// on Node 22 and 24, and on Node 20 it says so instead of running.
import { readFileSync } from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";

const major = Number(process.versions.node.split(".")[0]);
const root = new URL("..", import.meta.url).pathname;
const test = suite("miniflare");

if (major < 22) {
  console.log(
    `miniflare: not run on Node ${process.versions.node} (miniflare 4 needs Node 22+; CI runs it on 22 and 24)`,
  );
} else {
  // a variable specifier: the typecheck on Node 20 does not need miniflare's types
  const mfModule = "miniflare";
  const { Miniflare } = (await import(mfModule)) as {
    Miniflare: new (
      o: object,
    ) => { dispatchFetch(url: string, init?: object): Promise<Response>; dispose(): Promise<void> };
  };
  const mf = new Miniflare({
    modulesRoot: root,
    modules: [
      {
        type: "ESModule",
        path: `${root}worker.mjs`,
        contents: readFileSync(`${root}examples/edge/worker.mjs`, "utf8"),
      },
      { type: "ESModule", path: `${root}hyperwasm`, contents: readFileSync(`${root}dist/edge.js`, "utf8") },
      { type: "CompiledWasm", path: `${root}release.wasm`, contents: readFileSync(`${root}dist/release.wasm`) },
    ],
    compatibilityDate: "2024-09-23",
    durableObjects: { EXPERIMENT: "Experiment" },
  });
  const post = async (path: string, body: unknown) => {
    const r = await mf.dispatchFetch(`http://localhost${path}`, { method: "POST", body: JSON.stringify(body) });
    return { status: r.status, body: (await r.json()) as Record<string, never> };
  };

  test("a Hyperband + bayesopt experiment over HTTP, with its Durable Object", async () => {
    assert.is((await post("/e/mf/create", { numTrials: 12, seed: 3 })).status, 200);
    let trials = 0;
    for (;;) {
      const s = await post("/e/mf/suggest", {});
      assert.is(s.status, 200, JSON.stringify(s.body));
      if (s.body.trialId === null) break;
      trials++;
      const { x, y } = s.body.config as { x: number; y: number };
      for (let epoch = 1; epoch <= 9; epoch++) {
        const r = await post("/e/mf/report", {
          trialId: s.body.trialId,
          result: { epoch, accuracy: 1 - (x - 0.3) ** 2 - (y - 0.6) ** 2 - 0.5 / epoch },
        });
        assert.is(r.status, 200, JSON.stringify(r.body));
        if (r.body.decision !== "continue") break;
      }
    }
    assert.is(trials, 12);
    const best = (await (await mf.dispatchFetch("http://localhost/e/mf/best")).json()) as {
      trials: number;
      rewardAtMaxT: number;
    };
    assert.is(best.trials, 12);
    assert.ok(best.rewardAtMaxT > 0.3, `best at maxT ${best.rewardAtMaxT}`);
    const bad = await post("/e/mf/report", { trialId: 0, result: {} });
    assert.ok(bad.status === 400 || bad.status === 409, JSON.stringify(bad.body));
  });

  test("concurrent suggestions get unique trial ids", async () => {
    const ids = await Promise.all(Array.from({ length: 10 }, () => post("/e/mf2/suggest", {})));
    assert.equal(
      ids.map((r) => r.body.trialId).sort((a, b) => a - b),
      [...Array(10).keys()],
    );
  });

  test.after(() => mf.dispose());
}

test.run();
