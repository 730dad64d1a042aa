/**
 * The listener for each configured `--listen` URL: stdio, Streamable HTTP or WebSocket, all
 * yielding sessions to the same gateway.
 */
import type { Listener } from '../transports/contract.js';
import type { Authenticator } from '../transports/auth/authenticator.js';
import { StdioListener } from '../transports/stdio/listener.js';
import type { ListenerConfig } from './config/types.js';

export interface ListenerSettings {
  authenticator: Authenticator;
  maxMessageBytes: number;
}

export function createListener(config: ListenerConfig, settings: ListenerSettings): Listener {
  if (config.url === 'stdio') return new StdioListener({ maxMessageBytes: settings.maxMessageBytes });
  const url = new URL(config.url);
  throw new Error(`--listen ${url.protocol} is not supported yet`);
}
