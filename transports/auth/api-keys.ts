/**
 * API key authentication: the presented key's SHA-256 digest is looked up among the hashed
 * keys of the key file.
 *
 * Timing: the Map lookup is not constant-time, but what it could leak is how a guess's
 * digest compares with stored digests, and a digest says nothing usable about a 256-bit
 * preimage. The final timingSafeEqual over the two digests is defence in depth for when
 * that argument is forgotten (e.g. someone swaps the Map for a prefix index).
 */
import { timingSafeEqual } from 'node:crypto';
import type { Principal } from '../../engine/decision/input.js';
import type { AuthResult, Authenticator, RequestHeaders } from './authenticator.js';
import { apiKeyDigest, HASH_PREFIX } from './api-key-material.js';
import { readApiKeyFile, type ApiKeyEntry } from './api-key-file.js';
import { authFailure } from './challenge.js';
import { apiKeyCredential } from './credentials.js';

interface StoredKey {
  readonly digest: Buffer;
  readonly entry: ApiKeyEntry;
}

export class ApiKeyAuthenticator implements Authenticator {
  readonly scheme = 'api_key';
  readonly #byDigest: ReadonlyMap<string, StoredKey>;

  /** Entries as readApiKeyFile returns them: validated, no duplicate ids or hashes. */
  constructor(entries: readonly ApiKeyEntry[]) {
    this.#byDigest = new Map(entries.map((entry) => {
      const hex = entry.hash.slice(HASH_PREFIX.length);
      return [hex, { digest: Buffer.from(hex, 'hex'), entry }];
    }));
  }

  get size(): number {
    return this.#byDigest.size;
  }

  async authenticate(headers: RequestHeaders): Promise<AuthResult> {
    const presented = apiKeyCredential(headers);
    if (presented.kind === 'none') return authFailure('missing_credentials', presented.message);
    if (presented.kind === 'malformed') return authFailure('malformed_credentials', presented.message, 'invalid_request');
    const digest = apiKeyDigest(presented.value);
    const stored = this.#byDigest.get(digest.toString('hex'));
    if (stored === undefined || !timingSafeEqual(stored.digest, digest)) {
      return authFailure('invalid_api_key', 'unknown API key', 'invalid_token');
    }
    return { ok: true, principal: principalOf(stored.entry) };
  }
}

export async function loadApiKeyAuthenticator(file: string): Promise<ApiKeyAuthenticator> {
  return new ApiKeyAuthenticator(await readApiKeyFile(file));
}

// A fresh copy per request, so nothing one session does to its principal reaches another.
function principalOf(entry: ApiKeyEntry): Principal {
  return {
    id: entry.id,
    authenticated_by: 'api_key',
    claims: structuredClone({ ...entry.claims, key_id: entry.id }),
    roles: [...entry.roles],
  };
}
