/**
 * The CORS headers an allowed browser origin gets. The checks on `Origin` and `Host` are shared
 * with the WebSocket listener (origin-allowlist.ts, host-allowlist.ts).
 */

const ALLOWED_REQUEST_HEADERS = [
  'accept', 'authorization', 'content-type', 'last-event-id', 'mcp-method', 'mcp-name', 'mcp-protocol-version', 'mcp-session-id', 'x-api-key',
].join(', ');

/** Headers of every answer to an allowed cross-origin request. */
export function corsHeaders(origin: string | undefined): Record<string, string> {
  if (origin === undefined) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': 'Mcp-Session-Id, WWW-Authenticate',
    vary: 'Origin',
  };
}

/** The answer to a CORS preflight from an allowed origin. */
export function preflightHeaders(origin: string | undefined): Record<string, string> {
  return {
    ...corsHeaders(origin),
    'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
    'access-control-allow-headers': ALLOWED_REQUEST_HEADERS,
    'access-control-max-age': '600',
  };
}
