// A bump allocator over the module's linear memory, above the module's static data. Each
// top-level operation resets it, allocates what it needs, and reads results out before
// returning; nothing in Wasm memory outlives the call that put it there.
import type { WasmExports } from "./module.js";

const PAGE = 65536;

export class Arena {
  private top: number;
  private base: number;

  constructor(readonly exports: WasmExports) {
    this.base = align(exports.heapBase());
    this.top = this.base;
  }

  reset(): void {
    this.top = this.base;
  }

  /**
   * A block that outlives arena resets (e.g. rung records): carved off below the arena, which
   * then starts above it. Never freed; callers that outgrow a block reserve a larger one.
   */
  reserve(bytes: number): number {
    // above anything the current arena session holds, so that stays valid
    const ptr = Math.max(this.base, this.top);
    this.base = align(ptr + bytes);
    this.top = this.base;
    const mem = this.exports.memory;
    const need = this.base - mem.buffer.byteLength;
    if (need > 0) mem.grow(Math.ceil(need / PAGE));
    return ptr;
  }

  /** The current top, to release() back to: scratch of an inner loop without growing the arena. */
  mark(): number {
    return this.top;
  }

  release(mark: number): void {
    this.top = mark;
  }

  /** Reserves room for `count` doubles and returns the byte pointer (16-byte aligned). */
  alloc(count: number): number {
    const ptr = this.top;
    this.top = align(ptr + count * 8);
    const mem = this.exports.memory;
    const need = this.top - mem.buffer.byteLength;
    if (need > 0) mem.grow(Math.ceil(need / PAGE));
    return ptr;
  }

  /** A fresh view (views detach when memory grows, so never keep one across alloc()). */
  view(ptr: number, count: number): Float64Array {
    return new Float64Array(this.exports.memory.buffer, ptr, count);
  }

  /** Allocates and copies `data` in. */
  put(data: ArrayLike<number>): number {
    const ptr = this.alloc(data.length);
    this.view(ptr, data.length).set(data);
    return ptr;
  }

  /** Allocates and copies `count` doubles from `ptr` (inside Wasm memory). */
  copy(ptr: number, count: number): number {
    const to = this.alloc(count);
    new Uint8Array(this.exports.memory.buffer).copyWithin(to, ptr, ptr + count * 8);
    return to;
  }

  /** Copies `count` doubles out into a new Float64Array. */
  take(ptr: number, count: number): Float64Array {
    return this.view(ptr, count).slice();
  }
}

function align(p: number): number {
  return (p + 15) & ~15;
}

const arenas = new WeakMap<WasmExports, Arena>();

/** The arena of an instance (not reset). */
export function arenaOf(exports: WasmExports): Arena {
  let a = arenas.get(exports);
  if (!a) {
    a = new Arena(exports);
    arenas.set(exports, a);
  }
  return a;
}

/** The arena of an instance, reset and ready for one top-level operation. */
export function arenaFor(exports: WasmExports): Arena {
  const a = arenaOf(exports);
  a.reset();
  return a;
}
