/**
 * Reads a transport's error report structurally (the engine never imports transports). Two
 * kinds matter:
 * - a refused incoming frame (unparseable, not a JSON-RPC message, too large, nested too
 *   deeply): it reached warden, so it is journaled, and answered where it can be;
 * - any other report naming a message by id that will never arrive (a request the upstream
 *   refused with an HTTP error status, a stream that ended before its response): the waiting
 *   requester can be answered at once.
 */
import { isUsableId } from '../protocol/jsonrpc.js';
import type { Undelivered } from './refusals.js';

interface Reported { code?: unknown; detail?: Record<string, unknown> }

const REFUSED_FRAMES = new Set(['frame_parse', 'frame_invalid', 'frame_too_large']);

export function undeliveredOf(error: Error): Undelivered | undefined {
  const { code, detail = {} } = error as Error & Reported;
  if (detail.direction === 'outgoing') return undefined;
  const id = isUsableId(detail.id) ? detail.id : null;
  if (typeof code === 'string' && REFUSED_FRAMES.has(code)) return refusedFrame(code, id, detail, error.message);
  // Any other report naming an id is about a request this side was sent and will not answer.
  if (id === null) return undefined;
  // An upstream that said when to try again (HTTP 429 or 503 with Retry-After): the requester is told.
  const retryAfterMs = typeof detail.retry_after_ms === 'number' ? detail.retry_after_ms : undefined;
  return { id, hasMethod: false, reason: error.message, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
}

function refusedFrame(code: string, id: Undelivered['id'], detail: Record<string, unknown>, message: string): Undelivered {
  const hasMethod = detail.has_method === true;
  const reason = code === 'frame_too_large'
    ? `message of at least ${String(detail.bytes)} bytes exceeds the limit of ${String(detail.limit)} bytes`
    : `malformed message: ${typeof detail.reason === 'string' ? detail.reason : message}`;
  // JSON-RPC answers an Invalid Request whose id cannot be read with id null; MCP (2025-06-18
  // on) has no batches, so a batch gets that single answer too, never an array.
  const answerNull = id === null && (detail.batch === true || (hasMethod && detail.has_id === true));
  const parseError = code === 'frame_parse';
  // An oversize frame that is no JSON object at all is no message of anyone's: its sender (a
  // client only, as for unparseable ones) hears why it was dropped.
  const notObject = code === 'frame_too_large' && detail.is_object === false;
  const unaddressed = id === null && !answerNull && (parseError || notObject || (code === 'frame_invalid' && detail.request_shaped === true && detail.has_id !== true));
  return { id, hasMethod, reason, frame: true, answerNull, answered: detail.answered === true, parseError, unaddressed };
}
