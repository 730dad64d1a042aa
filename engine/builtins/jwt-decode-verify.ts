import { fail, obj, str, type JsonObject } from './args.js';
import type { Jwk } from './jwk.js';
import { candidateKeys, verificationKeys } from './jwt-keys.js';
import { decodeHeader, decodePart, jsonObject, signingInput, splitToken, tokenResult, type JsonText, type Token } from './jwt-token.js';
import { jwsAlgorithm, keyFits, verifies } from './jws-algorithms.js';
import { evaluationNowNs } from './time.js';

/**
 * io.jwt.decode_verify(jwt, constraints): [valid, header, payload]. A token
 * that fails a check gives [false, {}, {}]; malformed input or constraints
 * are errors (so undefined here), as in OPA.
 */
interface Constraints {
  keys?: Jwk[];
  secret: string;
  alg: string;
  iss: string;
  aud: string;
  /** Nanoseconds, as a float like OPA's. */
  time: number;
}

const UNVERIFIED = [false, {}, {}];

export function decodeVerify(jwt: unknown, constraints: unknown): unknown {
  const c = parseConstraints(obj(constraints));
  let token = splitToken(jwt);
  for (;;) {
    const header = decodeHeader(token);
    const fields = headerFields(header.value);
    if (fields === undefined || (c.alg !== '' && c.alg !== fields.alg)) return UNVERIFIED;
    if (!signatureVerifies(c, token, fields)) return UNVERIFIED;
    const payload = decodePart(token.payload, 'payload').toString('utf8');
    if (fields.cty.toUpperCase() !== 'JWT') return checkClaims(c, header, jsonObject(payload));
    token = splitToken(payload);
  }
}

function parseConstraints(o: JsonObject): Constraints {
  const c: Constraints = { secret: '', alg: '', iss: '', aud: '', time: -1 };
  for (const [name, value] of Object.entries(o)) {
    if (name === 'cert') c.keys = verificationKeys(str(value));
    else if (name === 'time') c.time = nonNegative(value);
    else if (name === 'secret' || name === 'alg' || name === 'iss' || name === 'aud') c[name] = str(value);
    else fail(`unknown token validation constraint: ${name}`);
  }
  if (c.time === -1) c.time = Number(evaluationNowNs());
  if (c.keys !== undefined && c.secret !== '') fail('duplicate key constraints');
  if (c.keys === undefined && c.secret === '') fail('no key constraint');
  return c;
}

function nonNegative(v: unknown): number {
  return typeof v === 'number' && v >= 0 ? v : fail('token time constraint: must be a non-negative number');
}

/**
 * The header parameters OPA interprets; undefined when the header is invalid
 * (no alg, or a "crit" naming a parameter it does not understand).
 */
function headerFields(h: JsonObject): { alg: string; kid: string; cty: string } | undefined {
  const text = (k: string): string => (h[k] === undefined ? '' : str(h[k]));
  const fields = { alg: text('alg'), kid: text('kid'), cty: text('cty') };
  text('typ');
  const crit = h.crit === undefined ? [] : critical(h.crit);
  const known = new Set(['alg', 'kid', 'typ', 'cty', 'crit']);
  const unknownCritical = Object.keys(h).some((k) => !known.has(k) && crit.includes(k));
  return fields.alg === '' || unknownCritical ? undefined : fields;
}

function critical(v: unknown): string[] {
  const names = Array.isArray(v) ? v.map(str) : fail('crit: must be a list');
  return names.length > 0 ? names : fail('crit: must be a nonempty list');
}

/** An unknown alg, or a secret given for an asymmetric alg, is an error rather than a mismatch. */
function signatureVerifies(c: Constraints, token: Token, h: { alg: string; kid: string }): boolean {
  const alg = jwsAlgorithm(h.alg) ?? fail(`unknown JWS algorithm: ${h.alg}`);
  const signature = decodePart(token.signature, 'signature');
  const input = signingInput(token);
  if (c.keys !== undefined) return candidateKeys(c.keys, h.kid, h.alg).some((k) => verifies(alg, k.key, input, signature));
  const secret = Buffer.from(c.secret, 'utf8');
  if (!keyFits(alg, secret, 'public')) fail('incorrect public key type');
  return verifies(alg, secret, input, signature);
}

/** iss, aud, exp and nbf against the constraints; exp and nbf are seconds, possibly fractional. */
function checkClaims(c: Constraints, header: JsonText, payload: JsonText): unknown {
  const claims = payload.value;
  if (c.iss !== '' && claims.iss !== c.iss) return UNVERIFIED;
  if (claims.aud === undefined ? c.aud !== '' : !audienceMatches(claims.aud, c.aud)) return UNVERIFIED;
  const now = c.time / 1e9;
  if (claims.exp !== undefined && now >= numericClaim(claims.exp, 'exp')) return UNVERIFIED;
  if (claims.nbf !== undefined && now < numericClaim(claims.nbf, 'nbf')) return UNVERIFIED;
  return tokenResult([true, header, payload]);
}

function audienceMatches(aud: unknown, wanted: string): boolean {
  if (typeof aud === 'string') return aud === wanted;
  return Array.isArray(aud) && aud.some((a) => a === wanted);
}

function numericClaim(v: unknown, name: string): number {
  return typeof v === 'number' ? v : fail(`${name} value must be a number`);
}
