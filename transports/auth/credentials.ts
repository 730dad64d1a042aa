/**
 * Finding the credential in a request's headers: `Authorization: Bearer <token>` (RFC 6750)
 * or, for API keys, `X-API-Key: <key>`. Only the shape is checked here; whether the
 * credential is any good is the authenticator's business. Messages describe the shape and
 * never quote the header, since it may hold a real credential sent the wrong way.
 */
import type { RequestHeaders } from './authenticator.js';

export type Presented =
  /** Nothing usable, e.g. no header or another scheme: RFC 6750 wants no error code then. */
  | { readonly kind: 'none'; readonly message: string }
  | { readonly kind: 'malformed'; readonly message: string }
  | { readonly kind: 'present'; readonly value: string };

// RFC 6750 b64token; API keys (base64url) fit it too.
const TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

export function bearerToken(headers: RequestHeaders): Presented {
  const raw = headers['authorization'];
  if (raw === undefined) return { kind: 'none', message: 'no credentials: send Authorization: Bearer' };
  if (Array.isArray(raw)) return { kind: 'malformed', message: 'more than one Authorization header' };
  const [scheme = '', ...rest] = raw.trim().split(/ +/);
  if (scheme.toLowerCase() !== 'bearer') return { kind: 'none', message: 'the Authorization header does not use the Bearer scheme' };
  if (rest.length === 0) return { kind: 'malformed', message: 'the Bearer credentials are empty' };
  if (rest.length > 1 || !TOKEN.test(rest[0]!)) return { kind: 'malformed', message: 'the Bearer token is not a valid RFC 6750 token' };
  return { kind: 'present', value: rest[0]! };
}

/** A Bearer token or an X-API-Key header, not both: two credentials in one request is ambiguous. */
export function apiKeyCredential(headers: RequestHeaders): Presented {
  const header = headers['x-api-key'];
  const bearer = bearerToken(headers);
  if (header === undefined) {
    return bearer.kind === 'none' ? { kind: 'none', message: 'no credentials: send Authorization: Bearer or X-API-Key' } : bearer;
  }
  if (bearer.kind !== 'none') return { kind: 'malformed', message: 'both Authorization and X-API-Key are present; send one' };
  // Node joins repeated X-API-Key headers with ", ", which the token check below refuses.
  const value = Array.isArray(header) ? header.join(', ') : header.trim();
  if (value === '') return { kind: 'malformed', message: 'the X-API-Key header is empty' };
  if (!TOKEN.test(value)) return { kind: 'malformed', message: 'the X-API-Key header is not a single valid key' };
  return { kind: 'present', value };
}
