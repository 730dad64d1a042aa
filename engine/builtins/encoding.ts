import { fail, str } from './args.js';
import type { BuiltinTable } from './types.js';

/**
 * base64, base64url and hex. Rego strings are UTF-8, so encoding works on
 * their UTF-8 bytes; decoded bytes that are not valid UTF-8 come back with
 * U+FFFD, as they would after OPA serialises them to JSON. Decoding is as
 * strict as Go's: Node's decoder silently skips bad input, so it is
 * validated first.
 */
const STD = /^[A-Za-z0-9+/]*$/;
const URL = /^[A-Za-z0-9_-]*$/;

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
const text = (b: Buffer): string => new TextDecoder().decode(b);

/** Go's padded decoding (which skips CR and LF): full quads, padding only at the end. */
function decodePadded(s: string, alphabet: RegExp, encoding: 'base64' | 'base64url'): Buffer {
  const clean = s.replace(/[\r\n]/g, '');
  const body = clean.replace(/={1,2}$/, '');
  if (!alphabet.test(body)) fail(`illegal base64 data at input byte ${illegalAt(s, alphabet)}`);
  if (clean.length % 4 !== 0) fail('illegal base64 data');
  if (body.length % 4 === 1) fail('illegal base64 data');
  return Buffer.from(body, encoding);
}

/** Where Go reports the first character outside the alphabet: its byte offset in the input. */
function illegalAt(s: string, alphabet: RegExp): number {
  let bytes = 0;
  for (const c of s) {
    if (c !== '\r' && c !== '\n' && !alphabet.test(c)) return bytes;
    bytes += utf8(c).length;
  }
  return bytes;
}

function isValidBase64(s: unknown): boolean {
  try {
    decodePadded(str(s), STD, 'base64');
    return true;
  } catch {
    return false;
  }
}

/** OPA accepts base64url without padding (RFC 7515 appendix C) by padding it first. */
export function base64UrlBytes(value: string): Buffer {
  let s = value;
  if (!s.endsWith('=')) {
    const rest = s.length % 4;
    if (rest === 1) fail('illegal base64url string');
    s += rest === 0 ? '' : '='.repeat(4 - rest);
  }
  return decodePadded(s, URL, 'base64url');
}

const decodeBase64Url = (value: unknown): string => text(base64UrlBytes(str(value)));

/** Go's encoding/hex wording: the first byte that is no hex digit (as %#U), else an odd length. */
function decodeHex(value: unknown): string {
  const s = str(value);
  const bytes = utf8(s);
  const bad = bytes.findIndex((b) => !isHexDigit(b));
  if (bad >= 0) fail(`encoding/hex: invalid byte: ${codePoint(bytes[bad]!)}`);
  if (s.length % 2 !== 0) fail('encoding/hex: odd length hex string');
  return text(Buffer.from(s, 'hex'));
}

const isHexDigit = (b: number): boolean => (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x66);

/** `U+0067 'g'`, the quoted character left out where it does not print. */
function codePoint(b: number): string {
  const u = `U+${b.toString(16).toUpperCase().padStart(4, '0')}`;
  return b < 0x20 || (b >= 0x7f && b < 0xa0) ? u : `${u} '${String.fromCharCode(b)}'`;
}

export const encodingBuiltins: BuiltinTable = {
  'base64.encode': (s) => utf8(str(s)).toString('base64'),
  'base64.decode': (s) => text(decodePadded(str(s), STD, 'base64')),
  'base64.is_valid': isValidBase64,
  'base64url.encode': (s) => utf8(str(s)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_'),
  'base64url.encode_no_pad': (s) => utf8(str(s)).toString('base64url'),
  'base64url.decode': decodeBase64Url,
  'hex.encode': (s) => utf8(str(s)).toString('hex'),
  'hex.decode': decodeHex,
};
