/**
 * OPA's type system as plain data. `undefined` stands for "no type yet" (an unbound var), which
 * OPA prints as `???`. An `any` with no members is the top type; with members it is a union.
 */
export type Type =
  | { kind: 'null' }
  | { kind: 'boolean' }
  | { kind: 'number' }
  | { kind: 'string' }
  | { kind: 'array'; static: Array<Type | undefined>; dynamic?: Type }
  | { kind: 'object'; static: StaticProperty[]; dynamic?: { key: Type; value: Type } }
  | { kind: 'set'; of: Type | undefined }
  | { kind: 'any'; of: Type[] }
  | { kind: 'function'; args: Array<Type | undefined>; result?: Type; variadic?: Type };

/** Static object keys are string keys; other constant keys make the object's dynamic part. */
export interface StaticProperty { key: string; value: Type | undefined }

export const NULL: Type = { kind: 'null' };
export const BOOLEAN: Type = { kind: 'boolean' };
export const NUMBER: Type = { kind: 'number' };
export const STRING: Type = { kind: 'string' };
export const ANY: Type = { kind: 'any', of: [] };

export function arrayOf(dynamic: Type | undefined, prefix: Array<Type | undefined> = []): Type {
  return dynamic ? { kind: 'array', static: prefix, dynamic } : { kind: 'array', static: prefix };
}

export function objectOf(props: StaticProperty[], dynamic?: { key: Type; value: Type }): Type {
  const sorted = [...props].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return dynamic ? { kind: 'object', static: sorted, dynamic } : { kind: 'object', static: sorted };
}

export function setOf(of: Type | undefined): Type {
  return { kind: 'set', of };
}

export function isTop(t: Type | undefined): boolean {
  return t?.kind === 'any' && t.of.length === 0;
}

/**
 * Types are never changed once built, and unions and comparisons render the same types over and
 * over (every rule of a group joins its type into the group's): each rendering is kept.
 */
const rendered = new WeakMap<Type, string>();

/** OPA's rendering of a type, e.g. `any<array[any], object[any: any], set[any], string>`. */
export function typeString(t: Type | undefined): string {
  if (!t) return '???';
  let text = rendered.get(t);
  if (text === undefined) {
    text = render(t);
    rendered.set(t, text);
  }
  return text;
}

function render(t: Type): string {
  switch (t.kind) {
    case 'null': case 'boolean': case 'number': case 'string':
      return t.kind;
    case 'array': {
      const prefix = t.static.length > 0 ? `<${t.static.map(typeString).join(', ')}>` : '';
      return `array${prefix}${t.dynamic ? `[${typeString(t.dynamic)}]` : ''}`;
    }
    case 'object': {
      const prefix = t.static.length > 0 ? `<${t.static.map((p) => `${p.key}: ${typeString(p.value)}`).join(', ')}>` : '';
      return `object${prefix}${t.dynamic ? `[${typeString(t.dynamic.key)}: ${typeString(t.dynamic.value)}]` : ''}`;
    }
    case 'set':
      return `set[${typeString(t.of)}]`;
    case 'any':
      return t.of.length === 0 ? 'any' : `any<${t.of.map(typeString).sort().join(', ')}>`;
    case 'function': {
      const args = t.args.map(typeString);
      if (t.variadic) args.push(`${typeString(t.variadic)}...`);
      return `(${args.join(', ')}) => ${typeString(t.result)}`;
    }
  }
}

/** Structural equality; the rendering is canonical (static keys sorted, unions sorted). */
export function sameType(a: Type | undefined, b: Type | undefined): boolean {
  return a === b || typeString(a) === typeString(b);
}

/** Whether a type has an unknown (`???`) part anywhere: unification then binds instead of comparing. */
export function hasNil(t: Type | undefined): boolean {
  if (!t) return true;
  switch (t.kind) {
    case 'array': return t.static.some(hasNil) || (t.dynamic !== undefined && hasNil(t.dynamic));
    case 'object': return t.static.some((p) => hasNil(p.value)) || (t.dynamic !== undefined && (hasNil(t.dynamic.key) || hasNil(t.dynamic.value)));
    case 'set': return hasNil(t.of);
    case 'function': return t.args.some(hasNil) || hasNil(t.result);
    default: return false;
  }
}

/** The union of two types, as OPA's `types.Or`: the top type absorbs everything. */
export function or(a: Type | undefined, b: Type | undefined): Type | undefined {
  if (!a) return b;
  if (!b) return a;
  if (a.kind === 'function' || b.kind === 'function') {
    if (a.kind !== 'function' || b.kind !== 'function' || a.args.length !== b.args.length) return undefined;
    return { kind: 'function', args: a.args.map((x, i) => or(x, b.args[i])), result: or(a.result, b.result) };
  }
  if (isTop(a) || isTop(b)) return ANY;
  // the common case (every rule of a group has the group's type): no member lists to build
  if (a.kind !== 'any' && b.kind !== 'any' && sameType(a, b)) return a;
  const members = [...(a.kind === 'any' ? a.of : [a]), ...(b.kind === 'any' ? b.of : [b])];
  const unique: Type[] = [];
  for (const m of members) if (!unique.some((u) => sameType(u, m))) unique.push(m);
  return unique.length === 1 ? unique[0] : { kind: 'any', of: unique.sort((x, y) => (typeString(x) < typeString(y) ? -1 : 1)) };
}
