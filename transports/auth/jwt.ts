/**
 * JWT bearer authentication: `Authorization: Bearer <jwt>` verified against a JWKS URL or a
 * local public key, then checked for issuer, audience and time (with a clock skew allowance).
 *
 * Only asymmetric algorithms: the gateway holds public keys and so can verify but never
 * mint. HS* (a shared secret) is left out on purpose: anyone who can read warden's config
 * could then forge any principal. `none` is never accepted. Tokens must carry `exp`: a
 * bearer token that never expires is a password nobody can rotate.
 */
import { jwtVerify, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose';
import type { AuthResult, Authenticator, RequestHeaders } from './authenticator.js';
import { authFailure } from './challenge.js';
import { bearerToken } from './credentials.js';
import { jwtFailure } from './jwt-failures.js';
import { fileKeys, JwtConfigError, remoteKeys, type RemoteJwksTuning } from './jwt-keys.js';
import { jwtPrincipal } from './jwt-principal.js';
import { VerifiedTokens, type VerifiedTokenLimits } from './verified-tokens.js';

export { JwtConfigError };

/** The asymmetric JWS algorithms jose verifies on Node 20; also the default allowlist. */
export const JWT_ALGORITHMS: readonly string[] = [
  'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519',
];
export const DEFAULT_CLOCK_SKEW_SECONDS = 60;

export interface JwtOptions {
  /** Exactly one of jwksUrl and publicKeyFile. */
  jwksUrl?: string;
  /** PEM (SPKI or certificate), a JWK or a JWKS. */
  publicKeyFile?: string;
  /** Required `iss` when set. */
  issuer?: string;
  /** Required `aud` (one of them) when set. */
  audience?: string | string[];
  /** Tolerance on exp/nbf/iat; default DEFAULT_CLOCK_SKEW_SECONDS. */
  clockSkewSeconds?: number;
  /** Subset of JWT_ALGORITHMS; default all of them. */
  algorithms?: readonly string[];
  /** Claim naming the principal; default `sub`. */
  principalClaim?: string;
  /** Claim holding the roles; default `roles`. */
  rolesClaim?: string;
  /** Fetch timeout and cache timings of a JWKS URL. */
  jwks?: RemoteJwksTuning;
  /** How long, and for how many tokens, a verification is reused; `ttlMs: 0` verifies every request. */
  verifiedTokens?: VerifiedTokenLimits;
}

export interface JwtSettings {
  readonly keys: JWTVerifyGetKey;
  readonly verify: JWTVerifyOptions;
  readonly principalClaim: string;
  readonly rolesClaim: string;
  /** Recent verifications; none kept when absent. */
  readonly verified?: VerifiedTokens;
  /** Epoch ms; the clock of both the time checks and the cache. Default: Date.now. */
  readonly now?: () => number;
}

/** Build one with createJwtAuthenticator, which checks the options. */
export class JwtAuthenticator implements Authenticator {
  readonly scheme = 'jwt';

  constructor(private readonly settings: JwtSettings) {}

  async authenticate(headers: RequestHeaders): Promise<AuthResult> {
    const presented = bearerToken(headers);
    if (presented.kind === 'none') return authFailure('missing_credentials', presented.message);
    if (presented.kind === 'malformed') return authFailure('malformed_credentials', presented.message, 'invalid_request');
    const nowMs = (this.settings.now ?? Date.now)();
    let payload = this.settings.verified?.get(presented.value, nowMs);
    const cached = payload !== undefined;
    if (payload === undefined) {
      try {
        payload = (await jwtVerify(presented.value, this.settings.keys, { ...this.settings.verify, currentDate: new Date(nowMs) })).payload;
      } catch (error) {
        return jwtFailure(error);
      }
    }
    const result = jwtPrincipal(payload, this.settings.principalClaim, this.settings.rolesClaim);
    if (!result.ok) return authFailure('invalid_token', result.message, 'invalid_token');
    if (!cached) this.settings.verified?.remember(presented.value, payload, nowMs, skewOf(this.settings.verify));
    return result;
  }
}

/** Reads the key file or prepares the JWKS fetcher; throws JwtConfigError on bad options. */
export async function createJwtAuthenticator(options: JwtOptions): Promise<JwtAuthenticator> {
  const algorithms = checkAlgorithms(options.algorithms);
  const clockTolerance = options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  if (!Number.isFinite(clockTolerance) || clockTolerance < 0) throw new JwtConfigError('clockSkewSeconds must be a non-negative number');
  const issuer = nonEmpty(options.issuer, 'issuer');
  return new JwtAuthenticator({
    keys: await keySource(options),
    verify: {
      algorithms,
      clockTolerance,
      requiredClaims: ['exp'],
      ...(issuer === undefined ? {} : { issuer }),
      ...(options.audience === undefined ? {} : { audience: options.audience }),
    },
    principalClaim: nonEmpty(options.principalClaim, 'principalClaim') ?? 'sub',
    rolesClaim: nonEmpty(options.rolesClaim, 'rolesClaim') ?? 'roles',
    verified: new VerifiedTokens(options.verifiedTokens),
  });
}

/** The tolerance the time checks allowed, in seconds (jose also takes a duration string; we only ever give a number). */
function skewOf(verify: JWTVerifyOptions): number {
  return typeof verify.clockTolerance === 'number' ? verify.clockTolerance : 0;
}

async function keySource(options: JwtOptions): Promise<JWTVerifyGetKey> {
  if ((options.jwksUrl === undefined) === (options.publicKeyFile === undefined)) {
    throw new JwtConfigError('give exactly one of jwksUrl and publicKeyFile');
  }
  return options.jwksUrl !== undefined ? remoteKeys(options.jwksUrl, options.jwks) : fileKeys(options.publicKeyFile!);
}

function checkAlgorithms(given: readonly string[] | undefined): string[] {
  if (given === undefined) return [...JWT_ALGORITHMS];
  if (given.length === 0) throw new JwtConfigError('algorithms must not be empty');
  for (const alg of given) {
    if (/^HS\d+$/.test(alg)) throw new JwtConfigError(`${alg} is not supported: mcp-warden verifies only asymmetric signatures`);
    if (!JWT_ALGORITHMS.includes(alg)) throw new JwtConfigError(`unknown or unsupported JWT algorithm ${alg}; use some of ${JWT_ALGORITHMS.join(', ')}`);
  }
  return [...given];
}

function nonEmpty(value: string | undefined, name: string): string | undefined {
  if (value === '') throw new JwtConfigError(`${name} must not be empty`);
  return value;
}
