import { createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { arr, fail, isObject, str, type JsonObject } from './args.js';
import { base64UrlBytes } from './encoding.js';

/**
 * JSON Web Keys as OPA's vendored jwx reads them: a single key or a
 * {"keys": [...]} set, of type RSA, EC or oct. A key with "d" is private;
 * an oct key is its raw secret bytes.
 */
export interface Jwk {
  key: KeyObject | Buffer;
  /** The key's "alg" and "kid", or "" when absent. */
  alg: string;
  kid: string;
}

export function parseJwkSet(text: string): Jwk[] {
  const parsed: unknown = JSON.parse(text);
  if (!isObject(parsed)) fail('failed to unmarshal JWK');
  const members = Object.hasOwn(parsed, 'keys') ? arr(parsed.keys) : [parsed];
  return members.map((m) => materialize(isObject(m) ? m : fail('JWK must be an object')));
}

function materialize(jwk: JsonObject): Jwk {
  return { key: keyMaterial(jwk), alg: optionalString(jwk.alg), kid: optionalString(jwk.kid) };
}

function keyMaterial(jwk: JsonObject): KeyObject | Buffer {
  switch (jwk.kty) {
    case 'oct':
      return base64UrlBytes(str(jwk.k));
    case 'RSA':
    case 'EC': {
      const key = jwk as JsonWebKey;
      return jwk.d === undefined ? createPublicKey({ key, format: 'jwk' }) : createPrivateKey({ key, format: 'jwk' });
    }
    default:
      return fail(`invalid key type ${String(jwk.kty)}`);
  }
}

function optionalString(v: unknown): string {
  return v === undefined ? '' : str(v);
}
