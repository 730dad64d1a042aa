/**
 * Whether a listener is reachable only from this machine: the one case where running without
 * authentication is acceptable for a network listener.
 */
import { isIPv4 } from 'node:net';

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost' || host === '::1') return true;
  return isIPv4(host) && host.startsWith('127.');
}

export function isNetworkListener(url: string): boolean {
  return url !== 'stdio';
}

/** https:// and wss:// listeners serve TLS and need certificate files. */
export function needsTls(url: string): boolean {
  return /^(https|wss):\/\//.test(url);
}
