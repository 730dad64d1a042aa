/**
 * The listener for each configured `--listen` URL: stdio, Streamable HTTP or WebSocket, all
 * yielding sessions to the same gateway.
 */
import { readFile } from 'node:fs/promises';
import type { Authenticator } from '../transports/auth/authenticator.js';
import type { Listener } from '../transports/contract.js';
import { StreamableHttpListener } from '../transports/http/server/listener.js';
import { StdioListener } from '../transports/stdio/listener.js';
import { WebSocketListener } from '../transports/ws/listener.js';
import type { ListenerConfig } from './config/types.js';

export interface ListenerSettings {
  authenticator: Authenticator;
  maxMessageBytes: number;
}

export async function createListener(config: ListenerConfig, settings: ListenerSettings): Promise<Listener> {
  if (config.url === 'stdio') return new StdioListener({ maxMessageBytes: settings.maxMessageBytes });
  const url = new URL(config.url);
  const common = {
    url,
    tls: config.tls ? { cert: await readFile(config.tls.cert), key: await readFile(config.tls.key) } : undefined,
    authenticator: settings.authenticator,
    // Empty means "the listener's own default" (its address and loopback aliases).
    allowedOrigins: config.allowedOrigins,
    allowedHosts: config.allowedHosts.length > 0 ? config.allowedHosts : undefined,
    maxMessageBytes: settings.maxMessageBytes,
  };
  switch (url.protocol) {
    case 'http:': case 'https:': return new StreamableHttpListener(common);
    case 'ws:': case 'wss:': return new WebSocketListener(common);
    default: throw new Error(`--listen ${config.url}: use stdio, http(s):// or ws(s)://`);
  }
}
