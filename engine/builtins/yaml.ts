import { parseAllDocuments, stringify, type YAMLError } from 'yaml';
import { GO_YAML_PARSE, GO_YAML_STRINGIFY } from '../protocol/go-yaml.js';
import { fail, str } from './args.js';
import { exactInteger } from './exact.js';
import type { BuiltinTable } from './types.js';

/**
 * yaml.* as OPA's sigs.k8s.io/yaml behaves (YAML 1.1, ../protocol/go-yaml.ts): maps marshal with sorted keys
 * and unindented sequences, and unmarshal yields JSON values (one document;
 * anything the yaml parser flags is an error).
 */
function unmarshal(value: unknown): unknown {
  const docs = parseAllDocuments(str(value), { ...GO_YAML_PARSE, intAsBigInt: true });
  if (!Array.isArray(docs) || docs.length > 1) fail('expected a single YAML document');
  const doc = docs[0];
  if (doc === undefined) return null;
  if (doc.errors.length > 0) fail(goYamlMessage(doc.errors[0]));
  return jsonValue(doc.toJS() ?? null);
}

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * The value as JSON holds it (JSON.parse(JSON.stringify(v)), which a bigint fails), with go-yaml's
 * integers exact: it reads an integer as int64 or uint64 and only a larger one as a float64.
 */
function jsonValue(v: unknown): unknown {
  if (typeof v === 'bigint') return v >= INT64_MIN && v <= UINT64_MAX ? exactInteger(v) : Number(v);
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (Array.isArray(v)) return v.map((member) => jsonValue(member) ?? null);
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(v)) if (member !== undefined) out[key] = jsonValue(member);
  return out;
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
