import { fail, isObject, operandFail } from './args.js';
import type { BuiltinTable } from './types.js';
import { RegoSet, setOf } from './wire.js';

/**
 * json.filter and json.remove. Paths ("a/b/0" with ~0/~1 escapes, or
 * segment arrays) become a tree whose `null` leaves mark whole subtrees; a
 * shorter path therefore covers every longer one under it. Array elements
 * are addressed by their index as a string, as in OPA; set members by their
 * value (so "a/1" names the string "1", never the number 1 of a set).
 */
type PathTree = Map<string, PathTree | null>;

/**
 * A segment's identity in the tree. Objects and sets are written in a fixed
 * order, since a path segment and a set member equal in Rego may have been
 * built with their keys or members in different orders.
 */
function segmentKey(segment: unknown): string {
  if (segment instanceof RegoSet) return `set(${segment.map(segmentKey).sort().join(',')})`;
  if (Array.isArray(segment)) return `[${segment.map(segmentKey).join(',')}]`;
  if (isObject(segment)) {
    return `{${Object.keys(segment).sort().map((k) => `${JSON.stringify(k)}:${segmentKey(segment[k])}`).join(',')}}`;
  }
  return JSON.stringify(segment);
}

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

/** The child tree for a set member, which paths name by its value. */
const memberOf = (tree: PathTree, member: unknown): PathTree | null | undefined => tree.get(segmentKey(member));

/** Two members may become equal once filtered or removed from; the set keeps one. */
function distinct(members: unknown[]): RegoSet {
  const seen = new Map<string, unknown>();
  for (const m of members) seen.set(segmentKey(m), m);
  return setOf(seen.values());
}

function filter(value: unknown, tree: PathTree | null): unknown {
  if (tree === null) return value;
  if (value instanceof RegoSet) {
    return distinct(value.flatMap((m) => { const t = memberOf(tree, m); return t === undefined ? [] : [filter(m, t)]; }));
  }
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
  if (value instanceof RegoSet) return distinct(value.map((m) => remove(m, memberOf(tree, m))).filter((m) => m !== undefined));
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
