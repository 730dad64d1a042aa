/**
 * The headers from warden's config that go on every upstream request (credentials, typically).
 * Names are lower-cased so ours cannot be duplicated under another spelling, and the ones
 * this transport or HTTP itself owns are dropped: config must not be able to break framing
 * or impersonate the protocol headers.
 */
const RESERVED = new Set([
  'accept', 'content-type', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'host',
  'upgrade', 'te', 'trailer', 'last-event-id', 'mcp-session-id', 'mcp-protocol-version',
]);

export function upstreamHeaders(configured: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(configured ?? {})) {
    const lower = name.toLowerCase();
    if (!RESERVED.has(lower)) headers[lower] = value;
  }
  return headers;
}
