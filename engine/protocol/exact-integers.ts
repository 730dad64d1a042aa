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
 * A payload warden builds anew (a filtered listing, a redacted answer) is serialised from the
 * parsed value, so such numbers in it come out rounded.
 */
import { randomBytes } from 'node:crypto';
import { canonicalJson } from '../journal/canonical.js';
import type { JsonRpcMessage } from './jsonrpc.js';
import { keepPayloadText, PAYLOAD_KEYS } from './message-text.js';

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
const NONCE = randomBytes(12).toString('hex');
const SWAPPED = new RegExp(`"\\\\u0000${NONCE}:([-+.0-9eE]+)"`, 'g');

export function keepExactIntegers(text: string, message: JsonRpcMessage): void {
  const parsed = message as unknown as Record<string, unknown>;
  if (!PAYLOAD_KEYS.some((key) => holdsUnsafeNumber(parsed[key]))) return;
  const swapped = swapInexactNumbers(text);
  if (swapped === undefined) return;
  const faithful = JSON.parse(swapped) as Record<string, unknown>;
  for (const key of PAYLOAD_KEYS) {
    const payload = parsed[key];
    if (typeof payload !== 'object' || payload === null) continue;
    let canonical: string;
    try {
      canonical = canonicalJson(faithful[key]);
    } catch {
      // A number JSON.parse makes infinite; the payload is serialised as before, and refused there.
      continue;
    }
    const restored = canonical.replace(SWAPPED, '$1');
    if (restored !== canonical) keepPayloadText(payload, restored);
  }
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

/** `text` with every inexact number outside strings written as a marked string, or undefined when there is none. */
function swapInexactNumbers(text: string): string | undefined {
  let out = '';
  let copied = 0;
  forEachNumber(text, (start, literal) => {
    if (!inexact(literal)) return;
    out += `${text.slice(copied, start)}"\\u0000${NONCE}:${literal}"`;
    copied = start + literal.length;
  });
  return copied === 0 ? undefined : out + text.slice(copied);
}

/** 16 significant digits or more that JSON.stringify would not write back as they are. */
function inexact(literal: string): boolean {
  const mantissa = literal.replace(/[eE].*$/, '');
  let digits = 0;
  for (let i = 0; i < mantissa.length; i++) if (mantissa.charCodeAt(i) >= 0x30 && mantissa.charCodeAt(i) <= 0x39) digits++;
  return digits >= 16 && JSON.stringify(Number(literal)) !== literal;
}

/** Calls `visit` with each number token of JSON `text` (outside strings) and where it starts. */
function forEachNumber(text: string, visit: (start: number, literal: string) => void): void {
  let at = 0;
  while (at < text.length) {
    const quote = text.indexOf('"', at);
    const end = quote === -1 ? text.length : quote;
    NUMBER.lastIndex = 0;
    const segment = text.slice(at, end);
    for (let m = NUMBER.exec(segment); m !== null; m = NUMBER.exec(segment)) visit(at + m.index, m[0]);
    if (quote === -1) return;
    at = stringEnd(text, quote + 1);
  }
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
