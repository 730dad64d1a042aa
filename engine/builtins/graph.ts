import { arr, obj, type JsonObject } from './args.js';
import type { BuiltinTable } from './types.js';

/**
 * graph.reachable and graph.reachable_paths over an adjacency object (node
 * -> array/set of neighbours). Only nodes that are keys of the graph count
 * as reachable; sets arrive as arrays, and results are returned as arrays
 * for the compiler to turn into sets.
 */
/** A node's neighbours; a node whose entry is not a collection (e.g. null) has none, as in OPA. */
function neighbours(graph: JsonObject, node: unknown): unknown[] | undefined {
  if (typeof node !== 'string' || !Object.hasOwn(graph, node)) return undefined;
  const edges = graph[node];
  return Array.isArray(edges) ? edges : [];
}

function reachable(g: unknown, initial: unknown): unknown[] {
  const graph = obj(g);
  const reached = new Map<string, unknown>();
  const queue = [...arr(initial)];
  while (queue.length > 0) {
    const node = queue.shift();
    const next = neighbours(graph, node);
    const key = JSON.stringify(node);
    if (next === undefined || reached.has(key)) continue;
    reached.set(key, node);
    queue.push(...next);
  }
  return [...reached.values()];
}

/** Every maximal path from an initial node that never revisits a node on the same path. */
function reachablePaths(g: unknown, initial: unknown): unknown[][] {
  const graph = obj(g);
  const paths = new Map<string, unknown[]>();
  const walk = (path: unknown[]): void => {
    const onPath = new Set(path.map((n) => JSON.stringify(n)));
    const next = (neighbours(graph, path[path.length - 1]) ?? [])
      .filter((n) => neighbours(graph, n) !== undefined && !onPath.has(JSON.stringify(n)));
    if (next.length === 0) paths.set(JSON.stringify(path), path);
    for (const n of next) walk([...path, n]);
  };
  for (const node of arr(initial)) if (neighbours(graph, node) !== undefined) walk([node]);
  return [...paths.values()];
}

export const graphBuiltins: BuiltinTable = {
  'graph.reachable': reachable,
  'graph.reachable_paths': reachablePaths,
};
