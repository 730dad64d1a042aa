/**
 * Tokens whose signature and claims were verified recently, so a client sending the same
 * bearer token on every request pays for one signature check, not one per request.
 *
 * An entry never outlives the token (its `exp` plus the clock skew the verification allowed)
 * nor `ttlMs`: a key dropped from a JWKS stops a cached token within `ttlMs`, no later than
 * jose's own key cache would stop it. Only successes are kept. Entries are keyed by the
 * token's SHA-256, so the cache holds no bearer token; at most `maxEntries`, oldest out first.
 */
import { createHash } from 'node:crypto';
import type { JWTPayload } from 'jose';

export interface VerifiedTokenLimits {
  readonly ttlMs: number;
  readonly maxEntries: number;
}

export const DEFAULT_VERIFIED_TOKEN_LIMITS: VerifiedTokenLimits = { ttlMs: 30_000, maxEntries: 1024 };

interface Entry {
  readonly payload: JWTPayload;
  /** Epoch ms from which the entry no longer counts. */
  readonly until: number;
}

export class VerifiedTokens {
  readonly #entries = new Map<string, Entry>();

  constructor(private readonly limits: VerifiedTokenLimits = DEFAULT_VERIFIED_TOKEN_LIMITS) {}

  get size(): number {
    return this.#entries.size;
  }

  /** The payload verified for `token`, if that verification still holds at `nowMs`. */
  get(token: string, nowMs: number): JWTPayload | undefined {
    const key = digest(token);
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (nowMs < entry.until) return entry.payload;
    this.#entries.delete(key);
    return undefined;
  }

  /** Records a verification made at `nowMs` of a token valid until `exp` + `skewSeconds`. */
  remember(token: string, payload: JWTPayload, nowMs: number, skewSeconds: number): void {
    if (this.limits.ttlMs <= 0 || this.limits.maxEntries <= 0 || typeof payload.exp !== 'number') return;
    const until = Math.min(nowMs + this.limits.ttlMs, (payload.exp + skewSeconds) * 1000);
    if (until <= nowMs) return;
    const key = digest(token);
    this.#entries.delete(key);
    while (this.#entries.size >= this.limits.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, { payload, until });
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('base64');
}
