/**
 * notifications/progress must carry the progress token of a request still in flight to its
 * sender (MCP: progress notifications only reference tokens provided in an active request). One
 * that does not is refused before the policy sees it, like a response to no request: passed on,
 * a peer could report progress on (and so keep alive the timeout of) a request it was never sent,
 * such as a call another upstream of the session is serving.
 */
import type { JsonRpcNotification } from '../protocol/jsonrpc.js';
import type { Session } from '../session/session.js';
import type { Side } from './channel.js';
import { OTHER, pendingFor } from './plan-parts.js';

const PROGRESS = 'notifications/progress';

export const STRAY_PROGRESS = 'progress notification whose token belongs to no request in flight to its sender';

/** Whether `notification` is progress on no request its sender is serving now. */
export function isStrayProgress(session: Session, from: Side, notification: JsonRpcNotification): boolean {
  if (notification.method !== PROGRESS) return false;
  // The requests the other side sent: the sender of progress is the one serving them.
  const asked = pendingFor(session, OTHER[from]).withProgressToken(notification.params);
  // The client is one peer; among several upstreams, only the one serving the request reports on it.
  const sender = from === 'upstream' ? session.targetOf(from, notification).upstream : undefined;
  for (const request of asked) {
    if (sender === undefined || session.inFlightOn(sender, request.forwardedId)) return false;
  }
  return true;
}
