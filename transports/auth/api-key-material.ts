/**
 * Making and hashing API keys.
 *
 * Why a plain SHA-256 is an adequate store: the keys are 256 random bits, so the digest
 * cannot be reversed by guessing: a slow KDF (scrypt, argon2) only helps against dictionary
 * attacks on low-entropy secrets such as passwords, and would cost CPU on every request.
 * That reasoning holds only for high-entropy keys, which is why keys are generated here and
 * `warden api-key hash` refuses short input: a human-chosen key behind a fast hash would be
 * guessable from a leaked key file.
 *
 * The digest is plain (no salt, no domain prefix) so `printf %s KEY | sha256sum` gives it too.
 */
import { createHash, randomBytes } from 'node:crypto';

export const API_KEY_PREFIX = 'mcpw_';
/** Shortest key `hash` accepts: 32 characters of base64url carry 192 bits when random. */
export const MIN_API_KEY_LENGTH = 32;
export const HASH_PREFIX = 'sha256:';

/** `mcpw_` + 32 random bytes as base64url: 256 bits, recognizable by secret scanners. */
export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** The raw SHA-256 digest of the key's UTF-8 bytes. */
export function apiKeyDigest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** The digest as the key file spells it: `sha256:<64 lowercase hex>`. */
export function hashApiKey(key: string): string {
  return HASH_PREFIX + apiKeyDigest(key).toString('hex');
}
