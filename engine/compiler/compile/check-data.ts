/**
 * Stage: rules against the base data document they will be evaluated with, as OPA's compiler
 * checks them whenever rules and data are loaded together (opa eval, test, run; its
 * CheckPathConflicts with storage.NonEmpty). A rule at a path the data already gives a value,
 * or below a data value that is not an object, is refused: otherwise `data.a.b` would read the
 * rule while `data.a[k]` and iterating `data.a` read the data, and a policy that looks rules up
 * by a computed key would decide on the data's value.
 *
 * Data beside rules (other keys of their package) and data under a package with no rule of
 * that name do not conflict, nor does a package with no rules at all: only rule paths count.
 */
import { DiagnosticCode, diagnostic, type Diagnostic } from '../diagnostics.js';
import type { RuleTree } from './program.js';

/** The base data document as loaded: JSON (or YAML read as JSON), an object at the root. */
export type BaseData = Readonly<Record<string, unknown>>;

export function checkDataConflicts(tree: RuleTree, data: BaseData): Diagnostic[] {
  const errors: Diagnostic[] = [];
  const visit = (node: RuleTree, path: string[]): void => {
    if (node.group && occupied(data, path)) {
      // As OPA: the first rule at the path is named, and nothing below it is looked at again.
      errors.push(diagnostic(DiagnosticCode.compile, `conflicting rule for data path ${path.join('/')} found`, node.group.loc));
      return;
    }
    for (const [key, child] of node.children) visit(child, [...path, key]);
  };
  visit(tree, []);
  return errors;
}

/**
 * storage.NonEmpty: the data holds a value at `path`, or the deepest prefix of `path` it holds is
 * not an object (a scalar, null or an array the next key does not index), which leaves no room
 * for the rule's value.
 */
function occupied(data: BaseData, path: readonly string[]): boolean {
  let node: unknown = data;
  for (const key of path) {
    const next = child(node, key);
    if (next === undefined) return !isObject(node);
    node = next;
  }
  return true;
}

/** Own keys only (a key named "constructor" is not data), and arrays by index as OPA's store reads them. */
function child(node: unknown, key: string): unknown {
  if (Array.isArray(node)) return /^[+-]?\d+$/.test(key) ? node[Number(key)] : undefined;
  if (isObject(node)) return Object.hasOwn(node, key) ? node[key] : undefined;
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
