/**
 * Builtin function types, parsed from the capabilities' declarations (`check/builtin-decls.json`,
 * OPA's JSON encoding of types).
 */
import { builtinDecl } from '../check/builtins.js';
import { ANY, BOOLEAN, NULL, NUMBER, STRING, arrayOf, objectOf, setOf, type Type } from './model.js';

type Json = Record<string, unknown>;

function isJson(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One type in OPA's JSON encoding; anything unrecognised is `any`, never an error. */
export function parseDeclType(v: unknown): Type {
  if (!isJson(v)) return ANY;
  switch (v.type) {
    case 'null': return NULL;
    case 'boolean': return BOOLEAN;
    case 'number': return NUMBER;
    case 'string': return STRING;
    case 'array': {
      const prefix = Array.isArray(v.static) ? v.static.map(parseDeclType) : [];
      return arrayOf(v.dynamic === undefined ? undefined : parseDeclType(v.dynamic), prefix);
    }
    case 'object': {
      const props = Array.isArray(v.static)
        ? v.static.filter(isJson).map((p) => ({ key: String(p.key), value: parseDeclType(p.value) }))
        : [];
      const dyn = isJson(v.dynamic) ? { key: parseDeclType(v.dynamic.key), value: parseDeclType(v.dynamic.value) } : undefined;
      return objectOf(props, dyn);
    }
    case 'set': return setOf(parseDeclType(v.of));
    case 'any': return Array.isArray(v.of) ? { kind: 'any', of: v.of.map(parseDeclType) } : ANY;
    case 'function': return parseFunction(v);
    default: return ANY;
  }
}

function parseFunction(v: Json): Type {
  const args = Array.isArray(v.args) ? v.args.map(parseDeclType) : [];
  return {
    kind: 'function',
    args,
    ...(v.result !== undefined ? { result: parseDeclType(v.result) } : {}),
    ...(v.variadic !== undefined ? { variadic: parseDeclType(v.variadic) } : {}),
  };
}

const cache = new Map<string, Extract<Type, { kind: 'function' }> | undefined>();

/** The declared type of a builtin, or undefined when it is not a builtin. */
export function builtinType(name: string): Extract<Type, { kind: 'function' }> | undefined {
  if (cache.has(name)) return cache.get(name);
  const decl = builtinDecl(name);
  const t = decl ? parseFunction(decl as unknown as Json) : undefined;
  const fn = t?.kind === 'function' ? t : undefined;
  cache.set(name, fn);
  return fn;
}
