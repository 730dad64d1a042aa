/**
 * Integers a JavaScript number cannot hold, kept as they were written. JSON.parse reads
 * 12345678901234567890 as 12345678901234567000, so a tool argument or result holding a database
 * id, an int64 bound or a nanosecond time would reach the other side, and the policy, changed.
 * When a payload's parsed value holds a number past 2^53 - 1, the text of each payload is taken
 * here with every number of 16 digits or more that would not read back the same as written: the
 * policy's input, the journal's commitment and the frame forwarded are all written from that
 * text (message-text.ts), and the policy's runtime reads big integers exactly. The parsed value
 * keeps the rounded number for what reads it in JavaScript (argument checks, routing).
 *
 * How: each such number is swapped for a string no peer can write (it carries a random nonce),
 * the frame is parsed again, each payload is canonicalised, and the strings are swapped back.
 * A payload warden builds from such payloads (a filtered listing, a redacted answer, a merged
 * listing) gets its text the same way (keepDerivedText, markedPayload and keepMarkedText).
 */
import { canonicalJson } from '../journal/canonical.js';
import { isJsonObject, type JsonObject, type JsonRpcMessage, type JsonValue } from './jsonrpc.js';
import { holdsExactIntegers, keepPayloadText, PAYLOAD_KEYS, takenText } from './message-text.js';
import { numberMarker, unmarkNumbers } from './number-markers.js';

export { numberMarker, unmarkNumbers };

const LONG_RUN = /\d{16,}/g;
const TOO_LARGE = 'it holds a number too large for a double (past 1.8e308)';

/**
 * Keeps the exact text of the payloads holding integers past 2^53 - 1. Returns why the message
 * cannot be carried at all: a number JSON.parse made infinite (1e400) has no value to decide on,
 * journal or forward, so the message is refused as malformed before anything acts on it. Only
 * the rare payload holding an unsafe number is walked for it.
 */
export function keepExactIntegers(text: string, message: JsonRpcMessage): string | undefined {
  const parsed = message as unknown as Record<string, unknown>;
  if (!PAYLOAD_KEYS.some((key) => holdsUnsafeNumber(parsed[key]))) return undefined;
  if (PAYLOAD_KEYS.some((key) => holdsNonFinite(parsed[key]))) return TOO_LARGE;
  const swapped = markInexactNumbers(text);
  if (swapped === undefined) return undefined;
  const faithful = JSON.parse(swapped) as Record<string, unknown>;
  for (const key of PAYLOAD_KEYS) {
    const payload = parsed[key];
    if (typeof payload !== 'object' || payload === null) continue;
    const canonical = canonicalJson(faithful[key]);
    const restored = unmarkNumbers(canonical);
    if (restored !== canonical) keepPayloadText(payload, restored);
  }
  return undefined;
}

function holdsNonFinite(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (typeof value !== 'object' || value === null) return false;
  for (const member of Array.isArray(value) ? value : Object.values(value)) if (holdsNonFinite(member)) return true;
  return false;
}

/**
 * Keeps for `derived`, a payload warden builds from the payload `source` (a listing it hid tools
 * from, an answer it redacted), the text with every digit: `build` makes the same payload from
 * `source` read again with each inexact number as its marker string. A source whose value holds
 * its numbers exactly needs nothing: `derived` is serialised from its value as any payload is.
 */
export function keepDerivedText<T extends object>(source: JsonObject, derived: T, build: (marked: JsonObject) => JsonValue): T {
  if (holdsExactIntegers(source)) keepMarkedText(derived, build(markedPayload(source)));
  return derived;
}

/**
 * `payload` read again from its taken text with each inexact number as its marker string, when
 * it holds integers only that text has; else `payload` itself, whose numbers are exact.
 */
export function markedPayload(payload: JsonObject): JsonObject {
  const text = holdsExactIntegers(payload) ? takenText(payload) : undefined;
  return text === undefined ? payload : parseMarked(text) as JsonObject;
}

/** Takes for `derived` the text of `marked`, the same payload built from marked parts, each marker written as its number. */
export function keepMarkedText(derived: object, marked: JsonValue): void {
  keepPayloadText(derived, exactJson(marked));
}

/**
 * The member of `payload` at `path` as it was written: a number past 2^53 - 1 as the marker of its
 * digits when the payload's text holds them, so two values that differ only past a double's
 * precision (progress tokens, say) never compare equal; any other value as it is.
 */
export function exactMember(payload: JsonObject, path: readonly string[]): JsonValue | undefined {
  const value = memberAt(payload, path);
  if (typeof value !== 'number' || Number.isSafeInteger(value)) return value;
  return memberAt(markedPayload(payload), path);
}

function memberAt(value: JsonValue | undefined, path: readonly string[]): JsonValue | undefined {
  let at = value;
  for (const key of path) at = isJsonObject(at) ? at[key] : undefined;
  return at;
}

