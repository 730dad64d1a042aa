/**
 * Planning terms into values: literals, composites, comprehensions and calls.
 * Continuation-passing: `cont` runs once per solution, nested inside any iteration.
 */
import type { CallTerm, Location, Term } from '../ast.js';
import { DiagnosticCode, diagnostic, type Diagnostic } from '../diagnostics.js';
import type { LocalIndex, Operand } from '../ir.js';
import { builtinArity, builtinDecl } from '../check/builtins.js';
import { lookupGroup } from '../compile/program.js';
import { dataPrefix } from '../compile/walk.js';
import { Ctx, Env, local, type ValueCont } from './context.js';
import { planPath, planRef } from './refs.js';
import { fnKey, withoutFns } from './overrides.js';
import { planBody } from './exprs.js';
import { groupFuncName } from './rules.js';

const MAX_INT = 2 ** 53;

export function toLocal(ctx: Ctx, op: Operand, loc: Term['loc']): LocalIndex {
  if (op.type === 'local') return op.value;
  const l = ctx.local();
  ctx.emit({ type: 'AssignVar', source: op, target: l, loc: ctx.loc(loc) });
  return l;
}

export function planTerm(ctx: Ctx, t: Term, env: Env, cont: ValueCont): void {
  const loc = ctx.loc(t.loc);
  switch (t.type) {
    case 'null': {
      const l = ctx.local();
      ctx.emit({ type: 'MakeNull', target: l, loc });
      return cont(local(l));
    }
    case 'boolean':
      return cont({ type: 'bool', value: t.value });
    case 'string':
      return cont({ type: 'string_index', value: ctx.strings.intern(t.value) });
    case 'number':
      return cont(local(makeNumber(ctx, t.value, t.loc)));
    case 'var': {
      const l = env.vars.get(t.name);
      if (t.name === 'input') return planRef(ctx, { type: 'ref', head: t, path: [], loc: t.loc }, env, cont);
      if (t.name === 'data') return planRef(ctx, { type: 'ref', head: t, path: [], loc: t.loc }, env, cont);
      if (l === undefined) {
        ctx.errors.push(unboundVar(ctx, t.name, t.loc));
        return;
      }
      return cont(local(l));
    }
    case 'ref':
      return planRef(ctx, t, env, cont);
    case 'array':
      return planTerms(ctx, t.items, env, (ops) => {
        const l = ctx.local();
        ctx.emit({ type: 'MakeArray', capacity: ops.length, target: l, loc });
        for (const value of ops) ctx.emit({ type: 'ArrayAppend', value, array: l, loc });
        cont(local(l));
      });
    case 'set':
      return planTerms(ctx, t.items, env, (ops) => {
        const l = ctx.local();
        ctx.emit({ type: 'MakeSet', target: l, loc });
        for (const value of ops) ctx.emit({ type: 'SetAdd', value, set: l, loc });
        cont(local(l));
      });
    case 'object':
      return planTerms(ctx, t.items.flat(), env, (ops) => {
        const l = ctx.local();
        ctx.emit({ type: 'MakeObject', target: l, loc });
        for (let i = 0; i < ops.length; i += 2) ctx.emit({ type: 'ObjectInsert', key: ops[i]!, value: ops[i + 1]!, object: l, loc });
        cont(local(l));
      });
    case 'arraycomp':
    case 'setcomp':
    case 'objectcomp':
      return planComprehension(ctx, t, env, cont);
    case 'call':
      return planCall(ctx, t, env, cont);
  }
}

export function makeNumber(ctx: Ctx, text: string, at: Term['loc']): LocalIndex {
  const l = ctx.local();
  const loc = ctx.loc(at);
  const n = Number(text);
  // `-0` stays text, as OPA keeps the literal (json.Number "-0") and prints it so.
  if (/^-?\d+$/.test(text) && Math.abs(n) < MAX_INT && !Object.is(n, -0)) ctx.emit({ type: 'MakeNumberInt', value: n, target: l, loc });
  else ctx.emit({ type: 'MakeNumberRef', index: ctx.strings.intern(text), target: l, loc });
  return l;
}

