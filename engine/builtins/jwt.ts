import { str } from './args.js';
import { decodeVerify } from './jwt-decode-verify.js';
import { candidateKeys, verificationKeys } from './jwt-keys.js';
import { encodeSign, encodeSignRaw } from './jwt-sign.js';
import { decodeHeader, decodePart, jsonObject, signingInput, splitToken, tokenResult } from './jwt-token.js';
import { jwsAlgorithm, verifies } from './jws-algorithms.js';
import type { BuiltinTable, Builtin } from './types.js';

/** io.jwt.*: decoding, signature checks against PEM or JWK keys, and signing. */

/**
 * [header, payload, signature as hex]. A header with cty "JWT" means the
 * payload is itself a token, which jwt.io-style encoders wrap in quotes.
 */
function decode(jwt: unknown): unknown {
  const token = splitToken(jwt);
  const header = decodeHeader(token);
  const payload = decodePart(token.payload, 'payload').toString('utf8');
  if (header.value.cty === 'JWT') return decode(payload.replace(/^["']+|["']+$/g, ''));
  const claims = jsonObject(payload);
  const signature = decodePart(token.signature, 'signature').toString('hex');
  return tokenResult([header, claims, signature]);
}

/** verify_hs*: the secret is the HMAC key as its UTF-8 bytes; the header is not consulted. */
const verifyHmac = (alg: string): Builtin => (jwt, secret) => {
  const token = splitToken(jwt);
  const key = Buffer.from(str(secret), 'utf8');
  return verifies(jwsAlgorithm(alg)!, key, signingInput(token), decodePart(token.signature, 'signature'));
};

/** verify_rs/ps/es*: true if any candidate key verifies with this builtin's algorithm. */
const verifyAsymmetric = (alg: string): Builtin => (jwt, certificate) => {
  const token = splitToken(jwt);
  const keys = verificationKeys(str(certificate));
  const signature = decodePart(token.signature, 'signature');
  const header = decodeHeader(token).value;
  const kid = typeof header.kid === 'string' ? header.kid : '';
  const tokenAlg = typeof header.alg === 'string' ? header.alg : '';
  const algorithm = jwsAlgorithm(alg)!;
  return candidateKeys(keys, kid, tokenAlg).some((k) => verifies(algorithm, k.key, signingInput(token), signature));
}

const SIZES = ['256', '384', '512'];
const verifiers = Object.fromEntries([
  ...SIZES.map((n) => [`io.jwt.verify_hs${n}`, verifyHmac(`HS${n}`)]),
  ...['rs', 'ps', 'es'].flatMap((s) => SIZES.map((n) => [`io.jwt.verify_${s}${n}`, verifyAsymmetric(`${s.toUpperCase()}${n}`)])),
]) as Record<string, Builtin>;

export const jwtBuiltins: BuiltinTable = {
  'io.jwt.decode': decode,
  'io.jwt.decode_verify': decodeVerify,
  'io.jwt.encode_sign': encodeSign,
  'io.jwt.encode_sign_raw': encodeSignRaw,
  ...verifiers,
};
