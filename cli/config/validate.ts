/**
 * Checks a parsed config file against schema.json and words each failure for a person:
 * the field as a JSON pointer, its line and column, and what would be accepted. Messages
 * name keys and allowed values, never the value found, which may be a credential.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { pointerSegment } from '../../engine/config/json-pointer.js';
import type { ConfigDiagnostic } from './diagnostic.js';
import schema from './schema.json' with { type: 'json' };
import type { ConfigSource } from './source.js';

/** Schema-level wording for errors ajv can only describe generically, keyed by ajv keyword. */
const MESSAGES = 'x-messages';
/** Keywords whose own error is the wording above or which only wrap the real error below them. */
const WRAPPERS = new Set(['if', 'allOf', 'propertyNames']);

let validator: ValidateFunction | undefined;

function compiled(): ValidateFunction {
  validator ??= new Ajv2020({ allErrors: true, verbose: true, strictSchema: true, strictTypes: false, strictTuples: false, strictRequired: false })
    .addKeyword({ keyword: MESSAGES, schemaType: 'object' })
    .compile(schema);
  return validator;
}

export function validateConfig(source: ConfigSource): ConfigDiagnostic[] {
  const validate = compiled();
  if (validate(source.value)) return [];
  const seen = new Set<string>();
  // a value of the wrong type has that one problem, not also every rule for the right type
  const mistyped = new Set<string>();
  const diagnostics: ConfigDiagnostic[] = [];
  for (const e of (validate.errors ?? []).filter(reported)) {
    if (mistyped.has(e.instancePath)) continue;
    if (e.keyword === 'type') mistyped.add(e.instancePath);
    const d = toDiagnostic(source, e);
    const key = `${d.path}\n${d.message}`;
    if (!seen.has(key)) diagnostics.push(d);
    seen.add(key);
  }
  return diagnostics.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
}

/** oneOf's branches (`{required: [url]}`) fail by design; the oneOf error itself says why. */
function reported(e: ErrorObject): boolean {
  if (WRAPPERS.has(e.keyword)) return false;
  return !/\/oneOf\/\d+\//.test(e.schemaPath);
}

function toDiagnostic(source: ConfigSource, e: ErrorObject): ConfigDiagnostic {
  const named = namedProperty(e);
  const path = named === undefined ? e.instancePath : `${e.instancePath}/${pointerSegment(named)}`;
  const at = source.locate(path, named !== undefined);
  return { file: source.file, path, ...at, message: describe(e) };
}

/** The property an error is about when that property is the problem (a typo, a bad key). */
function namedProperty(e: ErrorObject): string | undefined {
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') return String(params.additionalProperty);
  if (typeof e.propertyName === 'string') return e.propertyName;
  return undefined;
}

function describe(e: ErrorObject): string {
  const custom = customMessage(e);
  if (custom !== undefined) return custom;
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `unknown property "${String(params.additionalProperty)}"${allowedProperties(e)}`;
    case 'required':
      return `missing required property "${String(params.missingProperty)}"`;
    case 'type':
      return `must be ${[params.type].flat().map(article).join(' or ')}`;
    case 'enum':
      return `must be one of: ${(params.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'pattern':
      return 'has an invalid form';
    case 'uniqueItems':
      return `must not repeat an item (items ${String(params.j)} and ${String(params.i)} are equal)`;
    default:
      return e.message ?? e.keyword;
  }
}

/** The schema's own wording for this keyword, kept beside the keyword in the schema. */
function customMessage(e: ErrorObject): string | undefined {
  const messages = (e.parentSchema as Record<string, unknown> | undefined)?.[MESSAGES] as Record<string, string> | undefined;
  return messages?.[e.keyword];
}

function allowedProperties(e: ErrorObject): string {
  const properties = (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  if (properties === undefined) return '';
  const names = Object.keys(properties).filter((k) => k !== '$schema');
  return ` (allowed: ${names.join(', ')})`;
}

function article(type: unknown): string {
  const t = String(type);
  if (t === 'null') return t;
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}