/**
 * Plans several terms, continuing with their operands in the given order. A bare unbound var
 * is planned after the terms that can bind it (`foo == input.foos[foo]`).
 */
export function planTerms(ctx: Ctx, terms: Term[], env: Env, cont: (ops: Operand[]) => void): void {
  const bare = (t: Term): boolean => t.type === 'var' && !env.vars.has(t.name);
  const order = terms.map((_, i) => i).sort((a, b) => Number(bare(terms[a]!)) - Number(bare(terms[b]!)));
  if (order.every((i, n) => i === n)) return planInOrder(ctx, terms, env, cont);
  planInOrder(ctx, order.map((i) => terms[i]!), env, (ops) => {
    const out: Operand[] = new Array(terms.length);
    order.forEach((i, n) => { out[i] = ops[n]!; });
    cont(out);
  });
}

function planInOrder(ctx: Ctx, terms: Term[], env: Env, cont: (ops: Operand[]) => void, given: readonly Operand[] = []): void {
  // A continuation may run more than once (an iterating term), so each gets its own copy of the
  // operands so far; within one call they grow in place, which keeps a large literal linear.
  const acc = [...given];
  // terms that cannot iterate continue exactly once in the same block: plan them in a loop, so
  // large literals do not nest one continuation per element
  while (acc.length < terms.length && !canIterate(terms[acc.length]!, env)) {
    let op: Operand | undefined;
    planTerm(ctx, terms[acc.length]!, env, (o) => { op = o; });
    if (!op) return;
    acc.push(op);
  }
  if (acc.length === terms.length) return cont(acc);
  planTerm(ctx, terms[acc.length]!, env, (op) => planInOrder(ctx, terms, env, cont, [...acc, op]));
}

/** Whether planning `t` may iterate (an unbound var in a ref) and so continue more than once or nested. */
function canIterate(t: Term, env: Env): boolean {
  switch (t.type) {
    case 'var': return !env.vars.has(t.name) && t.name !== 'input' && t.name !== 'data';
    case 'ref': return t.head.type === 'var' && t.head.name === 'data' ? true : canIterate(t.head, env) || t.path.some((p) => canIterate(p, env));
    case 'call': return t.args.some((a) => canIterate(a, env));
    case 'array': case 'set': return t.items.some((i) => canIterate(i, env));
    case 'object': return t.items.some(([k, v]) => canIterate(k, env) || canIterate(v, env));
    default: return false;
  }
}

function planComprehension(ctx: Ctx, t: Extract<Term, { type: 'arraycomp' | 'setcomp' | 'objectcomp' }>, env: Env, cont: ValueCont): void {
  const loc = ctx.loc(t.loc);
  const target = ctx.local();
  const inner = env.child();
  if (t.type === 'arraycomp') ctx.emit({ type: 'MakeArray', capacity: 0, target, loc });
  else if (t.type === 'setcomp') ctx.emit({ type: 'MakeSet', target, loc });
  else ctx.emit({ type: 'MakeObject', target, loc });
  const block = ctx.block(() => planBody(ctx, t.body, inner, () => {
    if (t.type === 'objectcomp') {
      planTerms(ctx, [t.key, t.value], inner, ([key, value]) => ctx.emit({ type: 'ObjectInsertOnce', key: key!, value: value!, object: target, loc }));
    } else {
      planTerm(ctx, t.head, inner, (value) => ctx.emit(t.type === 'arraycomp' ? { type: 'ArrayAppend', value, array: target, loc } : { type: 'SetAdd', value, set: target, loc }));
    }
  }));
  ctx.emit({ type: 'Block', blocks: [block], loc });
  cont(local(target));
}

export type Callee =
  /** `relation`: the builtin returns every solution as an array (walk) for the caller to iterate */
  | { kind: 'func'; func: string; arity: number; user: boolean; relation?: boolean }
  /** replaced by a value (`with f as 7`): read from the data local, after the arguments are evaluated */
  | { kind: 'value'; path: string[]; arity: number };

