/**
 * The part of the rule tree a `data` ref with a dynamic key can reach (`data[x].allow.see`):
 * only children whose rules the rest of the ref can match. Planning the whole document there
 * would call every rule below it, the calling rule too (OPA issue 7399); the base document is
 * merged over the pruned tree as over the whole one, so the values the ref can see are the same.
 */
import type { Term } from '../ast.js';
import type { RuleTree } from '../compile/program.js';
import { isGround } from '../compile/vars.js';

/** Pruned copies, each with a key telling it from the original node and other prunings. */
const prunings = new WeakMap<RuleTree, string>();

export function prunedKey(node: RuleTree): string {
  return prunings.get(node) ?? '';
}

/** `node` without the children `path` cannot reach; `node` itself when nothing is cut. */
export function reachable(node: RuleTree, path: Term[]): RuleTree {
  if (node.group || path.length === 0) return node;
  const key = path[0]!;
  const children = new Map<string, RuleTree>();
  let cut = false;
  for (const [name, child] of node.children) {
    const matches = key.type === 'string' ? key.value === name : !isGround(key);
    const kept = matches ? reachable(child, path.slice(1)) : undefined;
    if (kept && (kept.group || kept.children.size > 0 || kept === child)) children.set(name, kept);
    if (kept !== child) cut = true;
  }
  if (!cut) return node;
  const copy: RuleTree = { ...node, children };
  prunings.set(copy, `{${[...children].map(([name, c]) => JSON.stringify(name) + prunedKey(c)).join(',')}}`);
  return copy;
}
