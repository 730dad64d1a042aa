/**
 * The definition hash of a tool: SHA-256 (hex) of its RFC 8785 canonical JSON. Canonical form
 * makes the hash independent of key order and whitespace, so only a real change of the
 * definition (description, schema, annotations, ...) changes it.
 */
import { createHash } from 'node:crypto';
import type { JsonValue } from '../protocol/jsonrpc.js';
import { canonicalJson } from '../journal/canonical.js';

export function toolDefinitionHash(definition: JsonValue): string {
  return createHash('sha256').update(canonicalJson(definition)).digest('hex');
}
