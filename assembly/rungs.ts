// Rung records of asynchronous Hyperband (algorithms §5.4, §5.5) as order-statistic treaps in linear
// memory, one per rung, so that both the stopping cutoff (a percentile) and the promotion query
// (first unpromoted record among the top floor(n·q)) cost O(log n) instead of a sort per report.
// see: Seidel & Aragon, "Randomized search trees" (1996); order statistics by subtree sizes
// (Cormen et al., "Introduction to Algorithms", §14.1).
//
// Store layout (byte offsets from `st`):
//   0 capacity i32 | 4 used i32 | 8 rungs i32 | 12 rng u32 | 16 roots[rungs] i32 | nodes…
// Node (32 bytes): 0 reward f64 | 8 seq i32 | 12 prio u32 | 16 left i32 | 20 right i32 |
//   24 size i32 | 28 unpromoted-in-subtree i32.
// In-order = reward descending, then seq ascending (earlier arrival first among ties).

import { doubles, expect } from "./check";
const NODE: i32 = 32;

@inline function nodesBase(st: usize): usize {
  const rungs = load<i32>(st, 8);
  return st + ((<usize>(16 + 4 * rungs) + 31) & ~31);
}
@inline function nd(st: usize, i: i32): usize {
  return nodesBase(st) + <usize>i * NODE;
}
@inline function rootAt(st: usize, rung: i32): usize {
  return st + 16 + (<usize>rung << 2);
}
@inline function size(st: usize, i: i32): i32 {
  return i < 0 ? 0 : load<i32>(nd(st, i), 24);
}
@inline function unprom(st: usize, i: i32): i32 {
  return i < 0 ? 0 : load<i32>(nd(st, i), 28);
}
@inline function left(st: usize, i: i32): i32 {
  return load<i32>(nd(st, i), 16);
}
@inline function right(st: usize, i: i32): i32 {
  return load<i32>(nd(st, i), 20);
}
@inline function selfUnprom(st: usize, i: i32): i32 {
  return unprom(st, i) - unprom(st, left(st, i)) - unprom(st, right(st, i));
}
function pull(st: usize, i: i32, own: i32): void {
  const p = nd(st, i);
  const l = load<i32>(p, 16), r = load<i32>(p, 20);
  store<i32>(p, 1 + size(st, l) + size(st, r), 24);
  store<i32>(p, own + unprom(st, l) + unprom(st, r), 28);
}
// a before b in order?
@inline function before(ra: f64, sa: i32, rb: f64, sb: i32): bool {
  return ra > rb || (ra == rb && sa < sb);
}

// debug build: the store's header inside memory, and a rung index it has (assembly/check.ts)
@inline function checkRung(st: usize, rung: i32, storeRule: string, rungRule: string): void {
  if (!ASC_NO_ASSERT) {
    doubles(st, 2, storeRule);
    expect(rung >= 0 && rung < load<i32>(st, 8), rungRule);
  }
}

/** Bytes a st with this capacity and number of rungs needs. */
export function rungStoreBytes(capacity: i32, rungs: i32): i32 {
  return ((16 + 4 * rungs + 31) & ~31) + capacity * NODE;
}

export function rungStoreInit(st: usize, capacity: i32, rungs: i32, seed: u32): void {
  if (!ASC_NO_ASSERT) {
    expect(capacity >= 0 && rungs >= 1, "rungStoreInit: capacity must be >= 0 and rungs >= 1");
    doubles(st, rungStoreBytes(capacity, rungs) >> 3, "rungStoreInit: st must hold rungStoreBytes(capacity, rungs) / 8 doubles inside the arena");
  }
  store<i32>(st, capacity, 0);
  store<i32>(st, 0, 4);
  store<i32>(st, rungs, 8);
  store<u32>(st, seed | 1, 12);
  for (let r = 0; r < rungs; r++) store<i32>(rootAt(st, r), -1);
}

/** Copies a st into a larger block (capacity >= the old one). */
export function rungStoreCopy(from: usize, to: usize, capacity: i32): void {
  if (!ASC_NO_ASSERT) {
    doubles(from, 2, "rungStoreCopy: from must hold a store header of doubles inside the arena");
    expect(capacity >= load<i32>(from, 4), "rungStoreCopy: capacity must hold the records already stored");
    doubles(to, rungStoreBytes(capacity, load<i32>(from, 8)) >> 3, "rungStoreCopy: to must hold rungStoreBytes(capacity, rungs) / 8 doubles inside the arena");
  }
  const rungs = load<i32>(from, 8);
  memory.copy(to, from, <usize>rungStoreBytes(load<i32>(from, 4), rungs));
  store<i32>(to, capacity, 0);
}

