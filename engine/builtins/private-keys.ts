import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { fail } from './args.js';
import { decodeAllPem, decodePem, type PemBlock } from './pem.js';
import { strictBase64 } from './x509-cert.js';

/**
 * Private keys from PEM (optionally base64-wrapped) the way OPA's
 * getPrivateKeysFromPEMData reads them: PKCS#1 "RSA PRIVATE KEY", PKCS#8
 * "PRIVATE KEY" and SEC 1 "EC PRIVATE KEY" blocks; other blocks are skipped.
 */
const FORMATS: Record<string, 'pkcs1' | 'pkcs8' | 'sec1'> = {
  'RSA PRIVATE KEY': 'pkcs1', 'PRIVATE KEY': 'pkcs8', 'EC PRIVATE KEY': 'sec1',
};

export function privateKeysFromPem(input: string): KeyObject[] {
  return decodeAllPem(unwrapBase64(input)).filter((b) => FORMATS[b.type] !== undefined).map(blockKey);
}

function blockKey(block: PemBlock): KeyObject {
  return createPrivateKey({ key: block.bytes, format: 'der', type: FORMATS[block.type] });
}

/** parse_rsa_private_key's reading: PEM text or base64 of it, whose first block is a PKCS#1 or PKCS#8 key. */
export function firstPrivateKey(input: string): KeyObject {
  const text = input.startsWith('-----BEGIN') ? input : strictBase64(input).toString('latin1');
  const block = decodePem(text) ?? fail('failed to parse PEM block containing the key');
  if (block.type !== 'RSA PRIVATE KEY' && block.type !== 'PRIVATE KEY') fail(`PEM block type is '${block.type}'`);
  return blockKey(block);
}

/** Input that is valid base64 is decoded first; anything else is taken as PEM text. */
function unwrapBase64(input: string): string {
  try {
    return strictBase64(input).toString('latin1');
  } catch {
    return input;
  }
}

/**
 * The JSON Go's encoding/json writes for *rsa.PrivateKey and
 * *ecdsa.PrivateKey, big integers exact (bigint members; see exact.ts).
 */
export function goPrivateKeyJson(key: KeyObject): Record<string, unknown> {
  const jwk = key.export({ format: 'jwk' });
  const big = (b64: string | undefined): bigint => BigInt(`0x${Buffer.from(b64 ?? '', 'base64url').toString('hex') || '0'}`);
  if (jwk.kty === 'RSA') {
    return {
      N: big(jwk.n), E: Number(big(jwk.e)), D: big(jwk.d), Primes: [big(jwk.p), big(jwk.q)],
      Precomputed: { Dp: big(jwk.dp), Dq: big(jwk.dq), Qinv: big(jwk.qi), CRTValues: [] },
    };
  }
  if (jwk.kty === 'EC') return { Curve: { Name: jwk.crv }, X: big(jwk.x), Y: big(jwk.y), D: big(jwk.d) };
  return fail(`unsupported private key type ${String(jwk.kty)}`);
}

/**
 * tls.X509KeyPair: the first CERTIFICATE block (or DER) and a private key
 * that must match its public key. Inputs may be base64 of PEM or of DER.
 */
export function parseKeyPair(certInput: string, keyInput: string): { certs: X509Certificate[]; key: KeyObject } {
  const certText = certInput.startsWith('-----BEGIN') ? certInput : strictBase64(certInput).toString('latin1');
  const keyText = keyInput.startsWith('-----BEGIN') ? keyInput : strictBase64(keyInput).toString('latin1');
  const certBlocks = certText.startsWith('-----BEGIN') ? decodeAllPem(certText).filter((b) => b.type === 'CERTIFICATE') : [];
  const certs = certBlocks.length > 0
    ? certBlocks.map((b) => new X509Certificate(b.bytes))
    : [new X509Certificate(Buffer.from(certText, 'latin1'))];
  const keys = keyText.startsWith('-----BEGIN')
    ? privateKeysFromPem(keyText)
    : [createPrivateKey({ key: Buffer.from(keyText, 'latin1'), format: 'der', type: 'pkcs8' })];
  const key = keys[0] ?? fail('tls: failed to find any PEM data in key input');
  if (!certs[0].checkPrivateKey(key)) fail('tls: private key does not match public key');
  return { certs, key };
}
