/**
 * Which client request a message from the upstream belongs to, so a client transport with one
 * stream per request (Streamable HTTP) can send it on that request's stream: a response belongs
 * to the request it answers; a notification or server request to the client request whose
 * upstream stream carried it (an HTTP upstream says so), or, for progress, to the client request
 * that asked for progress with that token (a stdio upstream says nothing else).
 */
import type { JsonRpcMessage, RequestId } from '../protocol/jsonrpc.js';
import type { Session } from '../session/session.js';
import type { Outgoing, ReceivedExtra } from './channel.js';
import type { Plan } from './plan.js';

/** The client's own id of the related request; computed before planning settles anything. */
export function relatedClientRequest(session: Session, message: JsonRpcMessage, extra?: ReceivedExtra): RequestId | undefined {
  if (!('method' in message)) return undefined;
  const viaStream = extra?.relatedRequestId === undefined ? undefined : session.toUpstream.originalFor(extra.relatedRequestId);
  if (viaStream !== undefined) return viaStream;
  return message.method === 'notifications/progress' ? session.toUpstream.originalWithProgressToken(message.params) : undefined;
}


/**
 * Messages to the client carry the client request they belong to: a response its own (client)
 * id, anything else the request found for it before planning.
 */
export function withRelated(planned: Plan, related: RequestId | undefined): Plan {
  // The plan and its messages were made for this call alone: marked in place, not copied.
  markRelated(planned.send, related);
  if (planned.onJournalFailure !== planned.send) markRelated(planned.onJournalFailure, related);
  if (planned.next) withRelated(planned.next, related);
  return planned;
}

function markRelated(outgoing: Outgoing[], related: RequestId | undefined): void {
  for (const o of outgoing) {
    if (o.to !== 'client') continue;
    const own = 'method' in o.message ? related : o.message.id ?? undefined;
    if (own !== undefined) o.relatedRequestId = own;
  }
}
