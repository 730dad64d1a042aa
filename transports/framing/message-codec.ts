/**
 * One frame payload <-> one JSON-RPC message, shared by every framing (ndjson lines,
 * WebSocket text frames, HTTP bodies) so all transports accept and refuse the same things.
 */
import { invalidMessageReason, isUsableId, MAX_NESTING_DEPTH, type JsonRpcMessage } from '../../engine/protocol/jsonrpc.js';
import { keepExactIntegers } from '../../engine/protocol/exact-integers.js';
import { messageText, takeLargePayloadText } from '../../engine/protocol/message-text.js';
import { isNumberMarker, markedLiteral } from '../../engine/protocol/number-markers.js';
import { TransportError } from '../errors.js';
import { isJsonSpace, TopLevelScanner, type TopLevelFacts } from './top-level-scan.js';

/** MCP sets no limit; 4 MiB fits any sane tool result and bounds what one peer can make us buffer. */
export const DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

export type Decoded = { readonly message: JsonRpcMessage } | { readonly error: TransportError };

// fatal: a malformed byte must refuse the frame, not silently become U+FFFD in a policy input.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes one complete frame payload. The caller has already enforced the size limit. A large
 * frame's payload has its JSON text taken as it is decoded (engine/protocol/message-text.ts), and
 * so has a payload holding integers a double cannot (engine/protocol/exact-integers.ts).
 */
export function decodeMessage(payload: Uint8Array): Decoded {
  if (nestedTooDeeply(payload)) return { error: invalidFrame(payload.length, 'nested too deeply', scannedFacts(payload)) };
  const parsed = parseJson(payload);
  if (parsed instanceof TransportError) return { error: parsed };
  const { text, value } = parsed;
  const reason = invalidMessageReason(value) ?? exactIdReason(value, payload) ?? keepExactIntegers(text, value as JsonRpcMessage);
  if (reason !== undefined) return { error: invalidFrame(payload.length, reason, parsedFacts(value)) };
  takeLargePayloadText(value as JsonRpcMessage, payload.length);
  return { message: value as JsonRpcMessage };
}

/**
 * What the engine needs to answer a refused frame (docs/policy-contract.md: a malformed request
 * with an id and a method gets -32600): `id` when it can be echoed exactly, whether there was
 * an `id` member or a `method` at all, and whether the frame was a batch.
 */
interface FrameFacts extends TopLevelFacts {
  batch: boolean;
  /**
   * Neither a batch nor a response of any shape (no `result`, no `error`): JSON-RPC answers such
   * a frame Invalid Request even when it has no id, while answering a malformed response could
   * make two peers trade error responses forever.
   */
  requestShaped: boolean;
}

function invalidFrame(bytes: number, reason: string, facts: FrameFacts): TransportError {
  const detail: Record<string, string | number | boolean> = {
    bytes, reason, has_method: facts.hasMethod, has_id: facts.hasId, batch: facts.batch, request_shaped: facts.requestShaped,
  };
  if (facts.id !== undefined) detail.id = facts.id;
  return new TransportError('frame_invalid', `frame is not a JSON-RPC message: ${reason}`, { detail });
}

function parsedFacts(value: unknown): FrameFacts {
  if (Array.isArray(value)) return { hasMethod: false, hasId: false, isObject: false, batch: true, requestShaped: false };
  if (typeof value !== 'object' || value === null) return { hasMethod: false, hasId: false, isObject: false, batch: false, requestShaped: true };
  const m = value as Record<string, unknown>;
  const facts: FrameFacts = { hasMethod: 'method' in m, hasId: 'id' in m, isObject: true, batch: false, requestShaped: !('result' in m || 'error' in m) };
  return isUsableId(m.id) ? { ...facts, id: m.id } : facts;
}

/**
 * A frame too deep to parse safely: its envelope is read by the same scan oversize frames get.
 * The scan does not see `result` or `error`, so only a frame with a method counts as a request.
 */
function scannedFacts(payload: Uint8Array): FrameFacts {
  const first = payload.find((byte) => !isJsonSpace(byte));
  if (first !== 0x7b) return { hasMethod: false, hasId: false, isObject: false, batch: first === 0x5b, requestShaped: false };
  const scanner = new TopLevelScanner();
  scanner.push(payload);
  const facts = scanner.facts();
  return { ...facts, batch: false, requestShaped: facts.hasMethod };
}

