/**
 * One new upstream transport per client session, from the upstream's config: a stdio server is
 * a child process per session (stdio servers serve one client), a network server one connection
 * per session. Credentials come from the config only, never from the client.
 */
import type { Transport } from '../transports/contract.js';
import { StreamableHttpClientTransport } from '../transports/http/client/transport.js';
import { StdioChildTransport } from '../transports/stdio/child.js';
import { WebSocketClientTransport } from '../transports/ws/client.js';
import type { UpstreamConfig } from './config/types.js';

export type UpstreamFactory = () => Transport;

export function upstreamFactory(upstream: UpstreamConfig, maxMessageBytes: number): UpstreamFactory {
  const name = `upstream:${upstream.name}`;
  const { command } = upstream;
  if (command && command.length > 0) {
    const [program, ...args] = command as [string, ...string[]];
    return () => new StdioChildTransport({ command: program, args, env: upstream.env, name, maxMessageBytes });
  }
  const url = new URL(upstream.url ?? '');
  const options = { url, headers: upstream.headers, maxMessageBytes, name };
  switch (url.protocol) {
    case 'http:': case 'https:': return () => new StreamableHttpClientTransport(options);
    case 'ws:': case 'wss:': return () => new WebSocketClientTransport(options);
    default: throw new Error(`upstream ${upstream.name}: use http(s)://, ws(s):// or a command`);
  }
}
