/** Header checks shared by POST, GET and DELETE, each throwing the refusal the spec asks for. */
import type { IncomingMessage } from 'node:http';
import type { Principal } from '../../../engine/decision/input.js';
import { DEFAULT_SESSION_VERSION, headerValue, requestedVersion, SESSION_VERSIONS } from './protocol-version.js';
import { refuse, RPC } from './refusal.js';
import type { HttpSessionTransport } from './session-transport.js';

/** The media types must be listed literally: the spec requires clients to name both. */
export function requireAccept(req: IncomingMessage, types: readonly string[]): void {
  const accepted = mediaTypes(headerValue(req.headers, 'accept') ?? '');
  if (!types.every((type) => accepted.includes(type))) {
    throw refuse(406, 'not_acceptable', `Not Acceptable: the Accept header must include ${types.join(' and ')}`);
  }
}

export function requireJsonBody(req: IncomingMessage): void {
  const header = headerValue(req.headers, 'content-type');
  // The exact text every SDK client sends needs no parsing.
  if (header === 'application/json') return;
  const type = (header ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw refuse(415, 'unsupported_media_type', 'Unsupported Media Type: Content-Type must be application/json');
}

const MEMO_ENTRIES = 64;
const MEMO_HEADER_CHARS = 256;
const acceptMemo = new Map<string, readonly string[]>();

/**
 * An Accept header's media types, parameters dropped. A client sends the same header on every
 * request, so short ones are parsed once: the memo holds at most MEMO_ENTRIES of at most
 * MEMO_HEADER_CHARS each, whatever a client sends.
 */
function mediaTypes(header: string): readonly string[] {
  const known = acceptMemo.get(header);
  if (known) return known;
  const types = header.split(',').map((part) => part.split(';')[0]!.trim().toLowerCase());
  if (header.length <= MEMO_HEADER_CHARS) {
    if (acceptMemo.size >= MEMO_ENTRIES) acceptMemo.clear();
    acceptMemo.set(header, types);
  }
  return types;
}

export interface SessionLookup {
  find(sessionId: string): HttpSessionTransport | undefined;
}

/**
 * The session a request names, checked against who is asking: a session id is a bearer
 * capability, so a second principal holding it is refused rather than let in.
 */
export function requireSession(req: IncomingMessage, sessions: SessionLookup, principal: Principal): HttpSessionTransport {
  const sessionId = headerValue(req.headers, 'mcp-session-id');
  if (sessionId === undefined) throw refuse(400, 'session_required', 'Bad Request: Mcp-Session-Id header is required', RPC.invalidRequest);
  return checkedSession(sessionId, sessions, principal);
}

export function checkedSession(sessionId: string, sessions: SessionLookup, principal: Principal): HttpSessionTransport {
  const session = sessions.find(sessionId);
  if (session === undefined) throw refuse(404, 'unknown_session', 'Session not found');
  if (session.principal.id !== principal.id) throw refuse(403, 'wrong_principal', 'Forbidden: the session belongs to another principal');
  return session;
}

/** The revision a session request announces; records it on the session. */
export function checkSessionVersion(req: IncomingMessage, session: HttpSessionTransport): void {
  const version = requestedVersion(req.headers) ?? DEFAULT_SESSION_VERSION;
  if (!SESSION_VERSIONS.includes(version)) {
    throw refuse(400, 'bad_protocol_version', `Bad Request: unsupported MCP-Protocol-Version (supported: ${SESSION_VERSIONS.join(', ')})`);
  }
  session.noteProtocolVersion(version);
}
