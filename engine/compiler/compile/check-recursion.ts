/**
 * Stage: recursion. Rules may not depend on themselves through any chain of references.
 */
import { DiagnosticCode, diagnostic, type Diagnostic } from '../diagnostics.js';
import { groupKey, type RuleGroup, type RuleTree } from './program.js';
import { dataPrefix, walkRule } from './walk.js';

function groupsUnder(tree: RuleTree, path: string[]): RuleGroup[] {
  let node: RuleTree | undefined = tree;
  const out: RuleGroup[] = [];
  for (const seg of path) {
    if (node.group) { out.push(node.group); return out; }
    node = node.children.get(seg);
    if (!node) return out;
  }
  const collect = (n: RuleTree): void => {
    if (n.group) out.push(n.group);
    n.children.forEach(collect);
  };
  collect(node);
  return out;
}

function dependencies(tree: RuleTree, g: RuleGroup): RuleGroup[] {
  const deps = new Map<string, RuleGroup>();
  const rules = [...g.rules, ...(g.defaultRule ? [g.defaultRule] : [])];
  for (const r of rules) {
    walkRule(r.rule, (t) => {
      const p = t.type === 'call' && t.fn.type === 'ref' ? dataPrefix(t.fn) : dataPrefix(t);
      if (!p) return;
      for (const d of groupsUnder(tree, p)) deps.set(groupKey(d.path), d);
    });
  }
  return [...deps.values()];
}

export function checkRecursion(tree: RuleTree, groups: RuleGroup[]): Diagnostic[] {
  const state = new Map<string, 'visiting' | 'done'>();
  const errors: Diagnostic[] = [];
  const stack: RuleGroup[] = [];
  const visit = (g: RuleGroup): void => {
    const key = groupKey(g.path);
    const s = state.get(key);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = stack.slice(stack.indexOf(g)).concat(g).map((x) => `data.${x.path.join('.')}`);
      errors.push(diagnostic(DiagnosticCode.recursion, `rule data.${g.path.join('.')} is recursive: ${cycle.join(' -> ')}`, g.loc));
      return;
    }
    state.set(key, 'visiting');
    stack.push(g);
    for (const d of dependencies(tree, g)) visit(d);
    stack.pop();
    state.set(key, 'done');
  };
  groups.forEach(visit);
  return errors;
}
