/**
 * Reads a transport's error report structurally (the engine never imports transports): when it
 * names a message by id that will never arrive (a frame over the size limit, a request the
 * upstream refused with an HTTP error status, a stream that ended before its response), the
 * waiting requester can be answered at once.
 */
import type { RequestId } from '../protocol/jsonrpc.js';
import type { Undelivered } from './refusals.js';

interface Reported { code?: unknown; detail?: Record<string, unknown> }

export function undeliveredOf(error: Error): Undelivered | undefined {
  const { code, detail } = error as Error & Reported;
  if (!detail || detail.direction === 'outgoing' || !isRequestId(detail.id)) return undefined;
  if (code === 'frame_too_large') {
    return { id: detail.id, hasMethod: detail.has_method === true, reason: `message of at least ${String(detail.bytes)} bytes exceeds the limit of ${String(detail.limit)} bytes` };
  }
  // Any other report naming an id is about a request this side was sent and will not answer.
  return { id: detail.id, hasMethod: false, reason: error.message };
}

function isRequestId(value: unknown): value is RequestId {
  return typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value));
}
