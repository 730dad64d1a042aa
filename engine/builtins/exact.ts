/**
 * Exact JSON results. The SDK JSON.stringifies what a builtin returns, so a
 * JS number past 2^53 (every nanosecond timestamp) would lose digits; but an
 * ArrayBuffer is copied into wasm memory as JSON text untouched. Builtins
 * that produce big integers return them through here.
 */
export function rawJson(text: string): ArrayBuffer {
  return new TextEncoder().encode(text).slice().buffer;
}

export function exactInteger(n: bigint): ArrayBuffer | number {
  const asNumber = Number(n);
  return Number.isSafeInteger(asNumber) ? asNumber : rawJson(n.toString());
}
