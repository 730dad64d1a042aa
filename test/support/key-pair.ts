import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

export interface KeyPair { privateKey: KeyObject; publicKey: KeyObject }

/**
 * A key pair that shares nothing with the job that generated it: a KeyObject straight from
 * `generateKeyPairSync` can hang Node 20 in `export()` (see engine/journal/signing-key.ts).
 */
export function keyPair(type: 'ed25519' | 'P-256' = 'ed25519'): KeyPair {
  const der = type === 'ed25519'
    ? generateKeyPairSync('ed25519', { privateKeyEncoding: { type: 'pkcs8', format: 'der' }, publicKeyEncoding: { type: 'spki', format: 'der' } })
    : generateKeyPairSync('ec', { namedCurve: type, privateKeyEncoding: { type: 'pkcs8', format: 'der' }, publicKeyEncoding: { type: 'spki', format: 'der' } });
  return {
    privateKey: createPrivateKey({ key: der.privateKey, format: 'der', type: 'pkcs8' }),
    publicKey: createPublicKey({ key: der.publicKey, format: 'der', type: 'spki' }),
  };
}