function nextPrio(st: usize): u32 {
  let x = load<u32>(st, 12); // xorshift32: priorities only need to be well spread
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  store<u32>(st, x, 12);
  return x;
}

function insertAt(st: usize, t: i32, n: i32): i32 {
  if (t < 0) return n;
  const pn = nd(st, n), pt = nd(st, t);
  const own = selfUnprom(st, t);
  if (before(load<f64>(pn), load<i32>(pn, 8), load<f64>(pt), load<i32>(pt, 8))) {
    const l = insertAt(st, load<i32>(pt, 16), n);
    store<i32>(pt, l, 16);
    pull(st, t, own);
    if (load<u32>(nd(st, l), 12) > load<u32>(pt, 12)) {
      // rotate right
      const lOwn = selfUnprom(st, l);
      store<i32>(pt, right(st, l), 16);
      pull(st, t, own);
      store<i32>(nd(st, l), t, 20);
      pull(st, l, lOwn);
      return l;
    }
  } else {
    const r = insertAt(st, load<i32>(pt, 20), n);
    store<i32>(pt, r, 20);
    pull(st, t, own);
    if (load<u32>(nd(st, r), 12) > load<u32>(pt, 12)) {
      const rOwn = selfUnprom(st, r);
      store<i32>(pt, left(st, r), 20);
      pull(st, t, own);
      store<i32>(nd(st, r), t, 16);
      pull(st, r, rOwn);
      return r;
    }
  }
  return t;
}

/** Adds a record; returns 0, or 1 when the st is full (grow it and retry). */
export function rungInsert(st: usize, rung: i32, reward: f64, seq: i32, promoted: i32): i32 {
  if (!ASC_NO_ASSERT) {
    checkRung(st, rung, "rungInsert: st must be a rung store inside the arena", "rungInsert: rung must be one of the store's rungs");
  }
  const used = load<i32>(st, 4);
  if (used >= load<i32>(st, 0)) return 1;
  const p = nd(st, used);
  store<f64>(p, reward);
  store<i32>(p, seq, 8);
  store<u32>(p, nextPrio(st), 12);
  store<i32>(p, -1, 16);
  store<i32>(p, -1, 20);
  store<i32>(p, 1, 24);
  store<i32>(p, promoted ? 0 : 1, 28);
  store<i32>(st, used + 1, 4);
  const root = rootAt(st, rung);
  store<i32>(root, insertAt(st, load<i32>(root), used));
  return 0;
}

export function rungCount(st: usize, rung: i32): i32 {
  if (!ASC_NO_ASSERT) {
    checkRung(st, rung, "rungCount: st must be a rung store inside the arena", "rungCount: rung must be one of the store's rungs");
  }
  return size(st, load<i32>(rootAt(st, rung)));
}

/** The k-th record in order (0 = highest reward); its index. */
function select(st: usize, rung: i32, k: i32): i32 {
  let t = load<i32>(rootAt(st, rung));
  while (t >= 0) {
    const ls = size(st, left(st, t));
    if (k < ls) t = left(st, t);
    else if (k == ls) return t;
    else {
      k -= ls + 1;
      t = right(st, t);
    }
  }
  return -1;
}

/** numpy's linear-interpolation percentile at 100·(1 − q) of the rung's rewards; NaN if empty. */
export function rungCutoff(st: usize, rung: i32, q: f64): f64 {
  if (!ASC_NO_ASSERT) {
    checkRung(st, rung, "rungCutoff: st must be a rung store inside the arena", "rungCutoff: rung must be one of the store's rungs");
  }
  const n = rungCount(st, rung);
  if (n == 0) return NaN;
  const p = (1.0 - q) * <f64>(n - 1);
  const lo = <i32>Math.floor(p), hi = <i32>Math.ceil(p);
  // ascending index i is descending index n − 1 − i
  const vlo = load<f64>(nd(st, select(st, rung, n - 1 - lo)));
  const vhi = load<f64>(nd(st, select(st, rung, n - 1 - hi)));
  return vlo + (p - <f64>lo) * (vhi - vlo);
}

/**
 * algorithms §5.4 in one call: compares y with the cutoff of the earlier records, then records y.
 * Returns 1 = stop, 0 = continue, -1 = st full (nothing recorded).
 */
