import { fail, isObject, operandFail } from './args.js';
import type { BuiltinTable } from './types.js';

/**
 * json.filter and json.remove. Paths ("a/b/0" with ~0/~1 escapes, or
 * segment arrays) become a tree whose `null` leaves mark whole subtrees; a
 * shorter path therefore covers every longer one under it. Array elements
 * are addressed by their index as a string, as in OPA.
 */
type PathTree = Map<string, PathTree | null>;

const segmentKey = (segment: unknown): string => JSON.stringify(segment);

export function parsePath(path: unknown): unknown[] {
  if (Array.isArray(path)) return path;
  if (typeof path !== 'string') fail('path must be a string or an array of segments');
  if (path === '') return [];
  return path.replace(/^\/+/, '').split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const PATHS = 'one of {set, array}';

/** The paths operand (2) of json.filter and json.remove, in OPA's words when it is not one. */
function pathList(paths: unknown): unknown[][] {
  if (!Array.isArray(paths)) operandFail(2, PATHS, paths);
  return paths.map((p) => (Array.isArray(p) || typeof p === 'string'
    ? parsePath(p)
    : operandFail(2, `${PATHS} containing string paths or array of path segments`, p)));
}

function object(o: unknown): Record<string, unknown> {
  return isObject(o) ? o : operandFail(1, 'object', o);
}

function buildTree(paths: unknown): PathTree {
  const root: PathTree = new Map();
  for (const path of pathList(paths)) {
    if (path.length === 0) continue;
    let node: PathTree | null = root;
    for (const segment of path.slice(0, -1)) {
      const key = segmentKey(segment);
      const child: PathTree | null | undefined = node.get(key);
      if (child === null) { node = null; break; }
      if (child !== undefined) { node = child; continue; }
      const fresh: PathTree = new Map();
      node.set(key, fresh);
      node = fresh;
    }
    node?.set(segmentKey(path[path.length - 1]), null);
  }
  return root;
}

/** The child tree for an object key or array index; undefined when no path goes there. */
function childOf(tree: PathTree, key: string | number): PathTree | null | undefined {
  return tree.get(segmentKey(String(key)));
}

function filter(value: unknown, tree: PathTree | null): unknown {
  if (tree === null) return value;
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => { const t = childOf(tree, i); return t === undefined ? [] : [filter(v, t)]; });
  }
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const t = childOf(tree, k);
    if (t !== undefined) out[k] = filter(v, t);
  }
  return out;
}

/** Returns undefined when the value itself is removed. */
function remove(value: unknown, tree: PathTree | null | undefined): unknown {
  if (tree === undefined) return value;
  if (tree === null) return undefined;
  if (Array.isArray(value)) return value.map((v, i) => remove(v, childOf(tree, i))).filter((v) => v !== undefined);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const kept = remove(v, childOf(tree, k));
    if (kept !== undefined) out[k] = kept;
  }
  return out;
}

export const jsonPathBuiltins: BuiltinTable = {
  'json.filter': (o, paths) => filter(object(o), buildTree(paths)),
  'json.remove': (o, paths) => remove(object(o), buildTree(paths)),
};
