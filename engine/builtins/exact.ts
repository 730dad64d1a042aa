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

/** JSON text for a value whose bigint members are written as exact integers. */
export function jsonWithBigInts(value: unknown): ArrayBuffer {
  const tag = `\u0000${Math.random().toString(36).slice(2)}:`;
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? tag + v.toString() : v));
  const marker = JSON.stringify(tag).slice(1, -1);
  return rawJson(text.replace(new RegExp(`"${marker.replace(/\\/g, '\\\\')}(-?\\d+)"`, 'g'), '$1'));
}

/**
 * The integer a JSON number was most likely written as. Operands arrive via
 * JSON.parse, so 1585852421593912000 becomes the double 1585852421593912064;
 * its shortest decimal form gives back the written digits whenever they
 * had at most 17 significant figures (true of ms- and µs-precision times).
 */
export function writtenInteger(n: number): bigint {
  const text = String(n);
  return /^-?\d+$/.test(text) ? BigInt(text) : BigInt(n);
}
