/**
 * The listener for each configured `--listen` URL: stdio, Streamable HTTP or WebSocket, all
 * yielding sessions to the same gateway.
 */
import { readFile } from 'node:fs/promises';
import type { Authenticator } from '../transports/auth/authenticator.js';
import type { Listener } from '../transports/contract.js';
import type { HealthProbe } from '../transports/health.js';
import { StreamableHttpListener } from '../transports/http/server/listener.js';
import { StdioListener } from '../transports/stdio/listener.js';
import { WebSocketListener } from '../transports/ws/listener.js';
import type { ResourceMetadataOptions } from '../transports/http/server/resource-metadata.js';
import type { AuthConfig, ListenerConfig } from './config/types.js';

export interface ListenerSettings {
  authenticator: Authenticator;
  maxMessageBytes: number;
  /** HTTP listeners: the RFC 9728 metadata to serve and name in 401s (JWT mode). */
  resourceMetadata?: ResourceMetadataOptions;
  /** Readiness for the listeners whose config turns health on. */
  health: HealthProbe;
  /** Connections each network listener holds at once (transports/connection-cap.ts), unless its config sets its own. */
  maxConnections: number;
}

/**
 * What HTTP listeners tell OAuth clients (RFC 9728) in JWT mode: the authorization servers
 * configured, else the issuer when it is a URL (an OAuth issuer identifier is its authorization
 * server's); with neither there is no server to name, so nothing is served.
 */
export function resourceMetadataFor(auth: AuthConfig): ResourceMetadataOptions | undefined {
  const jwt = auth.mode === 'jwt' ? auth.jwt : undefined;
  const servers = jwt?.authorizationServers ?? (jwt?.issuer !== undefined && /^https?:\/\//.test(jwt.issuer) ? [jwt.issuer] : undefined);
  if (!jwt || !servers) return undefined;
  return { authorizationServers: servers, resource: jwt.resource, scopesSupported: jwt.scopesSupported };
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
    maxConnections: config.maxConnections ?? settings.maxConnections,
    ...(config.health ? { health: settings.health } : {}),
  };
  switch (url.protocol) {
    case 'http:': case 'https:': return new StreamableHttpListener({ ...common, resourceMetadata: settings.resourceMetadata });
    case 'ws:': case 'wss:': return new WebSocketListener(common);
    default: throw new Error(`--listen ${config.url}: use stdio, http(s):// or ws(s)://`);
  }
}
