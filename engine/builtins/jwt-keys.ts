import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { fail } from './args.js';
import { parseJwkSet, type Jwk } from './jwk.js';
import { decodePem, type PemBlock } from './pem.js';

/**
 * The keys a JWT may be verified with, from the string OPA accepts: one PEM
 * certificate or PKIX public key, or else a JWK / JWK set. A PEM key carries
 * no "alg" or "kid", so it is tried against any token.
 */
export function verificationKeys(text: string): Jwk[] {
  const block = decodePem(text);
  if (block === undefined) return jwks(text);
  return [{ key: pemPublicKey(block), alg: '', kid: '' }];
}

function pemPublicKey(block: PemBlock): KeyObject {
  if (block.rest.length > 0) fail('extra data after a PEM certificate block');
  if (block.type === 'CERTIFICATE') {
    try {
      return new X509Certificate(block.bytes).publicKey;
    } catch {
      return fail('failed to parse a PEM certificate');
    }
  }
  if (block.type === 'PUBLIC KEY') return createPublicKey({ key: block.bytes, format: 'der', type: 'spki' });
  return fail('failed to extract a Key from the PEM certificate');
}

function jwks(text: string): Jwk[] {
  try {
    return parseJwkSet(text);
  } catch (e) {
    return fail(`failed to parse a JWK key (set): ${(e as Error).message}`);
  }
}

/**
 * The keys to try, in OPA's order: a key whose kid matches the token's is the
 * only one tried; otherwise every key, skipping those whose own alg differs
 * from the token's.
 */
export function candidateKeys(keys: Jwk[], kid: string, alg: string): Jwk[] {
  const byKid = kid === '' ? undefined : keys.find((k) => k.kid === kid);
  if (byKid !== undefined) return [byKid];
  return keys.filter((k) => k.alg === '' || k.alg === alg);
}