/** Where a call goes, after `with` replacements; undefined when the function does not exist. */
export function callee(ctx: Ctx, t: CallTerm): Callee | undefined {
  const original = directCallee(ctx, t.fn);
  if (!original) return undefined;
  const key = fnKey(t.fn);
  const r = ctx.overrides.fns.get(key);
  if (!r) return original;
  if (r.kind === 'value') return { kind: 'value', path: r.path, arity: original.arity };
  // inside the replacement, replaced names mean the originals again
  const target = ctx.withOverrides(withoutFns(ctx.overrides), () => directCallee(ctx, r.fn));
  return target && { ...target, arity: original.arity };
}

function directCallee(ctx: Ctx, fn: CallTerm['fn']): Extract<Callee, { kind: 'func' }> | undefined {
  if (fn.type === 'var') {
    if (!builtinDecl(fn.name)) return undefined;
    ctx.builtinsUsed.add(fn.name);
    return { kind: 'func', func: fn.name, arity: builtinArity(fn.name), user: false, relation: builtinDecl(fn.name)?.relation === true };
  }
  const path = dataPrefix(fn);
  const group = path ? lookupGroup(ctx.program.tree, path) : undefined;
  if (!group || group.kind !== 'function') return undefined;
  return { kind: 'func', func: groupFuncName(ctx, group), arity: group.arity, user: true };
}

/** A call used as a value; `withOutputArg` leaves out the last argument (`count(x, n)`), which the caller unifies. */
export function planCall(ctx: Ctx, t: CallTerm, env: Env, cont: ValueCont, withOutputArg = false): void {
  const loc = ctx.loc(t.loc);
  const name = t.fn.type === 'var' ? t.fn.name : undefined;
  if (name === 'print' || name === 'internal.print') return planPrint(ctx, t, env, cont);
  const target = callee(ctx, t);
  if (!target) {
    ctx.errors.push(diagnostic(DiagnosticCode.type, `undefined function ${describeFn(t)}`, t.loc));
    return;
  }
  const inputs = withOutputArg ? t.args.slice(0, target.arity) : t.args;
  planTerms(ctx, inputs, env, (ops) => {
    if (target.kind === 'value') return planPath(ctx, env.data, target.path.map((value) => ({ type: 'string', value, loc: t.loc })), 0, env, cont);
    const result = ctx.local();
    const args = target.user ? [local(env.input), local(env.data), ...ops] : ops;
    ctx.emit({ type: 'Call', func: target.func, args, result, loc });
    cont(local(result));
  });
}

/**
 * As OPA rewrites print: each operand becomes the set of its values (`{x | x = operand}`), so an
 * operand that iterates prints every value and an undefined one prints as <undefined> instead
 * of cancelling the print.
 */
function planPrint(ctx: Ctx, t: CallTerm, env: Env, cont: ValueCont): void {
  const loc = ctx.loc(t.loc);
  const args = t.args.map((arg) => {
    const set = ctx.local();
    ctx.emit({ type: 'MakeSet', target: set, loc });
    const block = ctx.printOperand(() => planTerm(ctx, arg, env.child(), (value) => ctx.emit({ type: 'SetAdd', value, set, loc })));
    ctx.emit({ type: 'Block', blocks: [block], loc });
    return set;
  });
  ctx.emit({ type: 'Print', args, loc });
  cont({ type: 'bool', value: true });
}

/** A var nothing binds: unsafe, but "undeclared" to OPA when print reads it (a compile error). */
function unboundVar(ctx: Ctx, name: string, at: Location): Diagnostic {
  const shown = name.startsWith('$_') ? '_' : name;
  return ctx.inPrint ? diagnostic(DiagnosticCode.compile, `var ${shown} is undeclared`, at) : diagnostic(DiagnosticCode.unsafeVar, `var ${shown} is unsafe`, at);
}

export function describeFn(t: CallTerm): string {
  if (t.fn.type === 'var') return t.fn.name;
  const parts = [t.fn.head.type === 'var' ? t.fn.head.name : '?'];
  for (const p of t.fn.path) parts.push(p.type === 'string' ? p.value : '?');
  return parts.join('.');
}
