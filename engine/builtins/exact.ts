/**
 * Exact numbers in results. The SDK JSON.stringifies what a builtin returns,
 * so a JS number past 2^53 (every nanosecond timestamp) would lose digits;
 * builtins return such numbers as bigints or RegoDecimals instead, which the
 * host wrapper writes out as digits for the runtime (wire.ts).
 */
import { RegoDecimal } from './wire.js';

/** For JSON text a builtin writes itself (user JSON goes through parseExactJson, so its tag-like objects are escaped). */
export { rawJson } from './wire.js';

export function exactInteger(n: bigint): bigint | number {
  const asNumber = Number(n);
  return Number.isSafeInteger(asNumber) ? asNumber : n;
}

/** A JSON number's text as the closest exact value: a number when a double holds it exactly. */
export function exactNumber(text: string): unknown {
  if (/^-?\d+$/.test(text)) return exactInteger(BigInt(text));
  return String(Number(text)) === text ? Number(text) : new RegoDecimal(text);
}

/** Whether JSON.parse would round the number written as this text. */
function rounds(text: string): boolean {
  const mantissa = text.replace(/[eE].*$/, '').replace(/[-.]/g, '').replace(/^0+/, '');
  const exponent = Math.abs(Number(/[eE]([-+]?\d+)$/.exec(text)?.[1] ?? 0));
  return mantissa.length > 15 || exponent > 300;
}

/** Number tokens of valid JSON text, with their offsets (strings are skipped). */
function* numberTokens(text: string): Generator<{ start: number; end: number }> {
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      const start = i;
      while (i + 1 < text.length && /[-+.\deE]/.test(text[i + 1]!)) i++;
      yield { start, end: i + 1 };
    }
  }
}

/**
 * JSON.parse, except that numbers a double would round come back exact
 * (exactNumber). Those are swapped for marker strings before parsing and
 * back after; the marker is chosen to occur nowhere in the text.
 */
export function parseExactJson(text: string): unknown {
  return parseKeepingNumbers(text, rounds, exactNumber);
}

/**
 * JSON.parse, except that every number JSON.stringify would write otherwise (`1e3`, `1.50`,
 * integers past 2^53) comes back as written: what `opa eval` prints of a value, since OPA keeps
 * a number's text (Go's json.Number) until arithmetic makes a new one.
 */
export function parseWrittenJson(text: string): unknown {
  return parseKeepingNumbers(text, (literal) => JSON.stringify(Number(literal)) !== literal, writtenNumber);
}

function writtenNumber(text: string): unknown {
  return /^-?\d+$/.test(text) && text !== '-0' ? exactInteger(BigInt(text)) : new RegoDecimal(text);
}

function parseKeepingNumbers(text: string, keep: (literal: string) => boolean, value: (literal: string) => unknown): unknown {
  const parsed: unknown = JSON.parse(text);
  const tokens = [...numberTokens(text)].filter((t) => keep(text.slice(t.start, t.end)));
  if (tokens.length === 0) return parsed;
  let marker = '';
  while (marker === '' || text.includes(marker)) marker = `exact-${Math.random().toString(36).slice(2)}:`;
  let rewritten = '';
  let last = 0;
  for (const t of tokens) {
    rewritten += `${text.slice(last, t.start)}"${marker}${text.slice(t.start, t.end)}"`;
    last = t.end;
  }
  rewritten += text.slice(last);
  return JSON.parse(rewritten, (_key, v: unknown) => (typeof v === 'string' && v.startsWith(marker) ? value(v.slice(marker.length)) : v));
}

/**
 * The integer a JSON number was most likely written as, for a number that
 * reached a builtin rounded (one not marked withExactNumbers): its shortest
 * decimal form gives back the written digits whenever they had at most 17
 * significant figures (true of ms- and µs-precision times).
 */
export function writtenInteger(n: number): bigint {
  const text = String(n);
  return /^-?\d+$/.test(text) ? BigInt(text) : BigInt(n);
}
