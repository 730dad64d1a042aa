/**
 * The compiled program: the artifact the compile stages hand to the planner.
 * Rules are grouped by their path under `data`; every term has its names resolved.
 */
import type { Body, Location, Module, Rule, Term } from '../ast.js';

/**
 * complete: one value (`p := v`, `a.b.c := v`); set: `p contains x`;
 * object: a ref head with variable keys after the group path (`p[k] := v`, `p.q[k][j] := v`);
 * function: `f(x) := y`.
 */
export type RuleKind = 'complete' | 'set' | 'object' | 'function';

export interface GroupedRule {
  rule: Rule;
  /** For object rules: the key terms after the group path. */
  keys: Term[];
  /** Index of the module (and file) the rule came from. */
  file: number;
}

export interface RuleGroup {
  /** Path under data, e.g. ["mcp", "allow"]. */
  path: string[];
  kind: RuleKind;
  rules: GroupedRule[];
  defaultRule?: GroupedRule;
  arity: number;
  loc: Location;
}

export interface RuleTree {
  children: Map<string, RuleTree>;
  group?: RuleGroup;
  /** The node is (inside) a package: it always exists as a document, even with no defined rules. */
  package: boolean;
}

export interface Program {
  files: string[];
  tree: RuleTree;
  groups: RuleGroup[];
  /** The ad-hoc query, when compiling one. */
  query?: Body;
  /** The package and imports the query is read in, as a module without rules. */
  queryContext?: Module;
}

export function groupKey(path: string[]): string {
  return path.map((p) => JSON.stringify(p)).join('.');
}

export function lookupGroup(tree: RuleTree, path: string[]): RuleGroup | undefined {
  let node: RuleTree | undefined = tree;
  for (const seg of path) {
    node = node.children.get(seg);
    if (!node) return undefined;
  }
  return node.group;
}
