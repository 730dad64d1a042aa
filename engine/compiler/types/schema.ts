/**
 * JSON Schema to types, for schema-aware checking of `input`. As OPA's schema parser types them,
 * an object schema listing `properties` is closed (a key not listed is an `undefined ref`) unless
 * `additionalProperties` opens it (`true`, or a schema for the other members); one listing none
 * is open. Keywords this does not model (`$ref` outside the document, `allOf`, `not`, formats,
 * bounds) make the part `any`.
 */
import { ANY, BOOLEAN, NULL, NUMBER, STRING, arrayOf, objectOf, or, type Type } from './model.js';

type Json = Record<string, unknown>;

function isJson(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function schemaType(schema: unknown): Type {
  return convert(schema, schema, 0);
}

const MAX_DEPTH = 32;

function convert(s: unknown, root: unknown, depth: number): Type {
  if (!isJson(s) || depth > MAX_DEPTH) return ANY;
  if (typeof s.$ref === 'string') return convert(resolveRef(root, s.$ref), root, depth + 1);
  const alternatives = Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : undefined;
  if (alternatives) return union(alternatives.map((a) => convert(a, root, depth + 1)));
  if ('const' in s) return valueType(s.const);
  if (Array.isArray(s.enum)) return union(s.enum.map(valueType));
  const types = typeof s.type === 'string' ? [s.type] : Array.isArray(s.type) ? s.type : undefined;
  if (!types) return ANY;
  return union(types.map((t) => named(String(t), s, root, depth)));
}

function named(t: string, s: Json, root: unknown, depth: number): Type {
  switch (t) {
    case 'null': return NULL;
    case 'boolean': return BOOLEAN;
    case 'number': case 'integer': return NUMBER;
    case 'string': return STRING;
    case 'array':
      return arrayOf(isJson(s.items) ? convert(s.items, root, depth + 1) : ANY);
    case 'object': {
      const props = isJson(s.properties)
        ? Object.entries(s.properties).map(([key, value]) => ({ key, value: convert(value, root, depth + 1) }))
        : [];
      const opened = s.additionalProperties === true || isJson(s.additionalProperties);
      if (props.length > 0 && !opened) return objectOf(props);
      if (s.additionalProperties === false) return objectOf(props, { key: ANY, value: ANY });
      const extra = isJson(s.additionalProperties) ? convert(s.additionalProperties, root, depth + 1) : ANY;
      return objectOf(props, { key: STRING, value: extra });
    }
    default: return ANY;
  }
}

/** Only references into the same document (`#/...`) are followed. */
function resolveRef(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').filter((p) => p !== '')) {
    const part = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    node = isJson(node) ? node[part] : undefined;
  }
  return node;
}

function union(types: Type[]): Type {
  let out: Type | undefined;
  for (const t of types) out = or(out, t);
  return out ?? ANY;
}

function valueType(v: unknown): Type {
  if (v === null) return NULL;
  if (typeof v === 'boolean') return BOOLEAN;
  if (typeof v === 'number') return NUMBER;
  if (typeof v === 'string') return STRING;
  if (Array.isArray(v)) return arrayOf(undefined, v.map(valueType));
  if (isJson(v)) return objectOf(Object.entries(v).map(([key, value]) => ({ key, value: valueType(value) })));
  return ANY;
}

