/**
 * Planning bodies and expressions: each expression continues into the next one, so iteration
 * nests the rest of the body and a failing statement ends only the innermost solution.
 */
import type { Body, CallTerm, Every, Expr, SomeIn, Term, TermExpr, With } from '../ast.js';
import type { Loc, LocalIndex } from '../ir.js';
import { patternVars } from '../compile/vars.js';
import { builtinDecl } from '../check/builtins.js';
import { Ctx, Env, local, type Cont } from './context.js';
import { callee, planCall, planTerm, planTerms, toLocal } from './terms.js';
import { planEachSolution, planUnify, unifyValue } from './unify.js';
import { planWithTarget, type WithPlan } from './with.js';

export function planBody(ctx: Ctx, body: Body, env: Env, cont: Cont, i = 0): void {
  if (i === body.length) return cont();
  planExpr(ctx, body[i]!, env, () => planBody(ctx, body, env, cont, i + 1));
}

function planExpr(ctx: Ctx, e: Expr, env: Env, cont: Cont): void {
  if (e.type !== 'some') ctx.probe(e.loc);
  if (e.with.length > 0) return planWith(ctx, e, e.with, env, cont);
  planExprCore(ctx, e, env, cont);
}

function planExprCore(ctx: Ctx, e: Expr, env: Env, cont: Cont): void {
  switch (e.type) {
    case 'some':
      for (const v of e.vars) env.vars.delete(v.name);
      return cont();
    case 'somein':
      return planSomeIn(ctx, e, env, cont);
    case 'every':
      return planEvery(ctx, e, env, cont);
    case 'term':
      return e.negated ? planNot(ctx, e, env, cont) : planTermExpr(ctx, e.term, env, cont);
  }
}

function callNamed(t: Term, name: string): CallTerm | undefined {
  return t.type === 'call' && t.fn.type === 'var' && t.fn.name === name ? t : undefined;
}

function planTermExpr(ctx: Ctx, t: Term, env: Env, cont: Cont): void {
  const loc = ctx.loc(t.loc);
  const eq = callNamed(t, 'eq');
  if (eq) return planUnify(ctx, eq.args[0]!, eq.args[1]!, env, cont);
  const assign = callNamed(t, 'assign');
  if (assign) {
    patternVars(assign.args[0]!).forEach((_, name) => env.vars.delete(name));
    return planUnify(ctx, assign.args[0]!, assign.args[1]!, env, cont);
  }
  const equal = callNamed(t, 'equal');
  if (equal && equal.args.length === 2) {
    return planTerms(ctx, equal.args, env, ([a, b]) => {
      ctx.emit({ type: 'Equal', a: a!, b: b!, loc });
      cont();
    });
  }
  if (t.type === 'call') {
    const target = callee(ctx, t);
    // A variadic builtin (print) takes every argument as input; none of them is an output.
    if (target && t.args.length === target.arity + 1 && !isVariadic(t)) {
      const out = t.args[target.arity]!;
      if (target.kind === 'func' && target.relation) return planCall(ctx, t, env, (result) => planEachSolution(ctx, toLocal(ctx, result, t.loc), out, env, cont), true);
      return planCall(ctx, t, env, (result) => unifyValue(ctx, out, toLocal(ctx, result, t.loc), env, cont), true);
    }
  }
  planTerm(ctx, t, env, (v) => {
    ctx.emit({ type: 'NotEqual', a: v, b: { type: 'bool', value: false }, loc });
    cont();
  });
}

function isVariadic(t: CallTerm): boolean {
  return t.fn.type === 'var' && builtinDecl(t.fn.name)?.variadic !== undefined;
}

/** `not e`: succeeds when e has no solution; e's bindings stay inside. */
function planNot(ctx: Ctx, e: TermExpr, env: Env, cont: Cont): void {
  const loc = ctx.loc(e.loc);
  const found = ctx.local();
  ctx.emit({ type: 'ResetLocal', target: found, loc });
  const inner = env.child();
  const block = ctx.block(() => planTermExpr(ctx, e.term, inner, () => ctx.emit({ type: 'AssignVar', source: { type: 'bool', value: true }, target: found, loc })));
  ctx.emit({ type: 'Block', blocks: [block], loc });
  ctx.emit({ type: 'IsUndefined', source: found, loc });
  cont();
}

