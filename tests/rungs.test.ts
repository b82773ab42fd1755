// The Wasm rung store against the plain-TS statement of the rules (src/schedulers/rungs.ts),
// on random streams with ties, on both Wasm builds.
import * as assert from "uvu/assert";
import { RungStore } from "../src/wasm/rung-store.js";
import { type RungRecord, findPromotable, stoppingCutoff } from "../src/schedulers/rungs.js";
import { Rng } from "../src/random.js";
import { forEachBuild } from "./helpers/index.js";

forEachBuild("rung store", (test) => {
  test("stopping decisions and cutoffs equal the reference, including ties", () => {
    const rng = new Rng(1);
    const store = new RungStore(3, { capacity: 8 }); // small, so it has to grow
    const ref: number[][] = [[], [], []];
    for (let seq = 0; seq < 3000; seq++) {
      const rung = rng.int(3);
      const q = [1 / 3, 1 / 3, 0.9][rung];
      const y = Math.round(rng.next() * 50) / 50; // many ties
      const want = ref[rung].length > 0 && y < stoppingCutoff(ref[rung], q);
      if (ref[rung].length) assert.is(store.cutoff(rung, q), stoppingCutoff(ref[rung], q));
      assert.is(store.stoppingDecide(rung, q, y, seq), want, `seq ${seq}`);
      ref[rung].push(y);
    }
    for (let r = 0; r < 3; r++) {
      assert.is(store.count(r), ref[r].length);
      assert.equal(
        store.entries(r).map((e) => e.reward),
        ref[r],
      );
    }
  });

  test("promotion queries equal the reference as records arrive and get promoted", () => {
    const rng = new Rng(2);
    for (const q of [1 / 3, 1 / 2, 0.25, 0.9]) {
      const store = new RungStore(1, { capacity: 4 });
      const ref: RungRecord[] = [];
      for (let seq = 0; seq < 600; seq++) {
        const y = Math.round(rng.next() * 20) / 20;
        const rec = { key: String(seq), reward: y, promoted: false };
        ref.push(rec);
        store.insert(0, y, seq);
        // immediately promotable (the query restricted to this record)?
        const mine = findPromotable(ref, q, rec.key) === rec;
        assert.is(store.isPromotable(0, q, y, seq), mine, `q ${q}, seq ${seq}`);
        if (mine) {
          rec.promoted = true;
          store.markPromoted(0, y, seq);
        }
        // and, now and then, promote whatever the general query finds
        if (rng.next() < 0.3) {
          const want = findPromotable(ref, q);
          const got = store.promotable(0, q);
          assert.is(got, want ? Number(want.key) : -1, `q ${q}, seq ${seq}`);
          if (want) {
            want.promoted = true;
            store.markPromoted(0, want.reward, got);
          }
        }
      }
      assert.equal(
        store.entries(0).map((e) => e.promoted),
        ref.map((r) => r.promoted),
      );
    }
  });
});
