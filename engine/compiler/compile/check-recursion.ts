/**
 * Stage: recursion. Rules may not depend on themselves through any chain of references.
 */
import { DiagnosticCode, diagnostic, type Diagnostic } from '../diagnostics.js';
import { groupKey, type RuleGroup, type RuleTree } from './program.js';
import type { Term } from '../ast.js';
import { walkRule } from './walk.js';
import { isGround } from './vars.js';

/**
 * The rule groups a `data` ref can read, as OPA's dependency graph finds them: a string key
 * follows that child, any other non-ground key (`data[x].allow`) may be any child, a ground key
 * of another type names no rule. A ref ending above rules reads every rule below it; one passing
 * a rule reads that rule.
 */
function groupsMatching(tree: RuleTree, path: Term[]): RuleGroup[] {
  const out: RuleGroup[] = [];
  const collect = (n: RuleTree): void => {
    if (n.group) out.push(n.group);
    n.children.forEach(collect);
  };
  const visit = (n: RuleTree, i: number): void => {
    if (n.group || i === path.length) return collect(n);
    const key = path[i]!;
    if (key.type === 'string') {
      const child = n.children.get(key.value);
      if (child) visit(child, i + 1);
    } else if (!isGround(key)) {
      n.children.forEach((child) => visit(child, i + 1));
    }
  };
  visit(tree, 0);
  return out;
}

/** The path of a ref into `data` (`data.a[x].b` gives a, x, b), else undefined. */
function dataPath(t: Term): Term[] | undefined {
  return t.type === 'ref' && t.head.type === 'var' && t.head.name === 'data' ? t.path : undefined;
}

function dependencies(tree: RuleTree, g: RuleGroup): RuleGroup[] {
  const deps = new Map<string, RuleGroup>();
  const rules = [...g.rules, ...(g.defaultRule ? [g.defaultRule] : [])];
  for (const r of rules) {
    walkRule(r.rule, (t) => {
      const p = t.type === 'call' && t.fn.type === 'ref' ? dataPath(t.fn) : dataPath(t);
      if (!p) return;
      for (const d of groupsMatching(tree, p)) deps.set(groupKey(d.path), d);
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
