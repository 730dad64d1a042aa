import { fail } from './args.js';

/**
 * The parts of a URL that Go's net/url hands a request signer: the host
 * (with any port), the path as URL.EscapedPath writes it, and the raw query.
 * WHATWG URL parsing differs (it turns an empty path into "/"), which would
 * change the signature.
 */
export interface GoUrl { host: string; path: string; rawQuery: string }

const URL_PARTS = /^([A-Za-z][A-Za-z0-9+.-]*):(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#.*)?$/;

/** Path characters Go leaves as they are; anything else is percent-encoded. */
const PATH_SAFE = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*$/;

export function parseGoUrl(text: string): GoUrl {
  const m = URL_PARTS.exec(text) ?? fail(`cannot parse URL ${text}`);
  const authority = m[2] ?? '';
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  return { host, path: escapedPath(m[3]), rawQuery: m[4] ?? '' };
}

function escapedPath(raw: string): string {
  if (PATH_SAFE.test(raw)) return raw;
  const decoded = decodeURIComponent(raw);
  return encodeURI(decoded).replace(/[?#[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
