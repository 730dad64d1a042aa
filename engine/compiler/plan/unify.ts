/**
 * Unification (`=`, `:=`, output arguments, `some ... in` patterns): binds unbound vars and
 * destructures array/object patterns; fully bound sides are compared.
 */
import type { Term } from '../ast.js';
import type { LocalIndex } from '../ir.js';
import { ROOTS } from '../compile/vars.js';
import { literalPairs } from '../compile/reorder.js';
import { builtinDecl } from '../check/builtins.js';
import { Ctx, Env, local, type Cont } from './context.js';
import { planTerm, toLocal } from './terms.js';

function isUnboundVar(t: Term, env: Env): t is Extract<Term, { type: 'var' }> {
  return t.type === 'var' && !env.vars.has(t.name) && !ROOTS.has(t.name);
}

/** Whether the pattern has an unbound var in a position unification can bind. */
export function hasUnbound(t: Term, env: Env): boolean {
  if (isUnboundVar(t, env)) return true;
  if (t.type === 'array') return t.items.some((i) => hasUnbound(i, env));
  if (t.type === 'object') return t.items.some(([, v]) => hasUnbound(v, env));
  return false;
}

export function planUnify(ctx: Ctx, a: Term, b: Term, env: Env, cont: Cont): void {
  const loc = ctx.loc(a.loc);
  // `[path, value] := walk(x)`: a relation's solutions are unified one by one
  const relation = relationCall(b) ? b : relationCall(a) ? a : undefined;
  if (relation) {
    const other = relation === b ? a : b;
    return planTerm(ctx, relation, env, (all) => planEachSolution(ctx, toLocal(ctx, all, relation.loc), other, env, cont));
  }
  if (isUnboundVar(a, env)) return planTerm(ctx, b, env, (op) => { env.vars.set(a.name, toLocal(ctx, op, a.loc)); cont(); });
  if (isUnboundVar(b, env)) return planTerm(ctx, a, env, (op) => { env.vars.set(b.name, toLocal(ctx, op, b.loc)); cont(); });
  if ((a.type === 'array' && b.type === 'array') || (a.type === 'object' && b.type === 'object')) {
    // literals of different sizes never unify; same-size ones with ground keys unify element-wise
    if (a.items.length !== b.items.length) return;
    const pairs = literalPairs(a, b);
    if (pairs) {
      const pair = (i: number): void => (i === pairs.length ? cont() : planUnify(ctx, pairs[i]![0], pairs[i]![1], env, () => pair(i + 1)));
      return pair(0);
    }
  }
  if (hasUnbound(a, env)) return planTerm(ctx, b, env, (op) => unifyValue(ctx, a, toLocal(ctx, op, b.loc), env, cont));
  if (hasUnbound(b, env)) return planTerm(ctx, a, env, (op) => unifyValue(ctx, b, toLocal(ctx, op, a.loc), env, cont));
  planTerm(ctx, a, env, (x) => planTerm(ctx, b, env, (y) => {
    ctx.emit({ type: 'Equal', a: x, b: y, loc });
    cont();
  }));
}

/** Unifies a pattern with the value held in `value`. */
export function unifyValue(ctx: Ctx, pattern: Term, value: LocalIndex, env: Env, cont: Cont): void {
  const loc = ctx.loc(pattern.loc);
  if (isUnboundVar(pattern, env)) {
    env.vars.set(pattern.name, value);
    return cont();
  }
  if (pattern.type === 'array' && hasUnbound(pattern, env)) {
    ctx.emit({ type: 'IsArray', source: local(value), loc });
    checkLength(ctx, value, pattern.items.length, pattern);
    const item = (i: number): void => {
      if (i === pattern.items.length) return cont();
      const idx = ctx.local();
      const elem = ctx.local();
      ctx.emit({ type: 'MakeNumberInt', value: i, target: idx, loc });
      ctx.emit({ type: 'Dot', source: local(value), key: local(idx), target: elem, loc });
      unifyValue(ctx, pattern.items[i]!, elem, env, () => item(i + 1));
    };
    return item(0);
  }
  if (pattern.type === 'object' && hasUnbound(pattern, env)) {
    ctx.emit({ type: 'IsObject', source: local(value), loc });
    checkLength(ctx, value, pattern.items.length, pattern);
    const entry = (i: number): void => {
      if (i === pattern.items.length) return cont();
      const [k, v] = pattern.items[i]!;
      planTerm(ctx, k, env, (key) => {
        const elem = ctx.local();
        ctx.emit({ type: 'Dot', source: local(value), key, target: elem, loc });
        unifyValue(ctx, v, elem, env, () => entry(i + 1));
      });
    };
    return entry(0);
  }
  planTerm(ctx, pattern, env, (op) => {
    ctx.emit({ type: 'Equal', a: op, b: local(value), loc });
    cont();
  });
}

/** A relation's solutions: unify the pattern with each element of the returned array. */
export function planEachSolution(ctx: Ctx, solutions: LocalIndex, pattern: Term, env: Env, cont: Cont): void {
  const k = ctx.local();
  const v = ctx.local();
  const block = ctx.block(() => unifyValue(ctx, pattern, v, env, cont));
  ctx.emit({ type: 'Scan', source: solutions, key: k, value: v, block, loc: ctx.loc(pattern.loc) });
}

function relationCall(t: Term): boolean {
  return t.type === 'call' && t.fn.type === 'var' && builtinDecl(t.fn.name)?.relation === true;
}

function checkLength(ctx: Ctx, value: LocalIndex, n: number, at: Term): void {
  const loc = ctx.loc(at.loc);
  const len = ctx.local();
  const want = ctx.local();
  ctx.emit({ type: 'Len', source: local(value), target: len, loc });
  ctx.emit({ type: 'MakeNumberInt', value: n, target: want, loc });
  ctx.emit({ type: 'Equal', a: local(len), b: local(want), loc });
}
