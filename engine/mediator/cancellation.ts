/**
 * notifications/cancelled names a request by the id its sender used; the receiver knows that
 * request only by the id the warden forwarded it with. A cancellation that names no pending
 * request is dropped: passed through, its id could match an unrelated request of another
 * session on the same upstream.
 */
import type { JsonRpcNotification, RequestId } from '../protocol/jsonrpc.js';

export const CANCELLED = 'notifications/cancelled';

/** Returns the notification to forward, or undefined to drop it. */
export function translateCancellation(
  notification: JsonRpcNotification,
  forwardedFor: (originalId: RequestId) => RequestId | undefined,
): JsonRpcNotification | undefined {
  if (notification.method !== CANCELLED) return notification;
  const requestId = notification.params?.requestId;
  if (typeof requestId !== 'string' && typeof requestId !== 'number') return undefined;
  const forwarded = forwardedFor(requestId);
  if (forwarded === undefined) return undefined;
  return { ...notification, params: { ...notification.params, requestId: forwarded } };
}
