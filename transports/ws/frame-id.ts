/**
 * Reads the top-level `id` and whether there is a `method` out of a frame too large to parse,
 * so the engine can answer an oversize request instead of leaving the client to time out.
 *
 * A single pass over the bytes that never builds the big values: strings, objects and arrays
 * are only skipped. Only the id itself (bounded below) goes through JSON.parse. A frame that
 * turns out malformed yields what was found before the damage.
 */
import type { RequestId } from '../../engine/protocol/jsonrpc.js';

export interface FrameId {
  /** Absent when the frame has no top-level id (or it is unusable: over 2^53, too long, not a scalar). */
  readonly id?: RequestId | null;
  readonly hasMethod: boolean;
}

/** Longer ids are not worth answering: nobody sends them, and they would bloat error details. */
const MAX_ID_BYTES = 1024;
/** Keys longer than this cannot be `id` or `method`, escaped or not. */
const MAX_KEY_BYTES = 40;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

export function scanFrameId(bytes: Uint8Array): FrameId {
  let id: RequestId | null | undefined;
  let hasMethod = false;
  let at = skipSpace(bytes, 0);
  if (bytes[at] !== OPEN_BRACE) return { hasMethod };
  at = skipSpace(bytes, at + 1);
  while (at < bytes.length && bytes[at] === QUOTE && (id === undefined || !hasMethod)) {
    const keyEnd = stringEnd(bytes, at);
    if (keyEnd < 0) break;
    const key = keyEnd - at <= MAX_KEY_BYTES ? parseSlice(bytes, at, keyEnd) : undefined;
    at = skipSpace(bytes, keyEnd);
    if (bytes[at] !== COLON) break;
    const valueStart = skipSpace(bytes, at + 1);
    const valueEnd = skipValue(bytes, valueStart);
    if (valueEnd < 0) break;
    if (key === 'method') hasMethod = true;
    if (key === 'id') id = usableId(valueEnd - valueStart <= MAX_ID_BYTES ? parseSlice(bytes, valueStart, valueEnd) : undefined);
    at = skipSpace(bytes, valueEnd);
    if (bytes[at] !== COMMA) break;
    at = skipSpace(bytes, at + 1);
  }
  return id === undefined ? { hasMethod } : { id, hasMethod };
}

function usableId(value: unknown): RequestId | null | undefined {
  if (value === null || typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  return undefined;
}

function parseSlice(bytes: Uint8Array, start: number, end: number): unknown {
  try {
    return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8'));
  } catch {
    return undefined;
  }
}

function skipSpace(bytes: Uint8Array, at: number): number {
  while (at < bytes.length && (bytes[at] === 0x20 || bytes[at] === 0x09 || bytes[at] === 0x0a || bytes[at] === 0x0d)) at++;
  return at;
}

/** Index just past the string opening at `at`, or -1 when it never closes. */
function stringEnd(bytes: Uint8Array, at: number): number {
  for (let i = at + 1; i < bytes.length; i++) {
    if (bytes[i] === BACKSLASH) i++;
    else if (bytes[i] === QUOTE) return i + 1;
  }
  return -1;
}

/** Index just past the value starting at `at`, or -1 when it never ends. */
function skipValue(bytes: Uint8Array, at: number): number {
  const first = bytes[at];
  if (first === QUOTE) return stringEnd(bytes, at);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) return containerEnd(bytes, at);
  let i = at;
  while (i < bytes.length && !isDelimiter(bytes[i]!)) i++;
  return i > at ? i : -1;
}

function containerEnd(bytes: Uint8Array, at: number): number {
  let depth = 0;
  for (let i = at; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === QUOTE) {
      i = stringEnd(bytes, i) - 1;
      if (i < 0) return -1;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth++;
    else if ((byte === CLOSE_BRACE || byte === CLOSE_BRACKET) && --depth === 0) return i + 1;
  }
  return -1;
}

function isDelimiter(byte: number): boolean {
  return byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}