/** JSON `text` parsed with each inexact number as its marker string. */
export function parseMarked(text: string): JsonValue {
  return JSON.parse(markInexactNumbers(text) ?? text) as JsonValue;
}

/**
 * Canonical JSON (RFC 8785) of a marked value, each marker written as its number. Throws for a
 * number JSON.parse made infinite (1e400): there is no exact text to give for it.
 */
export function exactJson(marked: JsonValue): string {
  let text: string;
  try {
    text = canonicalJson(marked);
  } catch {
    throw new RangeError(TOO_LARGE);
  }
  return unmarkNumbers(text);
}

/**
 * Whether the parsed value holds a number past 2^53 - 1, which a literal of more digits may have
 * been rounded to. A walk of the value and not a search of the text: a tool answer is mostly
 * strings, which the walk skips whole (16 KB of prose: 0.05 us walked, 23 us searched for a run
 * of 16 digits; a 1.6 MB listing of 1,000 tools: 0.5 ms, a twentieth of its JSON.parse).
 */
export function holdsUnsafeNumber(value: unknown): boolean {
  if (typeof value === 'number') return !(Math.abs(value) <= Number.MAX_SAFE_INTEGER);
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (holdsUnsafeNumber(value[i])) return true;
    return false;
  }
  const members = value as Record<string, unknown>;
  for (const key in members) if (holdsUnsafeNumber(members[key])) return true;
  return false;
}

/** JSON `text` with every inexact number outside strings written as its marker string, or undefined when there is none. */
export function markInexactNumbers(text: string): string | undefined {
  return markNumbers(text, forEachLongNumber, inexact);
}

/** Calls `visit` with each number token of JSON `text` that `forEach` finds, and where it starts. */
export type NumberScan = (text: string, visit: (start: number, literal: string) => void) => void;

/**
 * JSON `text` with each number `forEach` finds and `marks` picks written as its marker string,
 * or undefined when there is none.
 */
export function markNumbers(text: string, forEach: NumberScan, marks: (literal: string) => boolean): string | undefined {
  const parts: string[] = [];
  let copied = 0;
  forEach(text, (start, literal) => {
    if (!marks(literal)) return;
    parts.push(text.slice(copied, start), `"${numberMarker(literal)}"`);
    copied = start + literal.length;
  });
  if (copied === 0) return undefined;
  parts.push(text.slice(copied));
  return parts.join('');
}

/** Every number token of JSON `text` (outside strings): for text read once, where each number matters. */
export function forEachNumber(text: string, visit: (start: number, literal: string) => void): void {
  for (let at = 0; at < text.length;) {
    const c = text.charCodeAt(at);
    if (c === 0x22) {
      at = stringEnd(text, at + 1);
      continue;
    }
    if (c !== 0x2d && !(c >= 0x30 && c <= 0x39)) {
      at++;
      continue;
    }
    let end = at + 1;
    while (end < text.length && isNumberChar(text.charCodeAt(end))) end++;
    visit(at, text.slice(at, end));
    at = end;
  }
}

/** A literal (of 16 digits or more, as forEachLongNumber finds them) JSON.stringify would not write back as written. */
function inexact(literal: string): boolean {
  return JSON.stringify(Number(literal)) !== literal;
}

/**
 * Calls `visit` with each number token of JSON `text` (outside strings) holding a run of 16 digits
 * or more, and where it starts. The runs are found by a native search; each is placed inside or
 * outside a string by walking the string boundaries before it, each boundary once.
 */
function forEachLongNumber(text: string, visit: (start: number, literal: string) => void): void {
  // `outside` is never inside a string; `quote` is the first quote at or after it (-1: none).
  let outside = 0;
  let quote = text.indexOf('"');
  LONG_RUN.lastIndex = 0;
  for (let run = LONG_RUN.exec(text); run !== null; run = LONG_RUN.exec(text)) {
    let inString = false;
    while (quote !== -1 && quote < run.index) {
      outside = stringEnd(text, quote + 1);
      quote = text.indexOf('"', outside);
      if (outside > run.index) {
        inString = true;
        break;
      }
    }
    if (inString) {
      LONG_RUN.lastIndex = outside;
      continue;
    }
    let start = run.index;
    while (start > 0 && isNumberChar(text.charCodeAt(start - 1))) start--;
    let end = run.index + run[0].length;
    while (end < text.length && isNumberChar(text.charCodeAt(end))) end++;
    visit(start, text.slice(start, end));
    LONG_RUN.lastIndex = end;
  }
}

/** `-`, `+`, `.`, digits, `e` and `E`: what a JSON number is written with. */
function isNumberChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45;
}

/** The index after the string that starts at `from` (just after its opening quote). */
function stringEnd(text: string, from: number): number {
  for (let at = from; ;) {
    const quote = text.indexOf('"', at);
    if (quote === -1) return text.length;
    let backslashes = 0;
    while (quote - 1 - backslashes >= from && text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    at = quote + 1;
  }
}
