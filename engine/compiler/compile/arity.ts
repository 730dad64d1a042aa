/**
 * Arity errors worded as OPA's compiler words them (its CheckUndefinedFuncs stage, which runs
 * before any type is inferred):
 * - a builtin: `count: arity mismatch`, with have/want lines;
 * - a user function: `function data.p.f has arity 2, got 1 argument`.
 *
 * A call used as a value (`x := f(1)`, `f(g(1))`, a rule's head value) has an output of its own,
 * so it must take exactly the function's arguments; a call standing alone as an expression may
 * add one, its output (`count(xs, 2)`).
 */
import type { Body, CallTerm, Rule, Term } from '../ast.js';
import { DiagnosticCode, diagnostic, type Diagnostic } from '../diagnostics.js';
import { builtinType } from '../types/decls.js';
import { argMismatch } from '../types/errors.js';
import { ANY, BOOLEAN, NULL, NUMBER, STRING, arrayOf, objectOf, or, setOf, type StaticProperty, type Type } from '../types/model.js';
import { walkRule } from './walk.js';

/** The arity error of `call` to a function of `arity` arguments, or undefined when it has none. */
export function arityError(name: string, arity: number, call: CallTerm, statement: boolean): Diagnostic | undefined {
  const given = call.args.length;
  if (given === arity || (statement && given === arity + 1)) return undefined;
  const declared = builtinType(name);
  if (declared) {
    const have = call.args.map(typeBeforeChecking);
    if (!statement) have.push(undefined);
    return argMismatch(`${name}: arity mismatch`, call.loc, have, declared.args);
  }
  return diagnostic(DiagnosticCode.type, `function ${name} has arity ${arity}, got ${given} argument${given === 1 ? '' : 's'}`, call.loc);
}

/** The calls that stand alone as an expression, in the rules' bodies and every body nested in them. */
export function statementCalls(rules: Rule[], query: Body | undefined): Set<Term> {
  const out = new Set<Term>();
  for (const rule of rules) {
    for (let r: Rule | undefined = rule; r; r = r.else) collectStatements(r.body, out);
    walkRule(rule, (t) => {
      if (t.type === 'arraycomp' || t.type === 'setcomp' || t.type === 'objectcomp') collectStatements(t.body, out);
    });
  }
  if (query) collectStatements(query, out);
  return out;
}

function collectStatements(body: Body, out: Set<Term>): void {
  for (const e of body) {
    if (e.type === 'term' && e.term.type === 'call') out.add(e.term);
    else if (e.type === 'every') collectStatements(e.body, out);
  }
}

/**
 * A term's type as OPA's type environment has it before rules are checked: constants and
 * collections of them are typed, refs into input and data are any, and locals, calls and
 * comprehensions (by then rewritten to locals, or not yet checked) have no type (`???`).
 */
function typeBeforeChecking(t: Term): Type | undefined {
  switch (t.type) {
    case 'null': return NULL;
    case 'boolean': return BOOLEAN;
    case 'number': return NUMBER;
    case 'string': return STRING;
    case 'var': return t.name === 'input' || t.name === 'data' ? ANY : undefined;
    case 'ref': return t.head.type === 'var' && (t.head.name === 'input' || t.head.name === 'data') ? ANY : undefined;
    case 'array': return arrayOf(t.items.length === 0 ? ANY : undefined, t.items.map(typeBeforeChecking));
    case 'set': return setOf(t.items.reduce<Type | undefined>((of, i) => or(of, typeBeforeChecking(i)), undefined) ?? ANY);
    case 'object': return objectType(t.items);
    default: return undefined;
  }
}

function objectType(items: Array<[Term, Term]>): Type {
  const props: StaticProperty[] = [];
  let dynamic: { key: Type; value: Type } | undefined;
  for (const [k, v] of items) {
    if (k.type === 'string') props.push({ key: k.value, value: typeBeforeChecking(v) });
    else dynamic = { key: typeBeforeChecking(k) ?? ANY, value: typeBeforeChecking(v) ?? ANY };
  }
  return props.length === 0 && !dynamic ? objectOf([], { key: ANY, value: ANY }) : objectOf(props, dynamic);
}
