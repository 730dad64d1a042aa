/**
 * Serialises an input document for the wasm evaluator. JSON.stringify cannot write a bigint, and
 * a JS number cannot hold epoch nanoseconds exactly, so `time` is spliced in as exact JSON text.
 * The session and principal parts recur in every decision of a session: when they were made by
 * frozenPart, the text it took is spliced in too. So is a payload whose text was taken, once for
 * the decision, the journal and the frame forwarded (protocol/message-text.ts).
 */
import type { DecisionInput, TimeInfo } from './input.js';
import { deepFreeze } from '../protocol/deep-freeze.js';
import { PAYLOAD_KEYS, takenText } from '../protocol/message-text.js';

/** The JSON text of each frozenPart. */
const partText = new WeakMap<object, string>();

/**
 * A deep-frozen copy of `value`, whose JSON text is taken once, here, for every input that holds
 * it. Freezing is what makes that safe: the object cannot change after its text is taken. Only
 * objects made here have a text kept; any other object, frozen or not, is encoded every time.
 */
export function frozenPart<T extends object>(value: T): Readonly<T> {
  const part = deepFreeze(structuredClone(value));
  partText.set(part, JSON.stringify(part));
  return part;
}

export function encodeInput(input: DecisionInput): string {
  const { time, session, principal, ...rest } = input;
  const taken = takenPayloads(rest);
  const body = JSON.stringify(rest);
  const tail = `${taken}${member('session', session)}${member('principal', principal)}"time":${encodeTime(time)}}`;
  return body === '{}' ? `{${tail}` : `${body.slice(0, -1)},${tail}`;
}

/**
 * The payloads whose text was taken (protocol/message-text.ts) as `"key":text,` members. They are
 * cleared in `rest`, the caller's own copy, so that JSON.stringify leaves them out.
 */
function takenPayloads(rest: Omit<DecisionInput, 'time' | 'session' | 'principal'>): string {
  let text = '';
  for (const key of PAYLOAD_KEYS) {
    const value = rest[key];
    const taken = value === undefined ? undefined : takenText(value);
    if (taken === undefined) continue;
    text += `"${key}":${taken},`;
    rest[key] = undefined;
  }
  const request = rest.request;
  const taken = request?.params ? takenText(request.params) : undefined;
  if (request && taken !== undefined) {
    text += `"request":{"id":${JSON.stringify(request.id)},"params":${taken}},`;
    rest.request = undefined;
  }
  return text;
}

/** `"key":text,`, or nothing for a part that is absent (as JSON.stringify leaves it out). */
function member(key: string, part: object | undefined): string {
  return part === undefined ? '' : `"${key}":${partText.get(part) ?? JSON.stringify(part)},`;
}

function encodeTime(time: TimeInfo): string {
  return `{"ns":${time.ns.toString()},"rfc3339":${JSON.stringify(time.rfc3339)}}`;
}

const encoder = new TextEncoder();

/**
 * The SDK takes an ArrayBuffer as already-serialised JSON, which skips its own JSON.stringify.
 * The encoder's result normally owns its whole buffer; copying it (ArrayBuffer.slice) would cost
 * more than the encoding, so the copy is only made when the bytes are a view into a larger one.
 */
export function inputBuffer(inputJson: string): ArrayBuffer {
  const bytes = encoder.encode(inputJson);
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return (whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) as ArrayBuffer;
}
