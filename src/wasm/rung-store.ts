// Rung records in Wasm (assembly/rungs.ts): an order-statistic treap per rung, so a stopping or
// promotion decision costs O(log n). Records are identified by a caller-chosen `seq` (arrival
// order); the store lives in a block of linear memory that survives arena resets and doubles
// when full.
import { roundHalfEven } from "../numeric.js";
import { arenaFor, arenaOf } from "./arena.js";
import { type WasmExports, wasm } from "./module.js";

export interface RungEntry {
  reward: number;
  seq: number;
  promoted: boolean;
}

export class RungStore {
  private readonly ex: WasmExports;
  private ptr: number;
  private capacity: number;

  constructor(
    readonly rungs: number,
    options: { capacity?: number; seed?: number } = {},
  ) {
    this.ex = wasm();
    this.capacity = options.capacity ?? 1024;
    this.ptr = arenaOf(this.ex).reserve(this.ex.rungStoreBytes(this.capacity, rungs));
    this.ex.rungStoreInit(this.ptr, this.capacity, rungs, (options.seed ?? 0x9e3779b9) >>> 0);
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    const to = arenaOf(this.ex).reserve(this.ex.rungStoreBytes(capacity, this.rungs));
    this.ex.rungStoreCopy(this.ptr, to, capacity);
    this.ptr = to;
    this.capacity = capacity;
  }

  insert(rung: number, reward: number, seq: number, promoted = false): void {
    if (this.ex.rungInsert(this.ptr, rung, reward, seq, promoted ? 1 : 0) === 1) {
      this.grow();
      this.ex.rungInsert(this.ptr, rung, reward, seq, promoted ? 1 : 0);
    }
  }

  count(rung: number): number {
    return this.ex.rungCount(this.ptr, rung);
  }

  /** numpy percentile at 100·(1 − q) of the rung's rewards (NaN if none). */
  cutoff(rung: number, q: number): number {
    return this.ex.rungCutoff(this.ptr, rung, q);
  }

  /** algorithms §5.4: true = stop. Records y either way. */
  stoppingDecide(rung: number, q: number, y: number, seq: number): boolean {
    let d = this.ex.rungStoppingDecide(this.ptr, rung, q, y, seq);
    if (d === -1) {
      this.grow();
      d = this.ex.rungStoppingDecide(this.ptr, rung, q, y, seq);
    }
    return d === 1;
  }

  /** algorithms §5.5: seq of the first unpromoted record among the top floor(n·q), or -1. */
  promotable(rung: number, q: number): number {
    return this.ex.rungPromotable(this.ptr, rung, q, roundHalfEven(1 / q));
  }

  /** Is the (unpromoted) record (reward, seq) among the top floor(n·q), with n large enough? */
  isPromotable(rung: number, q: number, reward: number, seq: number): boolean {
    const n = this.count(rung);
    if (n < roundHalfEven(1 / q)) return false;
    const rank = this.ex.rungRank(this.ptr, rung, reward, seq);
    return rank >= 0 && rank < Math.floor(n * q);
  }

  markPromoted(rung: number, reward: number, seq: number): void {
    this.ex.rungMarkPromoted(this.ptr, rung, reward, seq);
  }

  /** The rung's records in arrival (seq) order. */
  entries(rung: number): RungEntry[] {
    const n = this.count(rung);
    const ar = arenaFor(this.ex);
    const out = ar.alloc(3 * n);
    this.ex.rungExport(this.ptr, rung, out);
    const v = ar.view(out, 3 * n);
    const rows: RungEntry[] = [];
    for (let i = 0; i < n; i++) rows.push({ reward: v[3 * i], seq: v[3 * i + 1], promoted: v[3 * i + 2] === 1 });
    return rows.sort((a, b) => a.seq - b.seq);
  }
}
