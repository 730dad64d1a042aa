/**
 * Planning rules into funcs, on demand: one func per rule group (complete, set, object, function)
 * and one per tree node whose whole document is referenced (`data.pkg`, iteration over rules).
 */
import type { Rule, Term } from '../ast.js';
import type { Loc, LocalIndex, Operand } from '../ir.js';
import type { GroupedRule, RuleGroup, RuleTree } from '../compile/program.js';
import { Ctx, Env, local, type Cont } from './context.js';
import { planBody } from './exprs.js';
import { baseDoc } from './refs.js';
import { planTerm, planTerms } from './terms.js';
import { unifyValue } from './unify.js';
import { dataOverridden } from './overrides.js';
import { prunedKey } from './reachable.js';
import { planRules } from './rule-index.js';

const TRUE: Term = { type: 'boolean', value: true, loc: { file: '', row: 0, col: 0 } };

function uniqueName(ctx: Ctx, key: string, base: string): { name: string; fresh: boolean } {
  const existing = ctx.funcNames.get(key);
  if (existing) return { name: existing, fresh: false };
  let name = base;
  for (let n = 1; [...ctx.funcNames.values()].includes(name); n++) name = `${base}#${n}`;
  ctx.funcNames.set(key, name);
  return { name, fresh: true };
}

export function groupFuncName(ctx: Ctx, g: RuleGroup): string {
  const suffix = ctx.overrideSuffix();
  const { name, fresh } = uniqueName(ctx, `g:${JSON.stringify(g.path)}${suffix}`, `g0.data.${g.path.join('.')}${suffix}`);
  if (fresh) planGroup(ctx, g, name);
  return name;
}

export function treeFuncName(ctx: Ctx, path: string[], node: RuleTree): string {
  const suffix = ctx.overrideSuffix();
  const { name, fresh } = uniqueName(ctx, `t:${JSON.stringify(path)}${prunedKey(node)}${suffix}`, `g0.tree.${path.join('.')}${suffix}`);
  if (fresh) planTree(ctx, path, node, name);
  return name;
}

function planGroup(ctx: Ctx, g: RuleGroup, name: string): void {
  ctx.inFunc(() => {
    const params = [0, 1, ...Array.from({ length: g.kind === 'function' ? g.arity : 0 }, (_, i) => 2 + i)];
    for (let i = 2; i < params.length; i++) ctx.local();
    const result = ctx.local();
    const loc = ctx.loc(g.loc);
    const shape = nestsUnevenly(g) ? ctx.local() : undefined;
    const block = ctx.block(() => {
      if (g.kind === 'set') ctx.emit({ type: 'MakeSet', target: result, loc });
      if (g.kind === 'object') ctx.emit({ type: 'MakeObject', target: result, loc });
      if (shape !== undefined) ctx.emit({ type: 'MakeObject', target: shape, loc });
      planRules(ctx, g, params[0]!, (r) => planRule(ctx, g, r, params, { result, shape }));
      if (g.defaultRule) planDefault(ctx, g.defaultRule.rule, params, result);
      ctx.emit({ type: 'ReturnLocal', source: result, loc });
    });
    ctx.funcs.push({ name, path: ['g0', 'data', ...g.path], params, return: result, blocks: [block], memo: g.kind !== 'function' });
  });
}

/**
 * Where a group's rules nest their values at different depths (`p[q].r := v` next to
 * `p.q.r.s.u := 42`), one rule could descend into another's value and extend it. OPA reports
 * that as a conflict: `shape` mirrors the object's nesting, with `true` where a rule's value
 * sits, so descending through a value or placing a value over a nesting is a conflict.
 */
function nestsUnevenly(g: RuleGroup): boolean {
  return g.kind === 'object' && new Set(g.rules.map((r) => r.keys.length)).size > 1;
}

interface Target { result: LocalIndex; shape?: LocalIndex }

