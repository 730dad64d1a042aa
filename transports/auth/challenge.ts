/**
 * Failed authentications and their `WWW-Authenticate` challenges (RFC 6750 section 3).
 * Every authenticator words its failures through here, so a client sees one realm and one
 * grammar whichever mode the listener runs in.
 */
import type { AuthResult } from './authenticator.js';

export const REALM = 'mcp-warden';

/** RFC 6750 error codes; none at all when the request carried no credentials. */
export type BearerError = 'invalid_request' | 'invalid_token';

export type AuthFailure = Extract<AuthResult, { ok: false }>;

export function bearerChallenge(error?: BearerError, description?: string): string {
  if (error === undefined) return `Bearer realm="${REALM}"`;
  const base = `Bearer realm="${REALM}", error="${error}"`;
  return description === undefined ? base : `${base}, error_description="${quotable(description)}"`;
}

/**
 * A failure whose message doubles as the challenge's error_description. Callers pass fixed
 * wording, never anything the client sent, so no credential can end up in either.
 */
export function authFailure(code: string, message: string, error?: BearerError): AuthFailure {
  return { ok: false, code, message, challenge: bearerChallenge(error, error === undefined ? undefined : message) };
}

// RFC 6750 allows only %x20-21 / %x23-5B / %x5D-7E inside error_description.
function quotable(text: string): string {
  return text.replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, '?');
}
