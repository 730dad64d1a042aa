/**
 * Which client request a message from the upstream belongs to, so a client transport with one
 * stream per request (Streamable HTTP) can send it on that request's stream: a response belongs
 * to the request it answers; a notification or server request to the client request whose
 * upstream stream carried it (an HTTP upstream says so), or, for progress, to the client request
 * that asked for progress with that token (a stdio upstream says nothing else).
 */
import type { JsonRpcMessage, RequestId } from '../protocol/jsonrpc.js';
import type { Session } from '../session/session.js';
import type { ReceivedExtra } from './channel.js';

/** The client's own id of the related request; computed before planning settles anything. */
export function relatedClientRequest(session: Session, message: JsonRpcMessage, extra?: ReceivedExtra): RequestId | undefined {
  if (!('method' in message)) return undefined;
  const viaStream = extra?.relatedRequestId === undefined ? undefined : session.toUpstream.originalFor(extra.relatedRequestId);
  if (viaStream !== undefined) return viaStream;
  return message.method === 'notifications/progress' ? session.toUpstream.originalWithProgressToken(message.params) : undefined;
}

