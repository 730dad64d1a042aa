/**
 * Relations between types: whether two types can describe the same value (`unifies`), and what
 * a ref step yields (`select` for a constant key, `keysOf`/`valuesOf` for an iterated one).
 */
import { ANY, NUMBER, STRING, isTop, or, type Type } from './model.js';

/** A constant key as a ref step sees it: strings select object fields, integers array items. */
export type Key = { kind: 'string'; value: string } | { kind: 'number'; value: number } | { kind: 'other'; type: Type };

export function unifies(a: Type | undefined, b: Type | undefined): boolean {
  if (!a || !b) return false;
  if (a.kind === 'any' && unifiesAny(a.of, b)) return true;
  if (b.kind === 'any' && unifiesAny(b.of, a)) return true;
  if (a.kind === 'any' || b.kind === 'any') return false;
  switch (a.kind) {
    case 'null': case 'boolean': case 'number': case 'string':
      return b.kind === a.kind;
    case 'array':
      return b.kind === 'array' && unifiesArrays(a, b);
    case 'object':
      return b.kind === 'object' && unifiesObjects(a, b);
    case 'set':
      return b.kind === 'set' && unifies(a.of, b.of);
    case 'function':
      return b.kind === 'function' && a.args.length === b.args.length && a.args.every((x, i) => unifies(x, b.args[i]));
  }
}

function unifiesAny(members: Type[], b: Type): boolean {
  if (b.kind === 'function') return false;
  return members.length === 0 || members.some((m) => unifies(m, b));
}

type ArrayType = Extract<Type, { kind: 'array' }>;
type ObjectType = Extract<Type, { kind: 'object' }>;

function arrayItem(t: ArrayType, i: number): Type | undefined {
  return i < t.static.length ? t.static[i] : t.dynamic;
}

function unifiesArrays(a: ArrayType, b: ArrayType): boolean {
  const staticOk = (x: ArrayType, y: ArrayType) => x.static.every((_, i) => unifies(arrayItem(x, i), arrayItem(y, i)));
  if (!staticOk(a, b) || !staticOk(b, a)) return false;
  return !a.dynamic || !b.dynamic || unifies(a.dynamic, b.dynamic);
}

function unifiesObjects(a: ObjectType, b: ObjectType): boolean {
  const staticOk = (x: ObjectType, y: ObjectType) => x.static.every((p) => unifies(p.value, objectField(y, { kind: 'string', value: p.key })));
  if (!staticOk(a, b) || !staticOk(b, a)) return false;
  return !a.dynamic || !b.dynamic || unifies(a.dynamic.value, b.dynamic.value);
}

function keyType(k: Key): Type {
  return k.kind === 'string' ? STRING : k.kind === 'number' ? NUMBER : k.type;
}

/** Whether values of type `b` are all values of type `a` (OPA's `types.Contains`). */
function contains(a: Type, b: Type): boolean {
  if (isTop(a)) return true;
  if (a.kind === 'any') return a.of.some((m) => contains(m, b));
  return a.kind === b.kind;
}

function objectField(t: ObjectType, k: Key): Type | undefined {
  if (k.kind === 'string') {
    const p = t.static.find((s) => s.key === k.value);
    if (p) return p.value;
  }
  return t.dynamic && contains(t.dynamic.key, keyType(k)) ? t.dynamic.value : undefined;
}

/** The type under a constant key; undefined when no value of `t` can have it. */
export function select(t: Type, k: Key): Type | undefined {
  switch (t.kind) {
    case 'array':
      if (k.kind !== 'number' || !Number.isInteger(k.value) || k.value < 0) return undefined;
      return arrayItem(t, k.value);
    case 'object':
      return objectField(t, k);
    case 'set':
      return t.of && unifies(t.of, keyType(k)) ? t.of : undefined;
    case 'any': {
      if (t.of.length === 0) return ANY;
      let out: Type | undefined;
      for (const m of t.of) out = or(out, select(m, k));
      return out;
    }
    default:
      return undefined;
  }
}

/** The type of the keys when iterating `t`; undefined for scalars, which have none. */
export function keysOf(t: Type): Type | undefined {
  switch (t.kind) {
    case 'array': return NUMBER;
    case 'object': {
      const out = t.static.length > 0 ? or(t.dynamic?.key, STRING) : t.dynamic?.key;
      return out ?? ANY;
    }
    case 'set': return t.of ?? ANY;
    case 'any': return unionOver(t.of, keysOf);
    default: return undefined;
  }
}

/** The type of the values when iterating `t`; undefined for scalars. */
export function valuesOf(t: Type): Type | undefined {
  switch (t.kind) {
    case 'array': {
      let out: Type | undefined = t.dynamic;
      for (const s of t.static) out = or(out, s);
      return out ?? ANY;
    }
    case 'object': {
      let out: Type | undefined = t.dynamic?.value;
      for (const s of t.static) out = or(out, s.value);
      return out ?? ANY;
    }
    case 'set': return t.of ?? ANY;
    case 'any': return unionOver(t.of, valuesOf);
    default: return undefined;
  }
}

function unionOver(members: Type[], f: (t: Type) => Type | undefined): Type | undefined {
  if (members.length === 0) return ANY;
  let out: Type | undefined;
  for (const m of members) out = or(out, f(m));
  return out;
}
