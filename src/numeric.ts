// Small numeric helpers shared across layers (domains, rungs, the Wasm rung store).

/** Python's round(): halves go to the even neighbour, so rung sizes match the reference exactly. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
