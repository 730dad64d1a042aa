/**
 * Planning references: into input, locals, composite values, and `data`, where base documents
 * (from setData) and virtual documents (rules) share one namespace.
 */
import type { RefTerm, Term } from '../ast.js';
import { DiagnosticCode, diagnostic } from '../diagnostics.js';
import type { LocalIndex } from '../ir.js';
import type { RuleTree } from '../compile/program.js';
import { Ctx, Env, local, type ValueCont } from './context.js';
import { planTerm, toLocal } from './terms.js';
import { hasUnbound, unifyValue } from './unify.js';
import { dataOverridden } from './overrides.js';
import { groupFuncName, treeFuncName } from './rules.js';
import { reachable } from './reachable.js';
import { isGround } from '../compile/vars.js';

export function planRef(ctx: Ctx, t: RefTerm, env: Env, cont: ValueCont): void {
  const head = t.head;
  if (head.type === 'var' && head.name === 'input' && !env.vars.has('input')) {
    ctx.emit({ type: 'IsDefined', source: env.input, loc: ctx.loc(t.loc) });
    return planPath(ctx, env.input, t.path, 0, env, cont);
  }
  if (head.type === 'var' && head.name === 'data' && !env.vars.has('data')) return planDataRef(ctx, t, env, cont);
  planTerm(ctx, head, env, (op) => planPath(ctx, toLocal(ctx, op, t.loc), t.path, 0, env, cont));
}

/** Applies `path[i..]` to the value in `source`: Dot for bound keys, Scan for unbound vars. */
export function planPath(ctx: Ctx, source: LocalIndex, path: Term[], i: number, env: Env, cont: ValueCont): void {
  if (i === path.length) return cont(local(source));
  const key = path[i]!;
  const loc = ctx.loc(key.loc);
  if (hasUnbound(key, env)) {
    const k = ctx.local();
    const v = ctx.local();
    const block = ctx.block(() => unifyValue(ctx, key, k, env, () => planPath(ctx, v, path, i + 1, env, cont)));
    ctx.emit({ type: 'Scan', source, key: k, value: v, block, loc });
    return;
  }
  planTerm(ctx, key, env, (k) => {
    const target = ctx.local();
    ctx.emit({ type: 'Dot', source: { type: 'local', value: source }, key: k, target, loc });
    planPath(ctx, target, path, i + 1, env, cont);
  });
}

function planDataRef(ctx: Ctx, t: RefTerm, env: Env, cont: ValueCont): void {
  const loc = ctx.loc(t.loc);
  let node: RuleTree = ctx.program.tree;
  const prefix: string[] = [];
  for (let i = 0; ; i++) {
    if (prefix.length > 0 && dataOverridden(ctx.overrides, prefix)) return planPath(ctx, baseDoc(ctx, env, prefix, t), t.path, i, env, cont);
    if (node.group) {
      if (node.group.kind === 'function') {
        ctx.errors.push(diagnostic(DiagnosticCode.type, `function data.${prefix.join('.')} must be called`, t.loc));
        return;
      }
      const result = ctx.local();
      ctx.emit({ type: 'Call', func: groupFuncName(ctx, node.group), args: [local(env.input), local(env.data)], result, loc });
      return planPath(ctx, result, t.path, i, env, cont);
    }
    if (i === t.path.length) {
      const result = ctx.local();
      ctx.emit({ type: 'Call', func: treeFuncName(ctx, prefix, node), args: [local(env.input), local(env.data)], result, loc });
      return cont(local(result));
    }
    const key = t.path[i]!;
    const child = key.type === 'string' ? node.children.get(key.value) : undefined;
    if (child) {
      node = child;
      prefix.push((key as { value: string }).value);
      continue;
    }
    if (isGround(key)) return planPath(ctx, baseDoc(ctx, env, prefix, t), t.path, i, env, cont);
    const all = ctx.local();
    ctx.emit({ type: 'Call', func: treeFuncName(ctx, prefix, reachable(node, t.path.slice(i))), args: [local(env.input), local(env.data)], result: all, loc });
    return planPath(ctx, all, t.path, i, env, cont);
  }
}

/** The base document at `prefix` (fails when absent). */
export function baseDoc(ctx: Ctx, env: Env, prefix: string[], at: Term): LocalIndex {
  const loc = ctx.loc(at.loc);
  let cur = env.data;
  for (const seg of prefix) {
    const next = ctx.local();
    ctx.emit({ type: 'Dot', source: local(cur), key: { type: 'string_index', value: ctx.strings.intern(seg) }, target: next, loc });
    cur = next;
  }
  return cur;
}
