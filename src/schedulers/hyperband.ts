// Asynchronous Hyperband (algorithms §5): successive-halving rungs with the 'stopping' rule (§5.4)
// or the 'promotion' rule (ASHA, §5.5), brackets sampled per slot (§5.3), and the searcher fed
// at rung levels (§5.6). Paused configs really resume: the new trial gets `resumeFrom` and the
// checkpoint slot its predecessor saved into (algorithms §10.6).
import { TrialError } from "../errors.js";
import type { Shape } from "../validate.js";
import type { Trainer } from "../space/args.js";
import { checkBool, checkInt, checkOneOf } from "../validate.js";
import { RungStore } from "../wasm/rung-store.js";
import { modelVerdict } from "./model-stopping.js";
import { FIFOScheduler } from "./fifo.js";
import type { TrialRecord } from "./history.js";
import type { Decision, TrialSuggestion } from "./protocol.js";
import { type RungRecord, bracketProbabilities, promotionQuantiles } from "./rungs.js";
import { HB_OPTIONS, type HbTrial, type HyperbandOptions, inferMaxT, levelsFrom } from "./hyperband-options.js";

export type { HyperbandOptions };

export class HyperbandScheduler extends FIFOScheduler {
  readonly maxT: number;
  readonly levels: number[];
  readonly quantiles: number[];
  readonly bracketProbs: number[];
  readonly type: "stopping" | "promotion";
  readonly searcherData: "rungs" | "all" | "rungs_and_last";
  private readonly perBracket: boolean;
  readonly modelStopping: boolean;
  /** One Wasm rung store per rung system (algorithms §5.3); records carry a global arrival seq. */
  private stores: RungStore[] = [];
  private records = new Map<number, { key: string; reward: number }>();
  private seq = 0;
  private hb = new Map<number, HbTrial>();

  constructor(trainer: Trainer, options: HyperbandOptions = {}) {
    const type = checkOneOf("type", options.type ?? "stopping", ["stopping", "promotion"] as const);
    super(trainer, options, HB_OPTIONS, `hyperband_${type}`);
    this.type = type;
    this.maxT = inferMaxT(trainer, options);
    this.levels = levelsFrom(options, this.maxT);
    // Hyper-Tune weights brackets (algorithms §6.13): it gets all of them unless told otherwise
    const brackets = checkInt(
      "brackets",
      options.brackets ?? (options.searcher === "hypertune" ? this.levels.length : 1),
      1,
    );
    this.quantiles = promotionQuantiles(this.levels, this.maxT);
    this.bracketProbs = bracketProbabilities(this.levels, brackets);
    this.searcherData = checkOneOf("searcherData", options.searcherData ?? "rungs", [
      "rungs",
      "all",
      "rungs_and_last",
    ] as const);
    this.perBracket = options.rungSystemPerBracket ?? true;
    this.modelStopping = checkBool("modelStopping", options.modelStopping ?? true);
    this.stores = this.emptyStores();
  }

  // Runs inside the base constructor, before this class's fields are set: read the options.
  protected override searcherSetupExtras() {
    const o = this.options as HyperbandOptions;
    const maxT = inferMaxT(this.trainer, o);
    return { minResource: levelsFrom(o, maxT)[0], maxResource: maxT };
  }

  private emptyStores(): RungStore[] {
    const systems = this.perBracket ? this.bracketProbs.length : 1;
    return Array.from({ length: systems }, (_, i) => new RungStore(this.levels.length, { seed: this.seed + i }));
  }

  private system(bracket: number): RungStore {
    return this.stores[this.perBracket ? bracket : 0];
  }

  private record(bracket: number, j: number, key: string, reward: number): number {
    const seq = this.seq++;
    this.records.set(seq, { key, reward });
    this.system(bracket).insert(j, reward, seq);
    return seq;
  }

  /** The latest trial that ran the config with this key (the paused one a promotion continues). */
  private lastTrialOf(key: string): number | undefined {
    let last: number | undefined;
    for (const [id, t] of this.hb) if (t.key === key && (last === undefined || id > last)) last = id;
    return last;
  }

  private sampleBracket(): number {
    if (this.bracketProbs.length === 1) return 0;
    const probs = this.searcher.bracketDistribution?.(this.bracketProbs) ?? this.bracketProbs;
    let u = this.rng.next();
    for (let s = 0; s < probs.length; s++) if ((u -= probs[s]) < 0) return s;
    return probs.length - 1;
  }

  private nextLevelAbove(r: number): number {
    return this.levels.find((l) => l > r) ?? this.maxT;
  }

  private log(m: string): void {
    if (this.debugLog) this.logger.info(m);
  }

