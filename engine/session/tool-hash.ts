/**
 * The definition hash of a tool: SHA-256 (hex) of its RFC 8785 canonical JSON. Canonical form
 * makes the hash independent of key order and whitespace, so only a real change of the
 * definition (description, schema, annotations, ...) changes it.
 */
import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import type { JsonValue } from '../protocol/jsonrpc.js';

// The package is CommonJS typed as an ES default export; at run time the default import is the function.
const canonicalize = canonicalizeModule as unknown as (value: unknown) => string | undefined;

export function toolDefinitionHash(definition: JsonValue): string {
  const text = canonicalize(definition);
  if (text === undefined) throw new TypeError('a tool definition must be JSON');
  return createHash('sha256').update(text).digest('hex');
}
