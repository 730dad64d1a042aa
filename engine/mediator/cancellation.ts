/**
 * notifications/cancelled names a request by the id its sender used; the receiver knows that
 * request only by the id the warden forwarded it with. A cancellation that names no pending
 * request is dropped: passed through, its id could match an unrelated request of another
 * session on the same upstream.
 */
import { markedPayload } from '../protocol/exact-integers.js';
import type { JsonObject, JsonRpcNotification, RequestId } from '../protocol/jsonrpc.js';
import { isNumberMarker, numberMarker } from '../protocol/number-markers.js';

export const CANCELLED = 'notifications/cancelled';

/** Returns the notification to forward, or undefined to drop it. */
export function translateCancellation(
  notification: JsonRpcNotification,
  forwardedFor: (originalId: RequestId) => RequestId | undefined,
): JsonRpcNotification | undefined {
  if (notification.method !== CANCELLED) return notification;
  const requestId = cancelledId(notification.params);
  if (requestId === undefined) return undefined;
  const forwarded = forwardedFor(requestId);
  if (forwarded === undefined) return undefined;
  return { ...notification, params: { ...notification.params, requestId: forwarded } };
}

/**
 * The id a cancellation names, as its request is keyed: one past 2^53 is read from the params'
 * exact text, as the marker its request was carried with (protocol/number-markers.ts).
 */
function cancelledId(params: JsonObject | undefined): RequestId | undefined {
  const requestId = params?.requestId;
  if (typeof requestId === 'string' || (typeof requestId === 'number' && Number.isSafeInteger(requestId))) return requestId;
  if (typeof requestId !== 'number') return undefined;
  const exact = markedPayload(params!).requestId;
  if (isNumberMarker(exact)) return exact;
  // A double holds it exactly (2^53): its request's marker is of the digits it is written with.
  return typeof exact === 'number' ? numberMarker(JSON.stringify(exact)) : undefined;
}
