/**
 * What a network listener checks against its allowlists and authenticates, read from the request
 * as HTTP/1.1 defines it rather than from Node's folded `req.headers`, which keeps only the first
 * of several `Host` or `Authorization` lines and ignores the request target's own authority.
 */
import type { IncomingMessage } from 'node:http';
import type { RequestHeaders } from './auth/authenticator.js';

/**
 * The authority the request is addressed to, or undefined when none can be trusted:
 * - an absolute-form target (`POST http://name/mcp HTTP/1.1`) names it, and RFC 9112 (3.2.2)
 *   has the server ignore `Host` then; a check of `Host` alone would let such a request name one
 *   address and be served as another;
 * - several `Host` lines are a request RFC 9112 (3.2) says to refuse: a proxy before us may have
 *   routed on another one than the first, which is all Node shows.
 */
export function requestAuthority(req: IncomingMessage): string | undefined {
  const target = req.url ?? '';
  if (!target.startsWith('/') && target !== '*') {
    try {
      return new URL(target).host || undefined;
    } catch {
      return undefined;
    }
  }
  const hosts = req.headersDistinct.host;
  return hosts?.length === 1 ? hosts[0] : undefined;
}

/**
 * The headers an authenticator sees: Node's, except that several `Authorization` lines stay
 * several (the credential parser refuses them as ambiguous) instead of the first alone.
 */
export function authHeaders(req: IncomingMessage): RequestHeaders {
  const authorization = req.headersDistinct.authorization;
  return authorization !== undefined && authorization.length > 1 ? { ...req.headers, authorization } : req.headers;
}
