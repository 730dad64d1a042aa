/**
 * GET opens the session's standalone SSE stream, or with `Last-Event-ID` resumes the stream
 * that event belongs to: the standalone one, or (2025-06-18 and later) a POSTed request's
 * stream whose connection broke. An id naming no stream we still know opens the standalone
 * stream without replay: the events it named are gone, and the client still wants the stream.
 */
import type { Principal } from '../../../engine/decision/input.js';
import { headerValue, isStateless } from './protocol-version.js';
import type { HttpExchange } from './post.js';
import { refuse } from './refusal.js';
import { checkSessionVersion, requireAccept, requireSession, type SessionLookup } from './request-checks.js';
import type { HttpSessionTransport } from './session-transport.js';

export function handleGet(exchange: HttpExchange, sessions: SessionLookup): void {
  const { req, res, headers } = exchange;
  refuseStateless(exchange);
  requireAccept(req, ['text/event-stream']);
  const session = sessionOf(exchange, sessions);
  const lastEventId = headerValue(req.headers, 'last-event-id');
  const stream = lastEventId === undefined ? undefined : session.findStream(lastEventId);
  const result = stream ? stream.resume(res, headers) : session.attachStandalone(res, headers, lastEventId !== undefined);
  if (result === 'conflict') throw refuse(409, 'stream_conflict', 'Conflict: another connection already reads this stream');
}

export async function handleDelete(exchange: HttpExchange, sessions: SessionLookup): Promise<void> {
  refuseStateless(exchange);
  const session = sessionOf(exchange, sessions);
  await session.close();
  exchange.res.writeHead(204, exchange.headers);
  exchange.res.end();
}

/** 2026-07-28 has no sessions, hence nothing to listen to or delete. */
function refuseStateless({ req }: HttpExchange): void {
  if (isStateless(req.headers)) throw refuse(405, 'method_not_allowed', 'Method Not Allowed: stateless requests use POST only', undefined, { headers: { allow: 'POST' } });
}

function sessionOf({ req, headers, principal }: { req: HttpExchange['req']; headers: Record<string, string>; principal: Principal }, sessions: SessionLookup): HttpSessionTransport {
  const session = requireSession(req, sessions, principal);
  headers['mcp-session-id'] = session.sessionId!;
  checkSessionVersion(req, session);
  return session;
}
