/**
 * A message's payload (its params, result or error) as JSON text, taken once. Three consumers
 * need it as text: the decision input, the journal's commitment and the frame forwarded. A tool
 * answer of 64 KB takes about 100 µs to serialise, so the payload of a large frame is serialised
 * once, as it arrives (takeLargePayloadText), in the RFC 8785 canonical form the commitment
 * needs, which for the other two is JSON of the same value. A small payload costs less to
 * serialise natively three times than to walk in JavaScript and freeze, so it is serialised where
 * it is needed, as before.
 *
 * The text stands for its object only while the object stays as it was: a payload whose text is
 * taken is frozen, deeply, so that a later change throws instead of leaving the text stale. Id
 * mapping builds a new message around the same payload, which keeps its text; redaction and
 * tool filtering build new payloads, which are serialised afresh unless their source holds
 * integers only its text has (exact-integers.ts, keepDerivedText).
 */
import { canonicalJson } from '../journal/canonical.js';
import { deepFreeze } from './deep-freeze.js';
import type { JsonRpcMessage } from './jsonrpc.js';
import { isNumberMarker, unmarkNumbers } from './number-markers.js';

const texts = new WeakMap<object, string>();

/** Canonical JSON text of `payload`, kept for the object's lifetime; throws NotJsonError as canonicalJson does. */
export function payloadText(payload: object): string {
  let text = texts.get(payload);
  if (text === undefined) {
    text = canonicalJson(payload);
    deepFreeze(payload);
    texts.set(payload, text);
  }
  return text;
}

/**
 * Takes `text` as the text of `payload`, which it must be JSON of: for a payload whose numbers
 * the parsed value cannot hold exactly (exact-integers.ts), the text is the faithful one.
 */
export function keepPayloadText(payload: object, text: string): void {
  deepFreeze(payload);
  texts.set(payload, text);
  exact.add(payload);
}

/** Payloads whose taken text holds integers that their parsed value holds only rounded. */
const exact = new WeakSet<object>();

/** Whether only the taken text of `payload` holds its numbers exactly: it must not be serialised anew. */
export function holdsExactIntegers(payload: object): boolean {
  return exact.has(payload);
}

/** The text taken for `payload`, if any. */
export function takenText(payload: object): string | undefined {
  return texts.get(payload);
}

/** The members of a message that carry its payload. */
export const PAYLOAD_KEYS = ['params', 'result', 'error'] as const;
type PayloadKey = (typeof PAYLOAD_KEYS)[number];

function payloadAt(message: JsonRpcMessage, key: PayloadKey): object | undefined {
  const payload = (message as Partial<Record<PayloadKey, unknown>>)[key];
  return typeof payload === 'object' && payload !== null ? payload : undefined;
}

/** Frames from this size on have their payload's text taken as they are decoded. */
export const TAKE_TEXT_BYTES = 4096;

/** Takes the text of the payload of a decoded frame of `bytes` bytes, if the frame is large. */
export function takeLargePayloadText(message: JsonRpcMessage, bytes: number): void {
  if (bytes < TAKE_TEXT_BYTES) return;
  for (const key of PAYLOAD_KEYS) {
    const payload = payloadAt(message, key);
    if (payload) payloadText(payload);
  }
}

/**
 * The JSON text of a message: `JSON.stringify(message)`, except that a payload whose text was
 * taken is written as that text, after the message's other members.
 */
export function messageText(message: JsonRpcMessage): string {
  const taken = takenPayload(message);
  if (taken === undefined) return withExactId(message, JSON.stringify(message));
  const { key, text, head } = taken;
  return `${head === '{}' ? '{' : `${head.slice(0, -1)},`}"${key}":${text}}`;
}

/** `text`, the JSON of `message`'s members, with an id past 2^53 (a marker, number-markers.ts) written as its number. */
function withExactId(message: JsonRpcMessage, text: string): string {
  return 'id' in message && isNumberMarker(message.id) ? unmarkNumbers(text) : text;
}

/**
 * The length of `messageText(message)` in UTF-16 code units (bytes, for ASCII text), without
 * building it when a payload's text was taken: a large payload is counted, not copied again.
 */
export function messageTextLength(message: JsonRpcMessage): number {
  const taken = takenPayload(message);
  if (taken === undefined) return withExactId(message, JSON.stringify(message)).length;
  const { key, text, head } = taken;
  return (head === '{}' ? 1 : head.length) + key.length + 4 + text.length;
}

/** The first payload of `message` whose text was taken, with the JSON of the message's other members. */
function takenPayload(message: JsonRpcMessage): { key: PayloadKey; text: string; head: string } | undefined {
  for (const key of PAYLOAD_KEYS) {
    const payload = payloadAt(message, key);
    const text = payload && texts.get(payload);
    if (text === undefined) continue;
    const { [key]: _taken, ...rest } = message as unknown as Record<string, unknown>;
    return { key, text, head: withExactId(message, JSON.stringify(rest)) };
  }
  return undefined;
}
