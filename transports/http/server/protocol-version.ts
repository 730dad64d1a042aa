/**
 * Which MCP revisions the listener speaks over HTTP, and how each one is served: the 2025
 * revisions with sessions (Mcp-Session-Id), 2026-07-28 without (one request per POST).
 */
import type { IncomingHttpHeaders } from 'node:http';

export const STATELESS_VERSION = '2026-07-28';
/**
 * 2024-11-05 too: a server of that revision answers initialize with it whatever the client asked,
 * warden passes the answer on, and the client then sends the revision negotiated, as the spec
 * requires (the SDK's own server accepts it as well).
 */
export const SESSION_VERSIONS: readonly string[] = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'];
/** The spec: a session request without the header is taken as 2025-03-26. */
export const DEFAULT_SESSION_VERSION = '2025-03-26';

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function requestedVersion(headers: IncomingHttpHeaders): string | undefined {
  return headerValue(headers, 'mcp-protocol-version')?.trim();
}

export function isStateless(headers: IncomingHttpHeaders): boolean {
  return requestedVersion(headers) === STATELESS_VERSION;
}
