/**
 * JSON and YAML documents (a policy's data file, `warden eval`'s input and data; YAML read as OPA
 * reads it, go-yaml.ts) with every digit
 * of their integers. JSON.parse and the yaml package read 12345678901234567890 as
 * 12345678901234567000, and a policy comparing a tool argument (which reaches it exact:
 * exact-integers.ts) with such an id in its data would never match it: a deny list of int64 ids
 * (chat channels, accounts, snowflakes) would let the listed ones through. A JSON document's
 * other numbers keep their text too, as OPA reads them (`1e3`, `10.0`: written-numbers.ts); a
 * YAML document's are the numbers OPA's YAML reader converts them to.
 *
 * The parsed value keeps the rounded numbers for what reads it in JavaScript (the compiler's
 * checks, merging); what the policy reads is JSON text written from a "marked" value, where each
 * such number is a marker string (exact-integers.ts) until the text is written.
 */
import { parse as parseYaml } from 'yaml';
import { exactJson, holdsUnsafeNumber, numberMarker } from './exact-integers.js';
import { GO_YAML_PARSE } from './go-yaml.js';
import type { JsonValue } from './jsonrpc.js';
import { markWrittenNumbers } from './written-numbers.js';

export type DocumentFormat = 'json' | 'yaml';

/** The format a file's name says: .json is JSON, .yaml and .yml are YAML; undefined for any other. */
export function documentFormat(file: string): DocumentFormat | undefined {
  if (/\.json$/i.test(file)) return 'json';
  return /\.ya?ml$/i.test(file) ? 'yaml' : undefined;
}

/** The document `text` parsed, its integers past 2^53 rounded as JSON.parse reads them. */
export function parseDocument(text: string, format: DocumentFormat): unknown {
  return format === 'json' ? JSON.parse(text) : parseYaml(text, GO_YAML_PARSE);
}

/**
 * The canonical JSON of a document whose parsed value is `value`, with the numbers that value
 * holds otherwise (rounded integers; in JSON, any number JSON.stringify writes otherwise) written
 * as in `text`; undefined when it holds none, since then the value's own JSON is exact.
 */
export function exactDocumentJson(value: unknown, text: string, format: DocumentFormat): string | undefined {
  return holdsUnsafeNumber(value) || keepsNumberText(text, format) ? exactJson(markedDocument(text, format)) : undefined;
}

/** Whether a document has numbers its parsed value would be written back otherwise than as in `text`. */
export function keepsNumberText(text: string, format: DocumentFormat): boolean {
  return format === 'json' && markWrittenNumbers(text) !== undefined;
}

/** The document `text` parsed with its numbers as marker strings: see exactDocumentJson for which. */
export function markedDocument(text: string, format: DocumentFormat): JsonValue {
  if (format === 'json') return JSON.parse(markWrittenNumbers(text) ?? text) as JsonValue;
  return markBigInts(parseYaml(text, { ...GO_YAML_PARSE, intAsBigInt: true }));
}

function markBigInts(value: unknown): JsonValue {
  if (typeof value === 'bigint') return numberMarker(String(value));
  if (typeof value !== 'object' || value === null) return value as JsonValue;
  if (Array.isArray(value)) return value.map(markBigInts);
  const out: Record<string, JsonValue> = {};
  for (const [key, member] of Object.entries(value)) out[key] = markBigInts(member);
  return out;
}
