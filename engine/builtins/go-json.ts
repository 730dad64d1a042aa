import { isObject } from './args.js';
import { RegoDecimal } from './wire.js';

/**
 * JSON text the way Go's encoding/json writes it for OPA: object keys
 * sorted (a map's order), and <, >, &, U+2028, U+2029 escaped (json.Marshal's
 * HTML-safe default); numbers held exactly (bigint, RegoDecimal) as their
 * digits. Pretty output is json.MarshalIndent's layout, with OPA putting the
 * prefix on the first line as well. `keys: 'given'` keeps each object's own
 * key order, as Go writes a struct's fields.
 */
export function goMarshal(v: unknown, layout?: Layout, keys: 'sorted' | 'given' = 'sorted'): string {
  const sorted = keys === 'sorted';
  if (layout === undefined) return write(v, undefined, sorted, '');
  return layout.prefix + write(v, layout, sorted, '\n' + layout.prefix);
}

interface Layout { prefix: string; indent: string }

function write(v: unknown, layout: Layout | undefined, sorted: boolean, newline: string): string {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof RegoDecimal) return v.text;
  if (Array.isArray(v)) {
    return block('[', ']', v.map((x) => (inner: string) => write(x, layout, sorted, inner)), layout, newline);
  }
  if (isObject(v)) {
    const keys = sorted ? Object.keys(v).sort() : Object.keys(v);
    const sep = layout === undefined ? ':' : ': ';
    return block('{', '}', keys.map((k) => (inner: string) => escape(k) + sep + write(v[k], layout, sorted, inner)), layout, newline);
  }
  return typeof v === 'string' ? escape(v) : JSON.stringify(v);
}

function block(open: string, close: string, items: Array<(inner: string) => string>, layout: Layout | undefined, newline: string): string {
  if (items.length === 0) return open + close;
  if (layout === undefined) return open + items.map((f) => f('')).join(',') + close;
  const inner = newline + layout.indent;
  return open + items.map((f) => inner + f(inner)).join(',') + newline + close;
}

const HTML_UNSAFE = /[<>&\u2028\u2029]/g;

function escape(s: string): string {
  return JSON.stringify(s).replace(HTML_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
