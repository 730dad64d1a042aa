// graph.reachable and graph.reachable_paths over an adjacency object (node -> array or set of
// neighbours). A node counts only if it is a key of the graph; a key whose entry is not a
// collection (e.g. null) is a node without edges, as in OPA.
import { colLen } from "../value";
import { arrAt, opa_array, opa_array_append, opa_array_with_cap } from "../array";
import { objGet } from "../object";
import { opa_set, opa_set_add, setFind } from "../set";
import { valuesEqual } from "../compare";
import { isArrOrSet, isObj } from "./args";
import { typeError } from "./failure";
import { NODE_LIST, OBJECT } from "./reasons";

// Arrays and sets share their slot layout, so arrAt reads either.
function edgeCount(edges: usize): i32 {
  return isArrOrSet(edges) ? colLen(edges) : 0;
}

// Records which operand is not a graph or a node list.
function graphAndNodes(graph: usize, initial: usize): bool {
  if (!isObj(graph)) return typeError(1, OBJECT, graph) != 0;
  return isArrOrSet(initial) || typeError(2, NODE_LIST, initial) != 0;
}

export function builtin_graph_reachable(graph: usize, initial: usize): usize {
  if (!graphAndNodes(graph, initial)) return 0;
  let reached = opa_set();
  let queue = opa_array();
  appendAll(queue, initial);
  for (let i = 0; i < colLen(queue); i++) {
    let node = arrAt(queue, i);
    let edges = objGet(graph, node);
    if (!edges || setFind(reached, node)) continue;
    opa_set_add(reached, node);
    appendAll(queue, edges);
  }
  return reached;
}

function appendAll(queue: usize, nodes: usize): void {
  let n = edgeCount(nodes);
  for (let i = 0; i < n; i++) opa_array_append(queue, arrAt(nodes, i));
}

export function builtin_graph_reachable_paths(graph: usize, initial: usize): usize {
  if (!graphAndNodes(graph, initial)) return 0;
  let out = opa_set();
  let n = colLen(initial);
  for (let i = 0; i < n; i++) {
    let node = arrAt(initial, i);
    let edges = objGet(graph, node);
    if (!edges) continue;
    let start = extend(opa_array(), node);
    let m = edgeCount(edges);
    if (m == 0) opa_set_add(out, start);
    // As in OPA, the first step is not checked against the path: a self-loop gives [a, a].
    for (let j = 0; j < m; j++) follow(graph, arrAt(edges, j), start, out);
  }
  return out;
}

// Extends path by node and records every path that ends where it can go no further: at a node
// without edges, before a neighbour that is not in the graph, or before one already on the path.
function follow(graph: usize, node: usize, path: usize, out: usize): void {
  let edges = objGet(graph, node);
  if (!edges) {
    opa_set_add(out, path);
    return;
  }
  let here = extend(path, node);
  let m = edgeCount(edges);
  if (m == 0) opa_set_add(out, here);
  for (let j = 0; j < m; j++) {
    let next = arrAt(edges, j);
    if (onPath(here, next)) opa_set_add(out, here);
    else follow(graph, next, here, out);
  }
}

function onPath(path: usize, node: usize): bool {
  let n = colLen(path);
  for (let i = 0; i < n; i++) if (valuesEqual(arrAt(path, i), node)) return true;
  return false;
}

// Paths are shared between branches once recorded, so each step copies.
function extend(path: usize, node: usize): usize {
  let n = colLen(path);
  let next = opa_array_with_cap(n + 1);
  for (let i = 0; i < n; i++) opa_array_append(next, arrAt(path, i));
  opa_array_append(next, node);
  return next;
}
