import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { addEqualityKeywords } from '../schema/equality-keywords.js';
import { KeptAjv } from '../schema/kept-ajv.js';
import { UNMETERED } from '../schema/work-meter.js';
import { re2RegExpEngine } from './ajv-re2.js';
import { fail, isObject } from './args.js';
import { toSchemaError } from './json-schema-errors.js';
import type { BuiltinTable } from './types.js';

/**
 * json.verify_schema and json.match_schema. OPA validates with gojsonschema
 * (draft-07 rules by default); Ajv applies the same rules here and its
 * errors are reworded in gojsonschema's shape (json-schema-errors.ts).
 * Patterns are RE2, as Go's regexp is there (ajv-re2.ts), and `uniqueItems` and `enum` are
 * linear, as gojsonschema's are (equality-keywords.ts); the schema is the policy author's, so no
 * work budget applies beyond the policy's own.
 */

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const PRIMITIVES = ['array', 'boolean', 'integer', 'number', 'null', 'object', 'string'];
const CACHE_LIMIT = 64;
const compiled = new Map<string, ValidateFunction>();

/** Schemas and documents may be given as JSON text or as values. */
function jsonArg(v: unknown): unknown {
  return typeof v === 'string' ? JSON.parse(v) : v;
}

/** Schemas that reuse an $id cannot collide on it (kept-ajv.ts). */
const ajv = new KeptAjv(() => {
  const made = addFormats(new Ajv({ allErrors: true, strict: false, verbose: true, code: { regExp: re2RegExpEngine } }));
  addEqualityKeywords(made, UNMETERED, 'enum');
  return made;
});

/** The newest few validators are kept, since policies usually check against a fixed schema. */
function compile(schema: unknown): ValidateFunction {
  const key = JSON.stringify(schema);
  const hit = compiled.get(key);
  if (hit !== undefined) return hit;
  checkTypes(schema);
  const fn = ajv.compile(schema as object);
  if (compiled.size >= CACHE_LIMIT) compiled.delete(compiled.keys().next().value as string);
  compiled.set(key, fn);
  return fn;
}

/** gojsonschema's own wording for the most common schema mistake, an unknown "type". */
function checkTypes(schema: unknown): void {
  if (Array.isArray(schema)) schema.forEach(checkTypes);
  if (!isObject(schema)) return;
  for (const t of [schema.type].flat()) {
    if (typeof t === 'string' && !PRIMITIVES.includes(t)) {
      fail(`has a primitive type that is NOT VALID -- given: /${t}/ Expected valid values are:[${PRIMITIVES.join(' ')}]`);
    }
  }
  Object.entries(schema).filter(([k]) => k !== 'enum' && k !== 'const').forEach(([, v]) => checkTypes(v));
}

/** [true, null], or [false, why the schema cannot be used]. */
function verifySchema(schema: unknown): [boolean, string | null] {
  const parsed = jsonArg(schema);
  try {
    compile(parsed);
    return [true, null];
  } catch (e) {
    return [false, `jsonschema: ${(e as Error).message}`];
  }
}

/** [valid, errors]; an unusable schema is an error, not a mismatch. */
function matchSchema(document: unknown, schema: unknown): [boolean, unknown[]] {
  const validate = compile(jsonArg(schema));
  if (validate(jsonArg(document))) return [true, []];
  return [false, (validate.errors ?? []).map(toSchemaError)];
}

export const jsonSchemaBuiltins: BuiltinTable = {
  'json.verify_schema': verifySchema,
  'json.match_schema': matchSchema,
};