/** Plans one rule (with its else chain) so that each solution reaches `emitValue`. */
function planRule(ctx: Ctx, g: RuleGroup, r: GroupedRule, params: LocalIndex[], target: Target): void {
  const loc = ctx.loc(r.rule.loc);
  const result = target.result;
  if (!r.rule.else) return planBodies(ctx, r.rule, params, (env) => emitValue(ctx, g, r, env, target, () => ctx.probe(r.rule.head.loc)));
  const chain = ctx.local();
  ctx.emit({ type: 'ResetLocal', target: chain, loc });
  for (let rule: Rule | undefined = r.rule, first = true; rule; rule = rule.else, first = false) {
    const current = rule;
    const guard = first ? [] : [{ type: 'IsUndefined' as const, source: chain, loc }];
    const block = ctx.block(() => {
      guard.forEach((s) => ctx.emit(s));
      planBodies(ctx, current, params, (env) => planTerm(ctx, current.head.value ?? TRUE, env, (v) => {
        ctx.emit({ type: 'AssignVarOnce', source: v, target: chain, loc });
        ctx.probe(current.head.loc);
      }));
    });
    ctx.emit({ type: 'Block', blocks: [block], loc });
  }
  const assign = ctx.block(() => {
    ctx.emit({ type: 'IsDefined', source: chain, loc });
    ctx.emit({ type: 'AssignVarOnce', source: local(chain), target: result, loc });
  });
  ctx.emit({ type: 'Block', blocks: [assign], loc });
}

/** Binds a function's arguments, then plans the body in its own block. */
function planBodies(ctx: Ctx, rule: Rule, params: LocalIndex[], onSolution: (env: Env) => void): void {
  const env = Env.root();
  const block = ctx.block(() => {
    const args = rule.head.args ?? [];
    const bindArg = (i: number, cont: Cont): void => (i === args.length ? cont() : unifyValue(ctx, args[i]!, params[i + 2]!, env, () => bindArg(i + 1, cont)));
    bindArg(0, () => planBody(ctx, rule.body, env, () => onSolution(env)));
  });
  ctx.emit({ type: 'Block', blocks: [block], loc: ctx.loc(rule.loc) });
}

/** Adds the rule's value to the result; `produced` runs once it is added (a coverage probe). */
function emitValue(ctx: Ctx, g: RuleGroup, r: GroupedRule, env: Env, target: Target, produced: Cont): void {
  const rule = r.rule;
  const { result, shape } = target;
  const loc = ctx.loc(rule.loc);
  switch (g.kind) {
    case 'complete':
    case 'function':
      return planTerm(ctx, rule.head.value ?? TRUE, env, (v) => {
        ctx.emit({ type: 'AssignVarOnce', source: v, target: result, loc });
        produced();
      });
    case 'set':
      return planTerm(ctx, rule.head.contains!, env, (v) => {
        ctx.emit({ type: 'SetAdd', value: v, set: result, loc });
        produced();
      });
    case 'object':
      return planTerms(ctx, [...r.keys, rule.head.contains ?? rule.head.value ?? TRUE], env, (ops) => {
        let obj = result;
        let marks = shape;
        for (const key of ops.slice(0, -2)) {
          obj = nestedCollection(ctx, obj, key, 'MakeObject', loc);
          if (marks !== undefined) marks = descendShape(ctx, marks, key, loc);
        }
        const [key, value] = ops.slice(-2) as [Operand, Operand];
        if (marks !== undefined) ctx.emit({ type: 'ObjectInsertOnce', key, value: { type: 'bool', value: true }, object: marks, loc });
        if (!rule.head.contains) ctx.emit({ type: 'ObjectInsertOnce', key, value, object: obj, loc });
        else ctx.emit({ type: 'SetAdd', value, set: nestedCollection(ctx, obj, key, 'MakeSet', loc), loc });
        produced();
      });
  }
}

