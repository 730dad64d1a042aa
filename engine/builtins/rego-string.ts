import { goQuote } from './go-quote.js';
import { isObject } from './args.js';

/**
 * A value printed the way OPA prints a Rego term (what sprintf's %v shows
 * for arrays and objects): strings Go-quoted, ", " separators, object keys
 * sorted. Sets reach the host as arrays and so print as arrays.
 */
export function regoString(v: unknown): string {
  if (typeof v === 'string') return goQuote(v);
  if (Array.isArray(v)) return `[${v.map(regoString).join(', ')}]`;
  if (isObject(v)) {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${goQuote(k)}: ${regoString(v[k])}`).join(', ')}}`;
  }
  return String(v);
}

/** A set of strings as OPA prints it in an error: `{"a", "b"}`, sorted. */
export function stringSetText(items: readonly string[]): string {
  return `{${[...items].sort().map((k) => JSON.stringify(k)).join(', ')}}`;
}