  /** algorithms §5.5 then §4.3: promotions first (promotion type), else a new config in the sampled bracket. */
  override suggest(): TrialSuggestion | null {
    if (this.requeue.length === 0 && !this.mayStart()) return null;
    const bracket = this.sampleBracket();
    if (this.type === "promotion" && this.requeue.length === 0) {
      const store = this.system(bracket);
      for (let j = this.levels.length - 1; j >= bracket; j--) {
        if (this.levels[j] >= this.maxT) continue;
        const seq = store.promotable(j, this.quantiles[j]);
        if (seq < 0) continue;
        const rec = this.records.get(seq)!;
        store.markPromoted(j, rec.reward, seq);
        const cfg = this.trainer.space.fromKey(rec.key);
        const milestone = this.nextLevelAbove(this.levels[j]);
        const resumes = this.lastTrialOf(rec.key);
        const s = this.begin({ trialId: this.nextTrialId++, config: cfg, resumeFrom: this.levels[j], resumes });
        this.hb.set(s.trialId, { bracket, milestone, key: rec.key });
        this.searcher.registerPending(cfg, milestone);
        this.log(`config_id ${s.trialId} promoted from ${this.levels[j]} (next milestone = ${milestone})`);
        return s;
      }
    }
    const again = this.requeue.length > 0;
    const s = again ? super.suggest() : this.newConfigTrial({ bracket, milestone: this.levels[bracket] });
    if (s) {
      const prev = this.hb.get(s.trialId);
      const milestone =
        prev?.milestone ?? (s.resumeFrom !== undefined ? this.nextLevelAbove(s.resumeFrom) : this.levels[bracket]);
      this.hb.set(s.trialId, { bracket: prev?.bracket ?? bracket, milestone, key: this.trainer.space.key(s.config) });
      if (again) this.searcher.registerPending(s.config, milestone);
      this.log(`config_id ${s.trialId} starts (first milestone = ${milestone})`);
    }
    return s;
  }

  protected override checkReport(trialId: number, result: Record<string, unknown>): void {
    super.checkReport(trialId, result);
    const r = result[this.timeAttr];
    if (typeof r !== "number" || !Number.isInteger(r) || r < 1) {
      throw new TrialError(
        `The value of ${this.timeAttr} in the report of trial ${trialId} is ${r === undefined ? "missing" : JSON.stringify(r)}, ` +
          `but it must be a positive integer (timeAttr is "${this.timeAttr}"; Hyperband needs it in every report)`,
      );
    }
  }

  /** algorithms §5.7 step 4–6. */
  protected override decide(rec: TrialRecord, row: Record<string, unknown>): Decision {
    const t = this.hb.get(rec.trialId)!;
    const r = row[this.timeAttr] as number;
    const y = row[this.rewardAttr] as number;
    row.bracket = t.bracket;
    const ignore = rec.resumeFrom !== undefined && r <= rec.resumeFrom;
    if (ignore) return "continue"; // a retraining trainer re-reports finished epochs
    if (r > t.milestone) {
      throw new TrialError(
        `trial ${rec.trialId} reported ${this.timeAttr} ${r}, past its milestone ${t.milestone}: rung levels must be reported exactly`,
      );
    }
    let decision: Decision = "continue";
    const atMilestone = r === t.milestone;
    if (r >= this.maxT) decision = "stop";
    else if (atMilestone) {
      // rung records rank by a score, higher is better: the reward under "max", −reward under "min"
      const score = -this.toLoss(y);
      decision =
        this.type === "stopping" ? this.stoppingRule(rec.trialId, t, r, score) : this.promotionRule(t, r, score);
    }
    if (this.searcherData !== "rungs" || atMilestone) {
      const prev =
        t.lastFed === undefined
          ? undefined
          : (this.trainingHistory[String(rec.trialId)]?.[t.lastFed]?.[this.timeAttr] as number | undefined);
      if (this.searcherData === "rungs_and_last" && prev !== undefined && !this.levels.includes(prev)) {
        this.searcher.removeCase?.(rec.config, prev);
      }
      this.searcher.update(rec.config, this.toLoss(y), r, decision !== "continue");
      t.lastFed = this.trainingHistory[String(rec.trialId)]?.length ?? 0; // the row is appended next
      if (decision === "continue")
        this.searcher.registerPending(rec.config, this.searcherData === "rungs" ? this.nextLevelAbove(r) : r + 1);
    }
    if (decision === "continue" && atMilestone) {
      const next = this.nextLevelAbove(r);
      this.log(`config_id ${rec.trialId}: Reaches ${r}, continues to ${next}`);
      t.milestone = next;
    } else if (decision !== "continue") {
      this.log(`config_id ${rec.trialId}: ${decision === "pause" ? "Pausing" : "Terminating"} evaluation at ${r}`);
      t.endedBy = decision;
    }
    return decision;
  }

  private stoppingRule(trialId: number, t: HbTrial, r: number, y: number): Decision {
    const j = this.levels.indexOf(r);
    const seq = this.seq++;
    this.records.set(seq, { key: t.key, reward: y });
    if (!this.system(t.bracket).stoppingDecide(j, this.quantiles[j], y, seq)) return "continue";
    if (!this.modelKeeps(t, j)) return "stop";
    this.log(
      `config_id ${trialId}: the rung would stop it at ${r}, but the model ranks it among the best at maxT: continues`,
    );
    return "continue";
  }

