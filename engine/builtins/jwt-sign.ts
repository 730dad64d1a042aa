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
  const parsed = parseHeader(headerText);
  const fields = isObject(parsed) ? parsed : fail('JWS header must be an object');
  // OPA tells a header without an algorithm from one naming an algorithm it does not know.
  if (typeof fields.alg !== 'string') fail('unsupported signature algorithm');
  const alg = jwsAlgorithm(fields.alg) ?? fail('unknown signature algorithm');
  const typ = fields.typ === undefined ? '' : str(fields.typ);
  if ((typ === '' || typ === 'JWT') && !isJson(payload)) fail('type is JWT but payload is not JSON');
  const input = `${b64(headerText)}.${b64(payload)}`;
  return `${input}.${signs(alg, key.key, input).toString('base64url')}`;
}

/**
 * The header as JSON, a syntax error worded as Go's encoding/json starts its messages
 * ("unexpected end of JSON input", "invalid character 'x'"), which OPA reports.
 */
function parseHeader(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    if (/Unexpected end of JSON input/i.test(message)) fail('unexpected end of JSON input');
    const at = /at position (\d+)/.exec(message);
    const c = at ? text[Number(at[1])] : /Unexpected token '(.)'/.exec(message)?.[1];
    return fail(c === undefined ? 'invalid character' : `invalid character '${c}'`);
  }
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
