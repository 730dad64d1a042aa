import { fail, isObject, str } from './args.js';
import { goMarshal } from './go-json.js';
import { parseJwkSet } from './jwk.js';
import { jwsAlgorithm, signs } from './jws-algorithms.js';

/**
 * io.jwt.encode_sign and encode_sign_raw. The header and payload are signed
 * byte for byte as given (encode_sign first writes them as Go's json.Marshal
 * would); the first key of a JWK set signs.
 */
export function encodeSignRaw(headers: unknown, payload: unknown, key: unknown): string {
  return sign(str(headers), str(payload), str(key));
}

export function encodeSign(headers: unknown, payload: unknown, key: unknown): string {
  return sign(goMarshal(headers), goMarshal(payload), goMarshal(key));
}

function sign(headerText: string, payload: string, jwkText: string): string {
  const key = parseJwkSet(jwkText)[0] ?? fail('no key in JWK set');
  const parsed: unknown = JSON.parse(headerText);
  const fields = isObject(parsed) ? parsed : fail('JWS header must be an object');
  const alg = jwsAlgorithm(typeof fields.alg === 'string' ? fields.alg : '') ?? fail('unknown signature algorithm');
  const typ = fields.typ === undefined ? '' : str(fields.typ);
  if ((typ === '' || typ === 'JWT') && !isJson(payload)) fail('type is JWT but payload is not JSON');
  const input = `${b64(headerText)}.${b64(payload)}`;
  return `${input}.${signs(alg, key.key, input).toString('base64url')}`;
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64url');

function isJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}
