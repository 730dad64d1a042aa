/**
 * POST: one JSON-RPC message per body. Opens a session on `initialize` (2025 revisions),
 * serves one request as a session of its own (2026-07-28), or hands the message to the
 * session it names. Requests keep the response open for their answer; anything else gets 202.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Principal } from '../../../engine/decision/input.js';
import { isUsableId, messageKind, type JsonRpcMessage } from '../../../engine/protocol/jsonrpc.js';
import { decodeMessage } from '../../framing/message-codec.js';
import { TransportError } from '../../errors.js';
import { readBody } from './body.js';
import { headerValue, isStateless } from './protocol-version.js';
import { refuse, RPC } from './refusal.js';
import { checkedSession, checkSessionVersion, requireAccept, requireJsonBody, type SessionLookup } from './request-checks.js';
import type { HttpSessionTransport } from './session-transport.js';
import { statelessHeaderMismatch } from './stateless.js';

export interface HttpExchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly principal: Principal;
  /** Headers of every answer (CORS); the session id is added once known. */
  readonly headers: Record<string, string>;
}

export interface SessionHost extends SessionLookup {
  readonly maxMessageBytes: number;
  /** A new, unregistered session transport; `stateless` for a 2026-07-28 request. */
  create(principal: Principal, stateless: boolean): HttpSessionTransport;
  /** Offers the session to the gateway; refuses with 503 (unreported) if the gateway declines. */
  admit(session: HttpSessionTransport, principal: Principal): Promise<void>;
}

export async function handlePost(exchange: HttpExchange, host: SessionHost): Promise<void> {
  const { req, headers, principal } = exchange;
  requireAccept(req, ['application/json', 'text/event-stream']);
  requireJsonBody(req);
  if (isStateless(req.headers)) return statelessPost(exchange, host);
  const sessionId = headerValue(req.headers, 'mcp-session-id');
  const session = sessionId === undefined ? undefined : checkedSession(sessionId, host, principal);
  if (session) {
    headers['mcp-session-id'] = sessionId!;
    checkSessionVersion(req, session);
  }
  const message = await readMessage(req, host.maxMessageBytes, session);
  if (message === undefined) return;
  if (session) {
    // As the SDK's server transport does: a session is initialized once, by the POST that opened it.
    if ('method' in message && message.method === 'initialize') {
      throw refuse(400, 'already_initialized', 'Invalid Request: the session is already initialized', RPC.invalidRequest, about(message));
    }
    return deliver(exchange, session, message);
  }
  if (!('method' in message && message.method === 'initialize' && 'id' in message)) {
    throw refuse(400, 'session_required', 'Bad Request: Mcp-Session-Id header is required', RPC.invalidRequest, about(message));
  }
  const created = host.create(principal, false);
  await host.admit(created, principal);
  headers['mcp-session-id'] = created.sessionId!;
  deliver(exchange, created, message);
}

async function statelessPost(exchange: HttpExchange, host: SessionHost): Promise<void> {
  const message = await readMessage(exchange.req, host.maxMessageBytes, undefined);
  if (message === undefined) return;
  const mismatch = statelessHeaderMismatch(message, exchange.req.headers);
  if (mismatch) throw refuse(mismatch.refusal.status, mismatch.refusal.code, mismatch.message, mismatch.refusal.rpcCode, about(message));
  const session = host.create(exchange.principal, true);
  await host.admit(session, exchange.principal);
  deliver(exchange, session, message);
  // Only a request has an answer to wait for; anything else ends the session of one message here.
  if (messageKind(message) !== 'request') void session.close();
}

function deliver({ res, headers, principal }: HttpExchange, session: HttpSessionTransport, message: JsonRpcMessage): void {
  if (messageKind(message) !== 'request') {
    session.accept(message, principal);
    res.writeHead(202, headers);
    res.end();
    return;
  }
  const id = (message as { id: string | number }).id;
  if (session.hasOpenRequest(id)) {
    throw refuse(400, 'duplicate_request_id', 'Bad Request: a request with this id is still in progress', RPC.invalidRequest, about(message));
  }
  session.accept(message, principal, { res, headers });
}

/**
 * The body's one message; undefined when the client left mid-body. A bad frame in a session goes
 * to the session's onerror marked as answered (this HTTP response answers it), so its mediator
 * journals it once and replies nothing more; outside a session the refusal itself is journaled.
 */
async function readMessage(req: IncomingMessage, limit: number, session: HttpSessionTransport | undefined): Promise<JsonRpcMessage | undefined> {
  const body = await readBody(req, limit);
  if ('gone' in body) return undefined;
  const unreported = session !== undefined;
  if ('tooLarge' in body) {
    session?.frameError(answered(body.tooLarge));
    throw refuse(413, 'too_large', `Payload Too Large: a message may have at most ${limit} bytes`, undefined, { unreported });
  }
  const decoded = decodeMessage(body.bytes);
  if ('message' in decoded) return decoded.message;
  session?.frameError(answered(decoded.error));
  if (decoded.error.code === 'frame_parse') throw refuse(400, 'parse_error', 'Parse error: the body is not valid UTF-8 JSON', RPC.parseError, { unreported });
  if (isArray(body.bytes)) {
    throw refuse(400, 'batch_unsupported', 'Invalid Request: batches are not supported, send one JSON-RPC message per POST', RPC.invalidRequest, { unreported });
  }
  // Answered under the request's id when it could be read exactly (a fractional one as written), as over stdio.
  const id = decoded.error.detail?.has_method === true ? decoded.error.detail.id : undefined;
  const requestId = isUsableId(id) ? { requestId: id } : {};
  throw refuse(400, 'invalid_message', `Invalid Request: ${String(decoded.error.detail?.reason ?? 'not a JSON-RPC message')}`, RPC.invalidRequest, { unreported, ...requestId });
}

function answered(error: TransportError): TransportError {
  return new TransportError(error.code, error.message, { detail: { ...error.detail, answered: true } });
}

function isArray(bytes: Buffer): boolean {
  return bytes.toString('utf8').trimStart().startsWith('[');
}

function about(message: JsonRpcMessage): { method?: string; requestId?: string | number } {
  return {
    ...('method' in message ? { method: message.method } : {}),
    ...('id' in message && message.id !== null ? { requestId: message.id } : {}),
  };
}
