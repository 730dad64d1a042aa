import { constants, createHmac, sign, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { fail } from './args.js';

/**
 * The JWS algorithms OPA knows: HMAC, RSA PKCS#1 v1.5, RSA-PSS and ECDSA
 * over SHA-256/384/512. A key of the wrong kind (a secret for RS256, a
 * private key where Go expects a public one) never verifies.
 */
export interface JwsAlgorithm {
  scheme: 'HS' | 'RS' | 'PS' | 'ES';
  hash: string;
}

export type JwsKey = KeyObject | Buffer;

export function jwsAlgorithm(name: string): JwsAlgorithm | undefined {
  const m = /^(HS|RS|PS|ES)(256|384|512)$/.exec(name);
  return m === null ? undefined : { scheme: m[1] as JwsAlgorithm['scheme'], hash: `sha${m[2]}` };
}

/** Whether Go's type assertion for this scheme would accept the key. */
export function keyFits(alg: JwsAlgorithm, key: JwsKey, type: 'public' | 'private'): boolean {
  if (Buffer.isBuffer(key)) return alg.scheme === 'HS';
  if (alg.scheme === 'HS' || key.type !== type) return false;
  return key.asymmetricKeyType === (alg.scheme === 'ES' ? 'ec' : 'rsa');
}

export function verifies(alg: JwsAlgorithm, key: JwsKey, input: string, signature: Buffer): boolean {
  if (!keyFits(alg, key, 'public')) return false;
  if (Buffer.isBuffer(key)) {
    const mac = createHmac(alg.hash, key).update(input, 'utf8').digest();
    return mac.length === signature.length && timingSafeEqual(mac, signature);
  }
  const data = Buffer.from(input, 'utf8');
  try {
    if (alg.scheme === 'ES') return verify(alg.hash, data, key, ecdsaDer(signature));
    return verify(alg.hash, data, { key, ...rsaPadding(alg, constants.RSA_PSS_SALTLEN_AUTO) }, signature);
  } catch {
    return false;
  }
}

export function signs(alg: JwsAlgorithm, key: JwsKey, input: string): Buffer {
  if (!keyFits(alg, key, 'private')) fail('key does not fit the signature algorithm');
  if (Buffer.isBuffer(key)) return createHmac(alg.hash, key).update(input, 'utf8').digest();
  const data = Buffer.from(input, 'utf8');
  if (alg.scheme === 'ES') return sign(alg.hash, data, { key, dsaEncoding: 'ieee-p1363' });
  return sign(alg.hash, data, { key, ...rsaPadding(alg, constants.RSA_PSS_SALTLEN_DIGEST) });
}

/** Go verifies PSS with an auto-detected salt and jwx signs with a digest-sized one. */
function rsaPadding(alg: JwsAlgorithm, saltLength: number): { padding: number; saltLength?: number } {
  return alg.scheme === 'PS'
    ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }
    : { padding: constants.RSA_PKCS1_PADDING };
}

/**
 * OPA splits a JWS ECDSA signature into halves for r and s whatever its
 * length, so it is re-encoded as DER rather than handed to Node as
 * fixed-width P1363 (which insists on the curve's exact size).
 */
function ecdsaDer(signature: Buffer): Buffer {
  const half = Math.floor(signature.length / 2);
  const body = Buffer.concat([derInteger(signature.subarray(0, half)), derInteger(signature.subarray(half))]);
  return Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
}

function derInteger(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  let value = bytes.length === 0 ? Buffer.from([0]) : bytes.subarray(start);
  if (value[0] >= 0x80) value = Buffer.concat([Buffer.from([0]), value]);
  return Buffer.concat([Buffer.from([0x02]), derLength(value.length), value]);
}

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
