/**
 * Types and ref terms as JSON, the way OPA encodes a type error's details in `opa check
 * --format json`: a type is `{"type": "number"}`, `{"of": [...], "type": "any"}`, `{"dynamic":
 * ..., "static": [...], "type": "array"}` and so on (Go marshals these from maps, so keys are
 * sorted), an unknown type is null; a term is `{"type": "var", "value": "input"}`.
 */
import type { RefTerm, Term } from '../ast.js';
import type { JsonValue } from '../diagnostics.js';
import type { Type } from './model.js';

export function typeJson(t: Type | undefined): JsonValue {
  if (!t) return null;
  switch (t.kind) {
    case 'null': case 'boolean': case 'number': case 'string':
      return { type: t.kind };
    case 'array':
      return {
        ...(t.dynamic ? { dynamic: typeJson(t.dynamic) } : {}),
        ...(t.static.length > 0 ? { static: t.static.map(typeJson) } : {}),
        type: 'array',
      };
    case 'object':
      return {
        ...(t.dynamic ? { dynamic: { key: typeJson(t.dynamic.key), value: typeJson(t.dynamic.value) } } : {}),
        ...(t.static.length > 0 ? { static: t.static.map((p) => ({ key: p.key, value: typeJson(p.value) })) } : {}),
        type: 'object',
      };
    case 'set':
      return { ...(t.of ? { of: typeJson(t.of) } : {}), type: 'set' };
    case 'any':
      return { ...(t.of.length > 0 ? { of: t.of.map(typeJson) } : {}), type: 'any' };
    case 'function':
      return {
        ...(t.args.length > 0 ? { args: t.args.map(typeJson) } : {}),
        ...(t.result ? { result: typeJson(t.result) } : {}),
        type: 'function',
        ...(t.variadic ? { variadic: typeJson(t.variadic) } : {}),
      };
  }
}

/** OPA's FuncArgs: the declared arguments (the result appended, as OPA lists it) and a variadic one. */
export function funcArgsJson(args: Array<Type | undefined>, variadic?: Type): JsonValue {
  return { ...(args.length > 0 ? { args: args.map(typeJson) } : {}), ...(variadic ? { variadic: typeJson(variadic) } : {}) };
}

/**
 * A ref as OPA's term list (head first), or undefined when it holds a comprehension, whose
 * body OPA would encode expression by expression.
 */
export function refJson(ref: RefTerm): JsonValue[] | undefined {
  const terms = [ref.head, ...ref.path].map(termJson);
  return terms.every((t) => t !== undefined) ? terms : undefined;
}

function termJson(t: Term): JsonValue | undefined {
  const value = valueJson(t);
  return value === undefined ? undefined : { type: t.type, value };
}

function valueJson(t: Term): JsonValue | undefined {
  switch (t.type) {
    case 'null': return null;
    case 'boolean': case 'string': return t.value;
    case 'number': return Number(t.value);
    case 'var': return t.name.startsWith('$_') ? '_' : t.name;
    case 'ref': return refJson(t);
    case 'array': case 'set': return all(t.items.map(termJson));
    case 'object': return all(t.items.map(([k, v]) => all([termJson(k), termJson(v)])));
    case 'call': return all([termJson(t.fn), ...t.args.map(termJson)]);
    case 'arraycomp': case 'setcomp': case 'objectcomp': return undefined;
  }
}

function all(items: Array<JsonValue | undefined>): JsonValue[] | undefined {
  return items.every((i) => i !== undefined) ? (items as JsonValue[]) : undefined;
}