  private promotionRule(t: HbTrial, r: number, y: number): Decision {
    const j = this.levels.indexOf(r);
    const store = this.system(t.bracket);
    const seq = this.record(t.bracket, j, t.key, y);
    if (store.isPromotable(j, this.quantiles[j], y, seq)) {
      store.markPromoted(j, y, seq);
      this.log(`config ${t.key}: Promotion from ${r} to ${this.nextLevelAbove(r)}`);
      return "continue";
    }
    // algorithms §5.8, as for stopping: the model may keep going what the rung would pause
    if (!this.modelKeeps(t, j)) return "pause";
    store.markPromoted(j, y, seq);
    this.log(
      `config ${t.key}: the rung would pause it at ${r}, but the model ranks it among the best at maxT: continues`,
    );
    return "continue";
  }

  /** algorithms §5.8: does the searcher's model rank this config within rung j's keep fraction at maxT? */
  private modelKeeps(t: HbTrial, j: number): boolean {
    if (!this.modelStopping) return false;
    const keys = this.system(t.bracket)
      .entries(j)
      .map((e) => this.records.get(e.seq)!.key);
    return modelVerdict(this.searcher, keys, t.key, this.quantiles[j])?.keep ?? false;
  }

  override onEnded(trialId: number): void {
    const rec = this.trials.get(trialId);
    if (rec?.status !== "running") return;
    const last = this.lastResult.get(trialId);
    const reachedMaxT = last !== undefined && (last[this.timeAttr] as number) >= this.maxT;
    this.finish(trialId, reachedMaxT ? "completed" : this.hb.get(trialId)?.endedBy === "pause" ? "paused" : "stopped");
  }

  /** algorithms §5.6: the last result goes to the searcher unless that exact result already did. */
  protected override feedSearcher(rec: TrialRecord, last: Record<string, unknown> | undefined): void {
    const t = this.hb.get(rec.trialId);
    if (!t) return;
    const rows = this.trainingHistory[String(rec.trialId)] ?? [];
    if (!last || t.lastFed === rows.length - 1) {
      this.searcher.dropPending?.(rec.config);
      return;
    }
    this.searcher.update(rec.config, this.toLoss(last[this.rewardAttr] as number), last[this.timeAttr] as number, true);
  }

  /** The best reward reached at maxT (algorithms §10.9); getBestReward() is over all rungs. */
  getBestRewardAtMaxT(): number {
    let best = Number.POSITIVE_INFINITY; // as a loss
    for (const rows of Object.values(this.trainingHistory)) {
      for (const r of rows)
        if (r[this.timeAttr] === this.maxT) best = Math.min(best, this.toLoss(r[this.rewardAttr] as number));
    }
    return this.toLoss(best);
  }

  override state(options: { live?: boolean } = {}): Record<string, unknown> {
    const kept = new Set(
      [...this.trials.values()].filter((t) => options.live || t.status !== "running").map((t) => t.trialId),
    );
    return {
      ...super.state(options),
      rungs: this.stores.map((st) =>
        this.levels.map((_, j) =>
          st
            .entries(j)
            .map((e): RungRecord => ({ key: this.records.get(e.seq)!.key, reward: e.reward, promoted: e.promoted })),
        ),
      ),
      hb: [...this.hb.entries()].filter(([id]) => kept.has(id)),
    };
  }

  protected override fingerprint() {
    const rungs = JSON.stringify({
      levels: this.levels,
      maxT: this.maxT,
      brackets: this.bracketProbs.length,
      perBracket: this.perBracket,
    });
    return { ...super.fingerprint(), rungs };
  }

  protected override stateShape(): Record<string, Shape> {
    const key = this.trainer.space.keyShape();
    const record: Shape = { fields: { key, reward: "number", promoted: "boolean" } };
    const hb: Shape = {
      fields: { bracket: "int", milestone: "int", key, lastFed: "int", endedBy: "string" },
      optional: ["lastFed", "endedBy"],
    };
    return {
      ...super.stateShape(),
      rungs: { list: { list: { list: record }, length: this.levels.length }, length: this.stores.length },
      hb: { list: { tuple: ["int", hb] } },
    };
  }

  protected override applyState(state: Record<string, unknown>): void {
    super.applyState(state);
    this.stores = this.emptyStores();
    this.records.clear();
    this.seq = 0;
    (state.rungs as RungRecord[][][]).forEach((system, b) =>
      system.forEach((rung, j) => {
        for (const r of rung) {
          const seq = this.seq++;
          this.records.set(seq, { key: r.key, reward: r.reward });
          this.stores[b].insert(j, r.reward, seq, r.promoted);
        }
      }),
    );
    this.hb = new Map(state.hb as [number, HbTrial][]);
  }
}
