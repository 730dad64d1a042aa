/**
 * The Host headers a network listener (Streamable HTTP, WebSocket) accepts when the operator
 * lists none: the DNS-rebinding defence both share.
 */
import { isIP } from 'node:net';
import { isLoopbackHost, isWildcardHost } from './auth/loopback.js';

/** `host:port` as a Host header names it (IPv6 literals in brackets). */
export function hostPort(host: string, port: number): string {
  return `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}

/**
 * Only the bound address, and on loopback (or all interfaces, loopback among them) also the
 * names a local client may use for it. Anything else is a rebinding attempt: a page of
 * evil.example whose name now resolves to 127.0.0.1 still sends `Host: evil.example`. The names
 * remote clients use are the operator's to list. `boundHost` may bracket an IPv6 literal or not.
 */
export function defaultAllowedHosts(boundHost: string, port: number): string[] {
  const hosts = [hostPort(boundHost, port)];
  if (isLoopbackHost(boundHost) || isWildcardHost(boundHost)) hosts.push(`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`);
  return [...new Set(hosts.map((host) => host.toLowerCase()))];
}
