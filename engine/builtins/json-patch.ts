import { fail, isObject, obj, operandFail, str } from './args.js';
import { withExactNumbers } from './host.js';
import { parsePath } from './json-paths.js';
import type { BuiltinTable } from './types.js';
import { RegoDecimal, RegoSet, setOf } from './wire.js';

/**
 * json.patch: RFC 6902 operations applied in order to a copy of the value.
 * Paths are JSON pointers or segment arrays; any failing operation
 * (including a failed "test") makes the whole call undefined, even in a
 * strict evaluation, as OPA's builtinJSONPatch returns no error for it
 * (engine/compiler/wasm/quiet-failures.ts). A segment
 * into a set names a member by value (a pointer's segments are strings), and
 * adding to a set requires the value to be that member, as in OPA.
 */
type Container = unknown[] | Record<string, unknown>;

/** Operand 2 must be an array (OPA's only error here: a patch that does not apply is merely undefined). */
function patch(value: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations) || operations instanceof RegoSet) return operandFail(2, 'array', operations);
  let doc = clone(value);
  for (const op of operations) doc = apply(doc, obj(op));
  return doc;
}

/** structuredClone would turn sets into arrays. */
function clone(v: unknown): unknown {
  if (v instanceof RegoSet) return setOf(v.map(clone));
  if (Array.isArray(v)) return v.map(clone);
  if (isObject(v) && !(v instanceof RegoDecimal)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clone(x)]));
  return v;
}

function apply(doc: unknown, op: Record<string, unknown>): unknown {
  const path = parsePath(op.path);
  switch (str(op.op)) {
    case 'add': return add(doc, path, op.value);
    case 'remove': return removeAt(doc, path).doc;
    case 'replace': return path.length === 0 ? requireValue(op.value) : add(removeAt(doc, path).doc, path, op.value);
    case 'move': {
      const removed = removeAt(doc, parsePath(op.from));
      return add(removed.doc, path, removed.value);
    }
    case 'copy': return add(doc, path, clone(get(doc, parsePath(op.from))));
    case 'test': return deepEqual(get(doc, path), op.value) ? doc : fail('test failed');
    default: return fail(`unknown op ${String(op.op)}`);
  }
}

function requireValue(value: unknown): unknown {
  return value === undefined ? fail('missing value') : value;
}

function add(doc: unknown, path: unknown[], value: unknown): unknown {
  requireValue(value);
  if (path.length === 0) return value;
  const parent = container(get(doc, path.slice(0, -1)));
  const segment = path[path.length - 1];
  const key = String(segment);
  if (parent instanceof RegoSet) addMember(parent, segment, value);
  else if (Array.isArray(parent)) parent.splice(key === '-' ? parent.length : index(parent, key, true), 0, value);
  else parent[key] = value;
  return doc;
}

function addMember(set: RegoSet, segment: unknown, value: unknown): void {
  if (!deepEqual(segment, value)) fail('a set member is added under its own value');
  if (memberIndex(set, value) < 0) set.push(value);
}

function memberIndex(set: RegoSet, segment: unknown): number {
  return set.findIndex((m) => deepEqual(m, segment));
}

function removeAt(doc: unknown, path: unknown[]): { doc: unknown; value: unknown } {
  if (path.length === 0) fail('cannot remove the root');
  const parent = container(get(doc, path.slice(0, -1)));
  const segment = path[path.length - 1];
  const key = String(segment);
  if (parent instanceof RegoSet) return { doc, value: parent.splice(existingMember(parent, segment), 1)[0] };
  if (Array.isArray(parent)) return { doc, value: parent.splice(index(parent, key, false), 1)[0] };
  if (!(key in parent)) fail(`no such key ${key}`);
  const value = parent[key];
  delete parent[key];
  return { doc, value };
}

function existingMember(set: RegoSet, segment: unknown): number {
  const i = memberIndex(set, segment);
  return i >= 0 ? i : fail('no such set member');
}

function get(doc: unknown, path: unknown[]): unknown {
  let node = doc;
  for (const segment of path) {
    const c = container(node);
    const key = String(segment);
    if (c instanceof RegoSet) node = c[existingMember(c, segment)];
    else if (Array.isArray(c)) node = c[index(c, key, false)];
    else node = Object.hasOwn(c, key) ? c[key] : fail(`no such key ${key}`);
  }
  return node;
}

function container(v: unknown): Container {
  return Array.isArray(v) || (isObject(v) && !(v instanceof RegoDecimal)) ? v : fail('path goes through a scalar');
}

/** Array indexes are canonical decimals; inserting may address one past the end. */
function index(a: unknown[], key: string, inserting: boolean): number {
  const i = /^(0|[1-9]\d*)$/.test(key) ? Number(key) : fail(`bad array index ${key}`);
  return i < a.length || (inserting && i === a.length) ? i : fail(`index ${key} out of range`);
}

/** Rego equality over decoded values: sets by membership, long decimals by their text. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a instanceof RegoSet || b instanceof RegoSet) {
    return a instanceof RegoSet && b instanceof RegoSet && a.length === b.length && a.every((x) => memberIndex(b, x) >= 0);
  }
  if (a instanceof RegoDecimal || b instanceof RegoDecimal) {
    return a instanceof RegoDecimal && b instanceof RegoDecimal && a.text === b.text;
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return a === b;
}

export const jsonPatchBuiltins: BuiltinTable = { 'json.patch': withExactNumbers(patch) };
