/**
 * Where JWT verification keys come from: a JWKS URL (fetched and cached by jose, refetched
 * at most once per cooldown when a token names an unknown kid) or a local public key file
 * (PEM SPKI or certificate, a JWK, or a JWKS).
 *
 * Only public keys are accepted: a private or symmetric key in the file would put signing
 * power on the gateway, which needs none.
 */
import { createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createLocalJWKSet, createRemoteJWKSet, errors, type JSONWebKeySet, type JWK, type JWTVerifyGetKey } from 'jose';
import { isLoopbackHost } from './loopback.js';

export class JwtConfigError extends Error {
  override readonly name = 'JwtConfigError';
}

/** The key source failed (network, HTTP status, bad JSON), not the token. */
export class KeySourceUnavailable extends Error {
  override readonly name = 'KeySourceUnavailable';
}

export interface RemoteJwksTuning {
  /** Per fetch; jose's default 5000. */
  timeoutMs?: number;
  /** Least time between refetches for unknown kids; jose's default 30000. */
  cooldownMs?: number;
  /** Keys older than this are refetched; jose's default 600000. */
  cacheMaxAgeMs?: number;
}

/**
 * Plain http is refused except on loopback: whoever can alter the JWKS response can mint
 * tokens the gateway accepts.
 */
export function remoteKeys(jwksUrl: string, tuning: RemoteJwksTuning = {}): JWTVerifyGetKey {
  let url: URL;
  try {
    url = new URL(jwksUrl);
  } catch {
    throw new JwtConfigError(`the JWKS URL is not a valid URL: ${jwksUrl}`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new JwtConfigError(`the JWKS URL must use https (plain http only on loopback): ${url.origin}`);
  }
  const jwks = createRemoteJWKSet(url, {
    ...(tuning.timeoutMs === undefined ? {} : { timeoutDuration: tuning.timeoutMs }),
    ...(tuning.cooldownMs === undefined ? {} : { cooldownDuration: tuning.cooldownMs }),
    ...(tuning.cacheMaxAgeMs === undefined ? {} : { cacheMaxAge: tuning.cacheMaxAgeMs }),
  });
  return async (header, token) => {
    try {
      return await jwks(header, token);
    } catch (error) {
      // Key lookups (unknown kid, ambiguous key) are the token's fault; anything else is the source's.
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) throw error;
      throw new KeySourceUnavailable('the JWKS could not be fetched', { cause: error });
    }
  };
}

export async function fileKeys(file: string): Promise<JWTVerifyGetKey> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new JwtConfigError(`cannot read the JWT public key file ${file}: ${error.code ?? error.message}`);
  });
  if (text.trimStart().startsWith('-----BEGIN')) return pemKey(text, file);
  return createLocalJWKSet(jwkSet(text, file));
}

function pemKey(text: string, file: string): JWTVerifyGetKey {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) throw new JwtConfigError(`${file} holds a private key; give the public key (SPKI PEM)`);
  try {
    const key = createPublicKey(text);
    return async () => key;
  } catch (error) {
    throw new JwtConfigError(`${file} is not a PEM public key: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function jwkSet(text: string, file: string): JSONWebKeySet {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new JwtConfigError(`${file} is neither PEM nor JSON (a JWK or a JWKS)`);
  }
  const keys = isObject(value) && Array.isArray(value['keys']) ? value['keys'] : isObject(value) && 'kty' in value ? [value] : undefined;
  if (keys === undefined || keys.length === 0) throw new JwtConfigError(`${file} holds no JWK: expected {"kty": ...} or {"keys": [...]}`);
  keys.forEach((key: unknown, i) => {
    if (!isObject(key) || typeof key['kty'] !== 'string') throw new JwtConfigError(`${file}: key ${i} is not a JWK`);
    if (key['kty'] === 'oct') throw new JwtConfigError(`${file}: key ${i} is symmetric (kty oct); only public keys are supported`);
    if ('d' in key) throw new JwtConfigError(`${file}: key ${i} is a private key; give the public JWK`);
  });
  return { keys: keys as JWK[] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
