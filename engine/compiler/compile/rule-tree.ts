/**
 * Stage: group the modules' rules by their path under `data` into a tree.
 * Detects shape conflicts (a complete rule with rules below it, mixed kinds, arity mismatches).
 */
import type { Module, Rule, Term } from '../ast.js';
import { DiagnosticCode, diagnostic, type Diagnostic } from '../diagnostics.js';
import type { GroupedRule, RuleGroup, RuleKind, RuleTree } from './program.js';

export function newTree(): RuleTree {
  return { children: new Map(), package: false };
}

/** The tree node at `path`, created (with its parents) when missing. */
export function node(tree: RuleTree, path: string[]): RuleTree {
  let n = tree;
  for (const seg of path) {
    let c = n.children.get(seg);
    if (!c) {
      c = newTree();
      n.children.set(seg, c);
    }
    n = c;
  }
  return n;
}

/** Splits a rule head ref into its ground prefix (strings) and the variable key terms after it. */
function splitHead(ref: Term[]): { ground: string[]; keys: Term[] } {
  const ground: string[] = [];
  let i = 0;
  for (; i < ref.length; i++) {
    const t = ref[i]!;
    if (i === 0 && t.type === 'var') ground.push(t.name);
    else if (t.type === 'string') ground.push(t.value);
    else break;
  }
  return { ground, keys: ref.slice(i) };
}

function kindOf(rule: Rule, keys: Term[]): RuleKind {
  if (rule.head.args) return 'function';
  // `a.b[x] contains y` is an object (by x) of sets
  if (keys.length > 0) return 'object';
  return rule.head.contains ? 'set' : 'complete';
}

export interface TreeResult { tree: RuleTree; groups: RuleGroup[]; errors: Diagnostic[] }

export function buildRuleTree(modules: Module[]): TreeResult {
  const tree = newTree();
  const groups: RuleGroup[] = [];
  const errors: Diagnostic[] = [];
  modules.forEach((mod, file) => {
    node(tree, mod.package.path).package = true;
    for (const rule of mod.rules) {
      const { ground, keys } = splitHead(rule.head.ref);
      const path = [...mod.package.path, ...ground];
      const kind = kindOf(rule, keys);
      const n = node(tree, path);
      const entry = grouped(rule, [], keys.length, file);
      const err = addToGroup(n, path, kind, entry, groups);
      if (err) errors.push(err);
    }
  });
  foldIntoObjects(tree, groups);
  errors.push(...checkNesting(tree, []));
  return { tree, groups, errors };
}

/** How many of an entry's keys are the tail of its rule's head ref (the rest are folded-in path strings). */
const refTails = new WeakMap<GroupedRule, number>();

/**
 * An entry whose variable keys are read through `rule`: the resolve stage replaces `rule` with
 * its resolved form later, and the keys must name the same rules and imports as the head does
 * (`p[a[b]] := v` with rules a and b).
 */
function grouped(rule: Rule, prefix: Term[], tail: number, file: number): GroupedRule {
  const entry: GroupedRule = {
    rule,
    file,
    get keys(): Term[] {
      const ref = this.rule.head.ref;
      return [...prefix, ...ref.slice(ref.length - tail)];
    },
  };
  refTails.set(entry, tail);
  return entry;
}

function addToGroup(n: RuleTree, path: string[], kind: RuleKind, entry: GroupedRule, groups: RuleGroup[]): Diagnostic | undefined {
  const rule = entry.rule;
  const arity = rule.head.args?.length ?? 0;
  if (!n.group) {
    n.group = { path, kind, rules: [], arity, loc: rule.loc };
    groups.push(n.group);
  }
  const g = n.group;
  if (g.kind !== kind) {
    return diagnostic(DiagnosticCode.type, `conflicting rules data.${path.join('.')} found`, rule.loc);
  }
  if (kind === 'function' && g.arity !== arity) {
    return diagnostic(DiagnosticCode.type, `conflicting rules data.${path.join('.')} found`, rule.loc);
  }
  if (rule.default) {
    if (g.defaultRule) return diagnostic(DiagnosticCode.type, `multiple default rules data.${path.join('.')} found`, rule.loc);
    g.defaultRule = entry;
  } else {
    g.rules.push(entry);
  }
  return undefined;
}

/**
 * `p[k] := v` next to `p.foo := 1` or `p.q.r := 2`: the rules below an object rule's path add
 * keys to the same object, so they join its group with their remaining path as ground keys.
 */
function foldIntoObjects(tree: RuleTree, groups: RuleGroup[]): void {
  const visit = (n: RuleTree): void => {
    if (n.group?.kind === 'object' && n.children.size > 0) {
      const g = n.group;
      const absorb = (child: RuleTree, rest: string[]): void => {
        const cg = child.group;
        if (cg?.kind === 'function') return;
        if (cg) {
          const fold = (r: GroupedRule): GroupedRule => {
            const tail = refTails.get(r) ?? r.keys.length;
            const prefix = [...rest.map((value): Term => ({ type: 'string', value, loc: r.rule.loc })), ...r.keys.slice(0, r.keys.length - tail)];
            return grouped(r.rule, prefix, tail, r.file);
          };
          g.rules.push(...cg.rules.map(fold));
          groups.splice(groups.indexOf(cg), 1);
          child.group = undefined;
        }
        for (const [k, c] of child.children) absorb(c, [...rest, k]);
        child.children.clear();
      };
      for (const [k, c] of n.children) absorb(c, [k]);
      n.children.clear();
    }
    n.children.forEach(visit);
  };
  visit(tree);
}

/** A rule's value is a leaf: nothing may be defined below a complete, set or function rule. */
function checkNesting(tree: RuleTree, path: string[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [key, child] of tree.children) {
    const p = [...path, key];
    if (child.group && child.children.size > 0 && child.group.kind !== 'object') {
      out.push(diagnostic(DiagnosticCode.type, `rule data.${p.join('.')} conflicts with rules or packages below it`, child.group.loc));
    }
    out.push(...checkNesting(child, p));
  }
  return out;
}
