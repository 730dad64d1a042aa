import { fail, isObject, obj, str, strOrStrings } from './args.js';
import type { BuiltinTable } from './types.js';

/** urlquery.* with Go's net/url QueryEscape / QueryUnescape / Values rules. */

const UNRESERVED = /[A-Za-z0-9\-_.~]/;

function queryEscape(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += UNRESERVED.test(c) ? c : c === ' ' ? '+' : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function queryUnescape(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) fail(`invalid URL escape %${hex}`);
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(s[i] === '+' ? ' ' : s[i], 'utf8'));
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** url.Values.Encode: keys sorted, one k=v per value. */
function encodeObject(value: unknown): string {
  const o = obj(value);
  return Object.keys(o).sort()
    .flatMap((k) => strOrStrings(isObject(o[k]) ? fail('bad value') : o[k]).map((v) => `${queryEscape(k)}=${queryEscape(v)}`))
    .join('&');
}

/** url.ParseQuery: '&'-separated; a ';' is an error since Go 1.17. */
function decodeObject(value: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of str(value).split('&')) {
    if (part === '') continue;
    if (part.includes(';')) fail('invalid semicolon separator in query');
    const eq = part.indexOf('=');
    const key = queryUnescape(eq < 0 ? part : part.slice(0, eq));
    (out[key] ??= []).push(eq < 0 ? '' : queryUnescape(part.slice(eq + 1)));
  }
  return out;
}

export const urlqueryBuiltins: BuiltinTable = {
  'urlquery.encode': (s) => queryEscape(str(s)),
  'urlquery.decode': (s) => queryUnescape(str(s)),
  'urlquery.encode_object': encodeObject,
  'urlquery.decode_object': decodeObject,
};
