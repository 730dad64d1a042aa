import { isObject } from './args.js';
import { RegoDecimal } from './wire.js';

/**
 * JSON text the way Go's encoding/json writes it for OPA: object keys
 * sorted, and <, >, &, U+2028, U+2029 escaped (json.Marshal's HTML-safe
 * default). Pretty output is json.MarshalIndent's layout, with OPA putting
 * the prefix on the first line as well.
 */
export function goMarshal(v: unknown, layout?: { prefix: string; indent: string }): string {
  if (layout === undefined) return write(v, undefined, '');
  return layout.prefix + write(v, layout, '\n' + layout.prefix);
}

function write(v: unknown, layout: { prefix: string; indent: string } | undefined, newline: string): string {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof RegoDecimal) return v.text;
  if (Array.isArray(v)) {
    return block('[', ']', v.map((x) => (inner: string) => write(x, layout, inner)), layout, newline);
  }
  if (isObject(v)) {
    const keys = Object.keys(v).sort();
    const sep = layout === undefined ? ':' : ': ';
    return block('{', '}', keys.map((k) => (inner: string) => escape(k) + sep + write(v[k], layout, inner)), layout, newline);
  }
  return typeof v === 'string' ? escape(v) : JSON.stringify(v);
}

function block(
  open: string, close: string, items: Array<(inner: string) => string>,
  layout: { prefix: string; indent: string } | undefined, newline: string,
): string {
  if (items.length === 0) return open + close;
  if (layout === undefined) return open + items.map((f) => f('')).join(',') + close;
  const inner = newline + layout.indent;
  return open + items.map((f) => inner + f(inner)).join(',') + newline + close;
}

const HTML_UNSAFE = /[<>&\u2028\u2029]/g;

function escape(s: string): string {
  return JSON.stringify(s).replace(HTML_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
