import { fail, isObject, str, type JsonObject } from './args.js';
import { base64UrlBytes } from './encoding.js';
import { parseExactJson } from './exact.js';

/** A compact JWS split into its three base64url parts, and their decoding as OPA does it. */
export interface Token {
  header: string;
  payload: string;
  signature: string;
}

export function splitToken(v: unknown): Token {
  const s = str(v);
  if (!s.includes('.')) fail('encoded JWT had no period separators');
  const parts = s.split('.');
  if (parts.length !== 3) fail(`encoded JWT must have 3 sections, found ${parts.length}`);
  return { header: parts[0], payload: parts[1], signature: parts[2] };
}

/** A JSON object from a token, with its text kept so big integers survive (see exact.ts). */
export interface JsonText {
  text: string;
  value: JsonObject;
}

export function jsonObject(text: string): JsonText {
  const value: unknown = JSON.parse(text);
  return isObject(value) ? { text, value } : fail('decoded JSON type was not an Object');
}

/** JWE tokens (those with "enc") are refused outright. */
export function decodeHeader(token: Token): JsonText {
  const header = jsonObject(decodePart(token.header, 'header').toString('utf8'));
  if (Object.hasOwn(header.value, 'enc')) fail('JWT is a JWE object, which is not supported');
  return header;
}

export function decodePart(part: string, what: 'header' | 'payload' | 'signature'): Buffer {
  try {
    return base64UrlBytes(part);
  } catch (e) {
    return fail(`JWT ${what} had invalid encoding: ${(e as Error).message}`);
  }
}

export const signingInput = (token: Token): string => `${token.header}.${token.payload}`;

/** A result array holding decoded objects, with their numbers exact (integers past 2^53 included). */
export function tokenResult(items: Array<JsonText | string | boolean>): unknown {
  return items.map((i) => (typeof i === 'object' ? parseExactJson(i.text) : i));
}
