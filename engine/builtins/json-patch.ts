import { arr, fail, isObject, obj, str } from './args.js';
import { parsePath } from './json-paths.js';
import type { BuiltinTable } from './types.js';

/**
 * json.patch: RFC 6902 operations applied in order to a copy of the value.
 * Paths are JSON pointers or segment arrays; any failing operation
 * (including a failed "test") makes the whole call undefined.
 */
type Container = unknown[] | Record<string, unknown>;

function patch(value: unknown, operations: unknown): unknown {
  let doc = structuredClone(value);
  for (const op of arr(operations)) doc = apply(doc, obj(op));
  return doc;
}

function apply(doc: unknown, op: Record<string, unknown>): unknown {
  const path = parsePath(op.path).map(String);
  switch (str(op.op)) {
    case 'add': return add(doc, path, op.value);
    case 'remove': return removeAt(doc, path).doc;
    case 'replace': return path.length === 0 ? requireValue(op.value) : add(removeAt(doc, path).doc, path, op.value);
    case 'move': {
      const removed = removeAt(doc, parsePath(op.from).map(String));
      return add(removed.doc, path, removed.value);
    }
    case 'copy': return add(doc, path, structuredClone(get(doc, parsePath(op.from).map(String))));
    case 'test': return deepEqual(get(doc, path), op.value) ? doc : fail('test failed');
    default: return fail(`unknown op ${String(op.op)}`);
  }
}

function requireValue(value: unknown): unknown {
  return value === undefined ? fail('missing value') : value;
}

function add(doc: unknown, path: string[], value: unknown): unknown {
  requireValue(value);
  if (path.length === 0) return value;
  const parent = container(get(doc, path.slice(0, -1)));
  const key = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(key === '-' ? parent.length : index(parent, key, true), 0, value);
  else parent[key] = value;
  return doc;
}

function removeAt(doc: unknown, path: string[]): { doc: unknown; value: unknown } {
  if (path.length === 0) fail('cannot remove the root');
  const parent = container(get(doc, path.slice(0, -1)));
  const key = path[path.length - 1];
  if (Array.isArray(parent)) return { doc, value: parent.splice(index(parent, key, false), 1)[0] };
  if (!(key in parent)) fail(`no such key ${key}`);
  const value = parent[key];
  delete parent[key];
  return { doc, value };
}

function get(doc: unknown, path: string[]): unknown {
  let node = doc;
  for (const key of path) {
    const c = container(node);
    if (Array.isArray(c)) node = c[index(c, key, false)];
    else node = Object.hasOwn(c, key) ? c[key] : fail(`no such key ${key}`);
  }
  return node;
}

function container(v: unknown): Container {
  return Array.isArray(v) || isObject(v) ? v : fail('path goes through a scalar');
}

/** Array indexes are canonical decimals; inserting may address one past the end. */
function index(a: unknown[], key: string, inserting: boolean): number {
  const i = /^(0|[1-9]\d*)$/.test(key) ? Number(key) : fail(`bad array index ${key}`);
  return i < a.length || (inserting && i === a.length) ? i : fail(`index ${key} out of range`);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return a === b;
}

export const jsonPatchBuiltins: BuiltinTable = { 'json.patch': patch };
