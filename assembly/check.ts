// Argument checks at the entry of every exported function, compiled into the debug build only
// (the release build is built with --noAssert, where ASC_NO_ASSERT is true and every check
// folds away). A failed check records a static message naming the function and the rule, then
// traps; the loader (src/wasm/module.ts) reads the message through abortReason() and throws an
// HpoError with it. No allocation happens here: the JS arena owns the memory above __heap_base.

let reason: usize = 0;

/** The message of the last failed check (a static UTF-16 string), or 0; reading it clears it. */
export function abortReason(): usize {
  const r = reason;
  reason = 0;
  return r;
}

/** Whether this build checks its arguments (the debug build does). */
export function checksEnabled(): bool {
  return !ASC_NO_ASSERT;
}

function fail(message: string): void {
  reason = changetype<usize>(message);
  unreachable();
}

/** A rule on sizes or indices. */
@inline export function expect(ok: bool, message: string): void {
  if (!ASC_NO_ASSERT && !ok) fail(message);
}

/** `count` doubles at `p`: 8-byte aligned, above the static data, inside memory. */
@inline export function doubles(p: usize, count: i64, message: string): void {
  if (!ASC_NO_ASSERT) {
    const end = <u64>p + <u64>max<i64>(count, 0) * 8;
    if ((p & 7) != 0 || count < 0 || p < __heap_base || end > (<u64>memory.size() << 16)) fail(message);
  }
}
