import { parseAllDocuments, stringify, type YAMLError } from 'yaml';
import { GO_YAML_PARSE, GO_YAML_STRINGIFY } from '../protocol/go-yaml.js';
import { fail, str } from './args.js';
import type { BuiltinTable } from './types.js';

/**
 * yaml.* as OPA's sigs.k8s.io/yaml behaves (YAML 1.1, ../protocol/go-yaml.ts): maps marshal with sorted keys
 * and unindented sequences, and unmarshal yields JSON values (one document;
 * anything the yaml parser flags is an error).
 */
function unmarshal(value: unknown): unknown {
  const docs = parseAllDocuments(str(value), GO_YAML_PARSE);
  if (!Array.isArray(docs) || docs.length > 1) fail('expected a single YAML document');
  const doc = docs[0];
  if (doc === undefined) return null;
  if (doc.errors.length > 0) fail(goYamlMessage(doc.errors[0]));
  return JSON.parse(JSON.stringify(doc.toJS() ?? null)) as unknown;
}

/** Go's yaml wording, which OPA reports, where the yaml package words an error differently. */
function goYamlMessage(e: YAMLError): string {
  const unclosed = /^Flow (?:sequence|map) must end with an? ([\]}])/.exec(e.message);
  const line = e.linePos?.[0].line;
  if (unclosed && line !== undefined) return `yaml: line ${line}: did not find expected ',' or '${unclosed[1]}'`;
  return e.message;
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
  'yaml.marshal': (v) => stringify(v, { ...GO_YAML_STRINGIFY, sortMapEntries: true, indentSeq: false }),
  'yaml.unmarshal': unmarshal,
  'yaml.is_valid': isValid,
};
