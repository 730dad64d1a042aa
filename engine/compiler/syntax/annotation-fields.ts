/**
 * The fields of a METADATA block, checked and brought into the shape OPA's `rego.metadata.*`
 * returns: short-form authors (`Jane Doe <jane@example.com>`) and related resources (a bare URL)
 * become objects, and unknown keys are dropped as OPA's YAML decoding drops them.
 */

export type FieldsResult = { fields: Record<string, unknown> } | { error: string };

class FieldError {
  constructor(readonly message: string) {}
}

export function annotationFields(raw: unknown): FieldsResult {
  if (raw === null || raw === undefined) return { fields: {} };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { error: 'METADATA block must be a YAML mapping' };
  try {
    return { fields: fields(raw as Record<string, unknown>) };
  } catch (e) {
    if (!(e instanceof FieldError)) throw e;
    return { error: e.message };
  }
}

/** Keys in the order OPA serializes them; empty fields are omitted as OPA omits them. */
function fields(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const set = (key: string, value: unknown): void => {
    if (value !== undefined) out[key] = value;
  };
  set('scope', optionalString(raw, 'scope'));
  set('title', optionalString(raw, 'title'));
  if (raw.entrypoint !== undefined && typeof raw.entrypoint !== 'boolean') throw new FieldError("annotation field 'entrypoint' must be a boolean");
  set('entrypoint', raw.entrypoint === true ? true : undefined);
  set('description', optionalString(raw, 'description'));
  set('organizations', nonEmpty(list(raw, 'organizations').map((o) => requireString(o, 'organizations'))));
  set('related_resources', nonEmpty(list(raw, 'related_resources').map(relatedResource)));
  set('authors', nonEmpty(list(raw, 'authors').map(author)));
  set('schemas', nonEmpty(list(raw, 'schemas').map(schemaAnnotation)));
  set('custom', custom(raw.custom));
  return out;
}

function optionalString(raw: Record<string, unknown>, key: string): string | undefined {
  const v = raw[key];
  return v === undefined || v === null ? undefined : requireString(v, key);
}

function requireString(v: unknown, key: string): string {
  if (typeof v !== 'string') throw new FieldError(`annotation field '${key}' must be a string`);
  return v;
}

function list(raw: Record<string, unknown>, key: string): unknown[] {
  const v = raw[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new FieldError(`annotation field '${key}' must be a list`);
  return v;
}

function nonEmpty<T>(items: T[]): T[] | undefined {
  return items.length > 0 ? items : undefined;
}

/** `Name <email>`, `Name`, or an object with `name` and/or `email`. */
function author(v: unknown): Record<string, string> {
  if (typeof v === 'string') return parseAuthor(v);
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new FieldError('author must be a string or an object');
  const o = v as Record<string, unknown>;
  const out: Record<string, string> = {};
  if (o.name !== undefined) out.name = requireString(o.name, 'authors.name');
  if (o.email !== undefined) out.email = requireString(o.email, 'authors.email');
  if (out.name === undefined && out.email === undefined) throw new FieldError("author object must have 'name' or 'email'");
  return out;
}

function parseAuthor(text: string): Record<string, string> {
  const s = text.trim();
  if (s === '') throw new FieldError('author is an empty string');
  const m = /^(.*?)\s*<([^<>]*)>$/.exec(s);
  if (m === null) return { name: s };
  const out: Record<string, string> = {};
  if (m[1] !== '') out.name = m[1]!;
  if (m[2] !== '') out.email = m[2]!;
  return out;
}

/** A URL, or an object with `ref` (a URL) and an optional `description`. */
function relatedResource(v: unknown): Record<string, string> {
  if (typeof v === 'string') return { ref: url(v) };
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new FieldError('related resource must be a string or an object');
  const o = v as Record<string, unknown>;
  if (o.ref === undefined) throw new FieldError("related resource object must have 'ref'");
  const out: Record<string, string> = { ref: url(requireString(o.ref, 'related_resources.ref')) };
  if (o.description !== undefined) out.description = requireString(o.description, 'related_resources.description');
  return out;
}

function url(s: string): string {
  if (s.trim() === '') throw new FieldError('related resource ref URL may not be empty');
  return s;
}

/**
 * `- input.x: schema.name` (a schema by name) or `- input.x: {type: string}` (inline), as OPA
 * returns them: the path and the schema reference as ref terms, an inline schema as `definition`.
 */
function schemaAnnotation(v: unknown): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || Object.keys(v).length !== 1) {
    throw new FieldError('schema annotation must be a mapping of one document path to a schema');
  }
  const [[key, value]] = Object.entries(v as Record<string, unknown>) as [[string, unknown]];
  const path = refTerms(key);
  if (!path || (path[0]!.value !== 'input' && path[0]!.value !== 'data')) throw new FieldError(`invalid document reference in schema annotation: ${key}`);
  if (typeof value === 'string') {
    const schema = refTerms(value);
    if (!schema || schema[0]!.value !== 'schema') throw new FieldError(`invalid schema reference in schema annotation: ${value}`);
    return { path, schema };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new FieldError(`invalid schema definition in schema annotation for ${key}`);
  return { path, definition: value };
}

type RefPart = { type: 'var' | 'string'; value: string };

/** `a.b["c-d"]` as OPA's ref terms (a var, then strings); undefined when it is not such a ref. */
function refTerms(text: string): RefPart[] | undefined {
  const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text);
  if (!m) return undefined;
  const parts: RefPart[] = [{ type: 'var', value: m[0] }];
  let rest = text.slice(m[0].length);
  while (rest !== '') {
    const step = /^\.([A-Za-z_][A-Za-z0-9_]*)/.exec(rest) ?? /^\[("(?:[^"\\]|\\.)*")\]/.exec(rest);
    if (!step) return undefined;
    parts.push({ type: 'string', value: step[0].startsWith('.') ? step[1]! : (JSON.parse(step[1]!) as string) });
    rest = rest.slice(step[0].length);
  }
  return parts;
}

function custom(v: unknown): Record<string, unknown> | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw new FieldError("annotation field 'custom' must be a mapping");
  return Object.keys(v).length > 0 ? (v as Record<string, unknown>) : undefined;
}
