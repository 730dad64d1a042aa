/**
 * The checks a WebSocket handshake must pass before we authenticate it, cheapest first. Each
 * failure names the HTTP status and a stable code for the journal.
 */
import type { IncomingMessage } from 'node:http';
import type { HostAllowlist } from '../host-allowlist.js';
import type { OriginAllowlist } from '../origin-allowlist.js';
import { requestAuthority } from '../request-authority.js';
import { SUBPROTOCOL } from './wire.js';

export interface HandshakeRefusal {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface HandshakeRules {
  readonly path: string;
  readonly hosts: HostAllowlist;
  readonly origins: OriginAllowlist;
}

const KEY_PATTERN = /^[+/0-9A-Za-z]{22}==$/;

export function checkHandshake(request: IncomingMessage, rules: HandshakeRules): HandshakeRefusal | undefined {
  const { headers } = request;
  if (pathOf(request.url) !== rules.path) return { status: 404, code: 'not_found', message: 'no WebSocket endpoint at this path' };
  if (request.method !== 'GET') return { status: 405, code: 'bad_handshake', message: 'a WebSocket handshake must be a GET', headers: { Allow: 'GET' } };
  if (headers.upgrade?.toLowerCase() !== 'websocket' || !KEY_PATTERN.test(headers['sec-websocket-key'] ?? '')) {
    return { status: 400, code: 'bad_handshake', message: 'missing or invalid Upgrade or Sec-WebSocket-Key header' };
  }
  if (headers['sec-websocket-version'] !== '13') {
    return { status: 426, code: 'bad_handshake', message: 'only WebSocket version 13 is supported', headers: { 'Sec-WebSocket-Version': '13' } };
  }
  if (!rules.hosts.allows(requestAuthority(request))) return { status: 403, code: 'bad_host', message: 'the Host header names no address this listener serves' };
  const origin = headers.origin;
  if (origin !== undefined && !rules.origins.allows(origin)) return { status: 403, code: 'bad_origin', message: 'the Origin is not allowed' };
  if (!offeredProtocols(headers['sec-websocket-protocol']).includes(SUBPROTOCOL)) {
    return { status: 400, code: 'bad_subprotocol', message: `the client must offer the WebSocket subprotocol "${SUBPROTOCOL}"` };
  }
  return undefined;
}

function pathOf(url: string | undefined): string {
  const target = url ?? '/';
  const query = target.indexOf('?');
  return query === -1 ? target : target.slice(0, query);
}

function offeredProtocols(header: string | undefined): string[] {
  return (header ?? '').split(',').map((protocol) => protocol.trim()).filter((protocol) => protocol !== '');
}