function planSomeIn(ctx: Ctx, e: SomeIn, env: Env, cont: Cont): void {
  const loc = ctx.loc(e.loc);
  planTerm(ctx, e.collection, env, (coll) => {
    const source = toLocal(ctx, coll, e.loc);
    for (const t of [e.key, e.value]) if (t) patternVars(t).forEach((_, n) => env.vars.delete(n));
    const k = ctx.local();
    const v = ctx.local();
    const block = ctx.block(() => {
      const bindValue = (): void => unifyValue(ctx, e.value, v, env, cont);
      if (e.key) unifyValue(ctx, e.key, k, env, bindValue);
      else bindValue();
    });
    ctx.emit({ type: 'Scan', source, key: k, value: v, block, loc });
  });
}

/** `every`: no element of the domain may leave the body without a solution. */
function planEvery(ctx: Ctx, e: Every, env: Env, cont: Cont): void {
  const loc = ctx.loc(e.loc);
  planTerm(ctx, e.domain, env, (dom) => {
    const source = toLocal(ctx, dom, e.loc);
    const failed = ctx.local();
    ctx.emit({ type: 'ResetLocal', target: failed, loc });
    const k = ctx.local();
    const v = ctx.local();
    const block = ctx.block(() => {
      const inner = env.child();
      if (e.key) inner.vars.set(e.key.name, k);
      inner.vars.set(e.value.name, v);
      const ok = ctx.local();
      ctx.emit({ type: 'ResetLocal', target: ok, loc });
      const body = ctx.block(() => planBody(ctx, e.body, inner, () => ctx.emit({ type: 'AssignVar', source: { type: 'bool', value: true }, target: ok, loc })));
      ctx.emit({ type: 'Block', blocks: [body], loc });
      ctx.emit({ type: 'IsUndefined', source: ok, loc });
      ctx.emit({ type: 'AssignVar', source: { type: 'bool', value: true }, target: failed, loc });
    });
    ctx.emit({ type: 'Scan', source, key: k, value: v, block, loc });
    ctx.emit({ type: 'IsUndefined', source: failed, loc });
    cont();
  });
}

/**
 * `e with target as value`: e runs against modified copies of input/data and under the
 * replaced functions and documents; the rest of the body (cont) runs against the originals but
 * keeps e's bindings.
 */
function planWith(ctx: Ctx, e: Expr, withs: With[], env: Env, cont: Cont): void {
  const plans: WithPlan[] = [];
  for (const w of withs) {
    const p = planWithTarget(ctx, w, env);
    if (!p) return;
    plans.push(p);
  }
  const upserts = plans.filter((p): p is Extract<WithPlan, { kind: 'upsert' }> => p.kind === 'upsert');
  const outer = ctx.overrides;
  const inner = plans.reduce((o, p) => (p.overrides ? p.overrides(o) : o), outer);
  planTerms(ctx, upserts.map((u) => u.value), env, (values) => {
    const loc = ctx.loc(e.loc);
    const input = upserts.some((u) => u.root === 'input') ? copyLocal(ctx, env.input, loc) : env.input;
    const data = upserts.some((u) => u.root === 'data') ? copyLocal(ctx, env.data, loc) : env.data;
    const innerEnv = env.withLocals(input, data);
    const nest = (i: number): void => {
      if (i === upserts.length) {
        return ctx.withOverrides(inner, () => planExprCore(ctx, e, innerEnv, () => ctx.withOverrides(outer, cont)));
      }
      const u = upserts[i]!;
      const block = ctx.block(() => nest(i + 1));
      ctx.emit({ type: 'With', local: u.root === 'input' ? input : data, path: u.path.map((p) => ctx.strings.intern(p)), value: values[i]!, block, loc });
    };
    nest(0);
  });
}

/** A fresh local holding the value of `source` (left undefined when source is). */
function copyLocal(ctx: Ctx, source: LocalIndex, loc: Loc): LocalIndex {
  const copy = ctx.local();
  ctx.emit({ type: 'ResetLocal', target: copy, loc });
  const assign = ctx.block(() => ctx.emit({ type: 'AssignVar', source: local(source), target: copy, loc }));
  ctx.emit({ type: 'Block', blocks: [assign], loc });
  return copy;
}
