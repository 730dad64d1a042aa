/**
 * Reads a transport's "frame too large" report structurally (the engine never imports
 * transports): the frame's id and whether it was a request, where the transport could see them.
 */
import type { RequestId } from '../protocol/jsonrpc.js';
import type { OversizeFrame } from './refusals.js';

interface Reported { code?: unknown; detail?: Record<string, unknown> }

export function oversizeFrameOf(error: Error): OversizeFrame | undefined {
  const { code, detail } = error as Error & Reported;
  if (code !== 'frame_too_large' || !detail || detail.direction === 'outgoing') return undefined;
  const id = detail.id;
  if (!isRequestId(id)) return undefined;
  return {
    id,
    hasMethod: detail.has_method === true,
    bytes: typeof detail.bytes === 'number' ? detail.bytes : 0,
    limit: typeof detail.limit === 'number' ? detail.limit : 0,
  };
}

function isRequestId(value: unknown): value is RequestId {
  return typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value));
}