/** The object (or set) under `key` in `obj`, created when missing (`p[a][b] := v`, `p[a] contains v`). */
function nestedCollection(ctx: Ctx, obj: LocalIndex, key: Operand, make: 'MakeObject' | 'MakeSet', loc: Loc): LocalIndex {
  const sub = ctx.local();
  ctx.emit({ type: 'ResetLocal', target: sub, loc });
  ctx.emit({ type: 'Block', blocks: [ctx.block(() => ctx.emit({ type: 'Dot', source: local(obj), key, target: sub, loc }))], loc });
  const create = ctx.block(() => {
    ctx.emit({ type: 'IsUndefined', source: sub, loc });
    ctx.emit({ type: make, target: sub, loc });
    ctx.emit({ type: 'ObjectInsert', key, value: local(sub), object: obj, loc });
  });
  ctx.emit({ type: 'Block', blocks: [create], loc });
  return sub;
}

/** The shape below `key`; a rule's value there (`true`) cannot be descended into: a conflict. */
function descendShape(ctx: Ctx, marks: LocalIndex, key: Operand, loc: Loc): LocalIndex {
  const sub = nestedCollection(ctx, marks, key, 'MakeObject', loc);
  const clash = ctx.block(() => {
    ctx.emit({ type: 'Not', block: ctx.block(() => ctx.emit({ type: 'IsObject', source: local(sub), loc })), loc });
    const nesting = ctx.local();
    ctx.emit({ type: 'MakeObject', target: nesting, loc });
    ctx.emit({ type: 'ObjectInsertOnce', key, value: local(nesting), object: marks, loc });
  });
  ctx.emit({ type: 'Block', blocks: [clash], loc });
  return sub;
}

function planDefault(ctx: Ctx, rule: Rule, params: LocalIndex[], result: LocalIndex): void {
  const loc = ctx.loc(rule.loc);
  const block = ctx.block(() => {
    ctx.emit({ type: 'IsUndefined', source: result, loc });
    planBodies(ctx, { ...rule, body: [] }, params, (env) => planTerm(ctx, rule.head.value ?? TRUE, env, (v) => {
      ctx.emit({ type: 'AssignVar', source: v, target: result, loc });
      ctx.probe(rule.head.loc);
    }));
  });
  ctx.emit({ type: 'Block', blocks: [block], loc });
}

/** The whole document at a tree node: every defined rule and sub-package, merged over base data. */
function planTree(ctx: Ctx, path: string[], node: RuleTree, name: string): void {
  ctx.inFunc(() => {
    const env = Env.root();
    const obj = ctx.local();
    const result = ctx.local();
    const loc = { file: 0, row: 0, col: 0 };
    const at: Term = { type: 'null', loc: { file: '', row: 0, col: 0 } };
    const block = ctx.block(() => {
      ctx.emit({ type: 'MakeObject', target: obj, loc });
      for (const [key, child] of [...node.children].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        // functions are not documents; replaced documents come from the base data merged below
        if (child.group?.kind === 'function' || dataOverridden(ctx.overrides, [...path, key])) continue;
        const value = ctx.local();
        const func = child.group ? groupFuncName(ctx, child.group) : treeFuncName(ctx, [...path, key], child);
        const insert = ctx.block(() => {
          ctx.emit({ type: 'Call', func, args: [local(0), local(1)], result: value, loc });
          ctx.emit({ type: 'ObjectInsert', key: { type: 'string_index', value: ctx.strings.intern(key) }, value: local(value), object: obj, loc });
        });
        ctx.emit({ type: 'Block', blocks: [insert], loc });
      }
      ctx.emit({ type: 'AssignVar', source: local(obj), target: result, loc });
      const merge = ctx.block(() => {
        const base = baseDoc(ctx, env, path, at);
        const merged = ctx.local();
        ctx.emit({ type: 'IsObject', source: local(base), loc });
        // where base data and rules define the same key, the base document wins (as in OPA)
        ctx.emit({ type: 'ObjectMerge', a: base, b: obj, target: merged, loc });
        ctx.emit({ type: 'AssignVar', source: local(merged), target: result, loc });
      });
      ctx.emit({ type: 'Block', blocks: [merge], loc });
      ctx.emit({ type: 'ReturnLocal', source: result, loc });
    });
    ctx.funcs.push({ name, path: ['g0', 'tree', ...path], params: [0, 1], return: result, blocks: [block], memo: true });
  });
}
