import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

/**
 * A new Ed25519 private key that shares nothing with the job that generated it.
 *
 * A KeyObject returned by `generateKeyPairSync` shares its key data, and that data's mutex, with
 * the job. Node 20 holds the mutex while `export()` allocates; if that allocation triggers the GC
 * that finalizes the job, the job's destructor waits for the same mutex on the same thread, and
 * the process hangs (seen once in CI: `export({ format: 'jwk' })` in `rawPublicKey`). Asking the
 * job for DER bytes and importing them gives a key with data and a mutex of its own.
 */
export function generateSigningKey(): KeyObject {
  const { privateKey } = generateKeyPairSync('ed25519', {
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
    publicKeyEncoding: { type: 'spki', format: 'der' },
  });
  return createPrivateKey({ key: privateKey, format: 'der', type: 'pkcs8' });
}
