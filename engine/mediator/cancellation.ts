/**
 * notifications/cancelled names a request by the id its sender used; the receiver knows that
 * request only by the id the warden forwarded it with. A cancellation that names no pending
 * request is dropped: passed through, its id could match an unrelated request of another
 * session on the same upstream.
 */
import { exactMember } from '../protocol/exact-integers.js';
import type { JsonObject, JsonRpcNotification, RequestId } from '../protocol/jsonrpc.js';
import { numberMarker } from '../protocol/number-markers.js';

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
  const exact = params === undefined ? undefined : exactMember(params, ['requestId']);
  if (typeof exact === 'string') return exact;
  if (typeof exact !== 'number') return undefined;
  // A double holds it exactly (2^53): its request's marker is of the digits it is written with.
  return Number.isSafeInteger(exact) ? exact : numberMarker(JSON.stringify(exact));
}