export function rungStoppingDecide(st: usize, rung: i32, q: f64, y: f64, seq: i32): i32 {
  if (!ASC_NO_ASSERT) {
    checkRung(st, rung, "rungStoppingDecide: st must be a rung store inside the arena", "rungStoppingDecide: rung must be one of the store's rungs");
  }
  if (load<i32>(st, 4) >= load<i32>(st, 0)) return -1;
  const n = rungCount(st, rung);
  const stop = n > 0 && y < rungCutoff(st, rung, q) ? 1 : 0;
  rungInsert(st, rung, y, seq, 0);
  return stop;
}

/**
 * algorithms §5.5: with n >= minRecords, the seq of the first unpromoted record among the top
 * floor(n·q); -1 if none.
 */
export function rungPromotable(st: usize, rung: i32, q: f64, minRecords: i32): i32 {
  if (!ASC_NO_ASSERT) {
    checkRung(st, rung, "rungPromotable: st must be a rung store inside the arena", "rungPromotable: rung must be one of the store's rungs");
  }
  const n = rungCount(st, rung);
  if (n < minRecords) return -1;
  const m = <i32>Math.floor(<f64>n * q);
  let t = load<i32>(rootAt(st, rung));
  let offset = 0;
  while (t >= 0) {
    const l = left(st, t);
    if (unprom(st, l) > 0) {
      t = l;
      continue;
    }
    const rank = offset + size(st, l);
    if (rank >= m) return -1;
    if (selfUnprom(st, t) > 0) return load<i32>(nd(st, t), 8);
    offset = rank + 1;
    t = right(st, t);
    if (t >= 0 && unprom(st, t) == 0) return -1;
  }
  return -1;
}

/** Rank (0 = first in order) of the record (reward, seq). */
export function rungRank(st: usize, rung: i32, reward: f64, seq: i32): i32 {
  if (!ASC_NO_ASSERT) {
    checkRung(st, rung, "rungRank: st must be a rung store inside the arena", "rungRank: rung must be one of the store's rungs");
  }
  let t = load<i32>(rootAt(st, rung));
  let rank = 0;
  while (t >= 0) {
    const p = nd(st, t);
    const tr = load<f64>(p), ts = load<i32>(p, 8);
    if (tr == reward && ts == seq) return rank + size(st, left(st, t));
    if (before(reward, seq, tr, ts)) t = left(st, t);
    else {
      rank += size(st, left(st, t)) + 1;
      t = right(st, t);
    }
  }
  return -1;
}

/** Marks the record (reward, seq) promoted; returns 0, or 1 if it was not found or already promoted. */
export function rungMarkPromoted(st: usize, rung: i32, reward: f64, seq: i32): i32 {
  if (!ASC_NO_ASSERT) {
    checkRung(st, rung, "rungMarkPromoted: st must be a rung store inside the arena", "rungMarkPromoted: rung must be one of the store's rungs");
  }
  // find first, so the counts are only touched when the record exists
  let t = load<i32>(rootAt(st, rung));
  while (t >= 0) {
    const p = nd(st, t);
    const tr = load<f64>(p), ts = load<i32>(p, 8);
    if (tr == reward && ts == seq) break;
    t = before(reward, seq, tr, ts) ? left(st, t) : right(st, t);
  }
  if (t < 0 || selfUnprom(st, t) == 0) return 1;
  t = load<i32>(rootAt(st, rung));
  while (t >= 0) {
    const p = nd(st, t);
    store<i32>(p, load<i32>(p, 28) - 1, 28);
    const tr = load<f64>(p), ts = load<i32>(p, 8);
    if (tr == reward && ts == seq) return 0;
    t = before(reward, seq, tr, ts) ? left(st, t) : right(st, t);
  }
  return 1; // unreachable: the record was found above
}

/** Writes (reward, seq, promoted) of every record of the rung in order into out (3 f64 each). */
export function rungExport(st: usize, rung: i32, out: usize): i32 {
  if (!ASC_NO_ASSERT) {
    checkRung(st, rung, "rungExport: st must be a rung store inside the arena", "rungExport: rung must be one of the store's rungs");
    doubles(out, 3 * <i64>rungCount(st, rung), "rungExport: out must hold 3 per record doubles inside the arena");
  }
  return exportFrom(st, load<i32>(rootAt(st, rung)), out, 0);
}

function exportFrom(st: usize, t: i32, out: usize, k: i32): i32 {
  if (t < 0) return k;
  k = exportFrom(st, left(st, t), out, k);
  const p = nd(st, t);
  const o = out + <usize>k * 24;
  store<f64>(o, load<f64>(p));
  store<f64>(o, <f64>load<i32>(p, 8), 8);
  store<f64>(o, selfUnprom(st, t) > 0 ? 0.0 : 1.0, 16);
  return exportFrom(st, right(st, t), out, k + 1);
}
