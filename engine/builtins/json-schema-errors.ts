import type { ErrorObject } from 'ajv';

/**
 * Ajv's errors in the shape OPA returns from json.match_schema, which is
 * gojsonschema's: {error, desc, field, type}, with gojsonschema's wording and
 * type names, and the field as a dotted path ("(root)" for the document).
 */
export interface SchemaError {
  error: string;
  desc: string;
  field: string;
  type: string;
}

type Describe = (e: ErrorObject, field: string) => [type: string, desc: string];

const p = (e: ErrorObject, k: string): unknown => (e.params as Record<string, unknown>)[k];

const DESCRIBE: Record<string, Describe> = {
  type: (e) => ['invalid_type', `Invalid type. Expected: ${expected(p(e, 'type'))}, given: ${jsonType(e.data)}`],
  required: (e) => ['required', `${String(p(e, 'missingProperty'))} is required`],
  minimum: (e) => ['number_gte', `Must be greater than or equal to ${String(p(e, 'limit'))}`],
  exclusiveMinimum: (e) => ['number_gt', `Must be greater than ${String(p(e, 'limit'))}`],
  maximum: (e) => ['number_lte', `Must be less than or equal to ${String(p(e, 'limit'))}`],
  exclusiveMaximum: (e) => ['number_lt', `Must be less than ${String(p(e, 'limit'))}`],
  multipleOf: (e) => ['multiple_of', `Must be a multiple of ${String(p(e, 'multipleOf'))}`],
  minLength: (e) => ['string_gte', `String length must be greater than or equal to ${String(p(e, 'limit'))}`],
  maxLength: (e) => ['string_lte', `String length must be less than or equal to ${String(p(e, 'limit'))}`],
  pattern: (e) => ['pattern', `Does not match pattern '${String(p(e, 'pattern'))}'`],
  format: (e) => ['format', `Does not match format '${String(p(e, 'format'))}'`],
  enum: (e, f) => ['enum', `${f} must be one of the following: ${allowed(p(e, 'allowedValues'))}`],
  const: (e, f) => ['const', `${f} does not match: ${JSON.stringify(p(e, 'allowedValue'))}`],
  minItems: (e) => ['array_min_items', `Array must have at least ${String(p(e, 'limit'))} items`],
  maxItems: (e) => ['array_max_items', `Array must have at most ${String(p(e, 'limit'))} items`],
  uniqueItems: (e) => ['unique', `array items[${String(p(e, 'j'))},${String(p(e, 'i'))}] must be unique`],
  additionalItems: () => ['array_no_additional_items', 'No additional items allowed on array'],
  contains: () => ['contains', 'At least one of the items must match'],
  minProperties: (e) => ['array_min_properties', `Must have at least ${String(p(e, 'limit'))} properties`],
  maxProperties: (e) => ['array_max_properties', `Must have at most ${String(p(e, 'limit'))} properties`],
  additionalProperties: (e) => ['additional_property_not_allowed', `Additional property ${String(p(e, 'additionalProperty'))} is not allowed`],
  propertyNames: (e) => ['invalid_property_name', `Property name of "${String(p(e, 'propertyName'))}" does not match`],
  dependencies: (e) => ['missing_dependency', `Has a dependency on ${String(p(e, 'missingProperty'))}`],
  anyOf: () => ['number_any_of', 'Must validate at least one schema (anyOf)'],
  oneOf: () => ['number_one_of', 'Must validate one and only one schema (oneOf)'],
  not: () => ['number_not', 'Must not validate the schema (not)'],
  if: (e) => [`condition_${String(p(e, 'failingKeyword'))}`, `Must validate "${String(p(e, 'failingKeyword'))}" as "if" was ${p(e, 'failingKeyword') === 'then' ? 'valid' : 'not valid'}`],
};

export function toSchemaError(e: ErrorObject): SchemaError {
  const field = fieldOf(e.instancePath);
  const [type, desc] = DESCRIBE[e.keyword]?.(e, field) ?? [e.keyword, e.message ?? e.keyword];
  return { error: `${field}: ${desc}`, desc, field, type };
}

/** "/a/0/b" becomes "a.0.b"; the document itself is "(root)". */
function fieldOf(instancePath: string): string {
  if (instancePath === '') return '(root)';
  return instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
}

function expected(types: unknown): string {
  return Array.isArray(types) ? `[${types.join(',')}]` : String(types);
}

/** gojsonschema names a whole number "integer" whatever the schema asked for. */
function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function allowed(values: unknown): string {
  return Array.isArray(values) ? values.map((v) => JSON.stringify(v)).join(', ') : String(values);
}
