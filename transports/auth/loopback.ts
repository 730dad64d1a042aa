/**
 * Whether a listen host is reachable only from this machine, the condition for `--no-auth`.
 * Deliberately literal: names other than `localhost` are refused even if they resolve to
 * 127.0.0.1 today, because resolution can change after the check.
 */
import { BlockList, isIP } from 'node:net';

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** 0.0.0.0 and :: (also bracketed): every interface of the machine, its loopback among them. */
export function isWildcardHost(host: string): boolean {
  const bare = unbracketed(host);
  return bare === '0.0.0.0' || bare === '::';
}

/** 127.0.0.0/8, ::1 (also bracketed, or as IPv4-mapped ::ffff:127.x.y.z) and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const bare = unbracketed(host);
  if (bare.toLowerCase() === 'localhost') return true;
  const family = isIP(bare);
  if (family === 0) return false;
  // BlockList matches IPv4-mapped IPv6 addresses against the IPv4 rules.
  return loopback.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}

function unbracketed(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
