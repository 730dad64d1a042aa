/**
 * RFC 8785 (JCS) canonical JSON. The `canonicalize` package does the encoding; this file makes
 * sure only real JSON reaches it, because it silently emits invalid text for functions, symbols
 * and the like instead of refusing them.
 */
import { createRequire } from 'node:module';

// The package is CommonJS with an ESM-style `export default` in its typings, which NodeNext
// resolution reads as a namespace; requiring it gives the function with an honest type.
const canonicalize = createRequire(import.meta.url)('canonicalize') as (value: unknown) => string | undefined;

/** Returns the reason `value` is not plain JSON, or undefined when it is. */
export function notJsonReason(value: unknown, path = '$'): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path} is not a finite number`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const reason = notJsonReason(value[i], `${path}[${i}]`);
      if (reason) return reason;
    }
    return undefined;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return `${path} is not a plain object`;
    for (const [key, v] of Object.entries(value)) {
      // Undefined members are dropped, as JSON.stringify would.
      if (v === undefined) continue;
      const reason = notJsonReason(v, `${path}.${key}`);
      if (reason) return reason;
    }
    return undefined;
  }
  return `${path} is a ${typeof value}, not JSON`;
}

/** Canonical JSON text of a value already checked with `notJsonReason`. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON encoding');
  return text;
}