/**
 * Counts bracket depth outside strings before anything recursive touches the frame. A frame
 * with no more opening brackets than the limit cannot nest deeper, and counting them is a native
 * search, so only a frame with many brackets pays for the byte loop (indexed: an iterator over
 * the bytes costs several times as much).
 */
function nestedTooDeeply(payload: Uint8Array): boolean {
  if (openingBrackets(payload, MAX_NESTING_DEPTH + 1) <= MAX_NESTING_DEPTH) return false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < payload.length; i++) {
    const byte = payload[i]!;
    if (inString) {
      if (escaped) escaped = false;
      else if (byte === 0x5c) escaped = true;
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) {
      inString = true;
    } else if (byte === 0x7b || byte === 0x5b) {
      if (++depth > MAX_NESTING_DEPTH) return true;
    } else if (byte === 0x7d || byte === 0x5d) {
      depth--;
    }
  }
  return false;
}

/** `{` and `[` bytes in `payload`, counted up to `atMost`. */
function openingBrackets(payload: Uint8Array, atMost: number): number {
  let count = 0;
  for (const bracket of [0x7b, 0x5b]) {
    for (let at = payload.indexOf(bracket); at !== -1 && count < atMost; at = payload.indexOf(bracket, at + 1)) count++;
  }
  return count;
}

/**
 * The parser's own error is not kept as `cause`: V8 quotes the offending text in it, and
 * frame errors end up in logs, where payload bytes (possibly secrets) must not.
 */
function parseJson(payload: Uint8Array): { text: string; value: unknown } | TransportError {
  let text: string;
  try {
    text = utf8.decode(payload);
  } catch {
    return new TransportError('frame_parse', 'frame is not valid UTF-8', { detail: { bytes: payload.length, reason: 'invalid UTF-8' } });
  }
  try {
    return { text, value: JSON.parse(text) as unknown };
  } catch {
    return new TransportError('frame_parse', 'frame is not valid JSON', { detail: { bytes: payload.length, reason: 'invalid JSON' } });
  }
}

/**
 * Serialises one message as its frame payload: its JSON text (engine/protocol/message-text.ts)
 * in UTF-8, which escapes every control character, so the payload never holds a raw newline.
 */
export function encodeMessage(message: JsonRpcMessage, maxMessageBytes: number): Buffer {
  const payload = Buffer.from(messageText(message), 'utf8');
  if (payload.length > maxMessageBytes) throw tooLarge(payload.length, maxMessageBytes, 'outgoing');
  return payload;
}

/** `facts`: what a scan of an incoming frame found (its id, whether it is a request), for the engine to answer it. */
export function tooLarge(bytes: number, limit: number, direction: 'incoming' | 'outgoing', facts?: TopLevelFacts): TransportError {
  const detail: Record<string, string | number | boolean> = { bytes, limit, direction };
  if (facts?.id !== undefined) detail.id = facts.id;
  if (facts) Object.assign(detail, { has_method: facts.hasMethod, has_id: facts.hasId, is_object: facts.isObject });
  return new TransportError('frame_too_large', `${direction} frame of at least ${bytes} bytes exceeds the limit of ${limit}`, { detail });
}

/** Digits only: an integer as MCP's ids are, written so that its text is its value. */
const INTEGER = /^-?(?:0|[1-9]\d*)$/;

/**
 * JSON numbers become doubles, so an id past 2^53 would come back rounded in the response, and
 * be matched to the wrong request. Such an id is carried as a marker of its text instead
 * (number-markers.ts): it keys the request like any id, and is written back with every digit.
 * A fraction (1.5) is refused, as MCP's ids are strings or integers; its refusal echoes it as
 * written, so the client can still tell which request was refused.
 */
function exactIdReason(value: unknown, payload: Uint8Array): string | undefined {
  const message = value as { id?: unknown };
  if (typeof message.id !== 'number' || Number.isSafeInteger(message.id)) return undefined;
  const scanner = new TopLevelScanner();
  scanner.push(payload);
  const id = scanner.facts().id;
  if (!isNumberMarker(id)) return 'the id cannot be read exactly';
  message.id = id;
  return INTEGER.test(markedLiteral(id)) ? undefined : 'a numeric id must be an integer (MCP), written in digits';
}
