import { parseAllDocuments, stringify } from 'yaml';
import { fail, str } from './args.js';
import type { BuiltinTable } from './types.js';

/**
 * yaml.* as OPA's sigs.k8s.io/yaml behaves: maps marshal with sorted keys
 * and unindented sequences, and unmarshal yields JSON values (one document;
 * anything the yaml parser flags is an error).
 */
function unmarshal(value: unknown): unknown {
  const docs = parseAllDocuments(str(value));
  if (!Array.isArray(docs) || docs.length > 1) fail('expected a single YAML document');
  const doc = docs[0];
  if (doc === undefined) return null;
  if (doc.errors.length > 0) fail(doc.errors[0].message);
  return JSON.parse(JSON.stringify(doc.toJS() ?? null)) as unknown;
}

function isValid(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    unmarshal(value);
    return true;
  } catch {
    return false;
  }
}

export const yamlBuiltins: BuiltinTable = {
  'yaml.marshal': (v) => stringify(v, { sortMapEntries: true, indentSeq: false }),
  'yaml.unmarshal': unmarshal,
  'yaml.is_valid': isValid,
};
