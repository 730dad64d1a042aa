/**
 * AST traversal the strict checks share. Unlike the compiler's walkers these visit call
 * operators too (`foo.bar(x)` uses an import named `foo`) and keep `input`/`data`, because
 * strict mode is about names as the user wrote them, before any stage resolves them.
 */
import type { Body, Expr, Rule, Term, VarTerm } from '../ast.js';

/** `_` as parsed, or a wildcard the compiler renamed. */
export function isWildcard(name: string): boolean {
  return name === '_' || name.startsWith('$_');
}

/** Every var occurrence in `t`, nested bodies included. */
export function varsIn(t: Term, out: VarTerm[] = []): VarTerm[] {
  switch (t.type) {
    case 'var': out.push(t); break;
    case 'ref': varsIn(t.head, out); t.path.forEach((p) => varsIn(p, out)); break;
    case 'call': varsIn(t.fn, out); t.args.forEach((a) => varsIn(a, out)); break;
    case 'array': case 'set': t.items.forEach((i) => varsIn(i, out)); break;
    case 'object': t.items.forEach(([k, v]) => { varsIn(k, out); varsIn(v, out); }); break;
    case 'arraycomp': case 'setcomp': varsIn(t.head, out); varsInBody(t.body, out); break;
    case 'objectcomp': varsIn(t.key, out); varsIn(t.value, out); varsInBody(t.body, out); break;
    default: break;
  }
  return out;
}

export function varsInBody(body: Body, out: VarTerm[] = []): VarTerm[] {
  for (const e of body) exprTerms(e).forEach((t) => varsIn(t, out));
  for (const e of body) if (e.type === 'every') varsInBody(e.body, out);
  return out;
}

/** The terms of an expression itself (an `every` body is a nested scope, not included). */
export function exprTerms(e: Expr): Term[] {
  const terms: Term[] = e.with.flatMap((w) => [w.target, w.value]);
  if (e.type === 'term') terms.push(e.term);
  else if (e.type === 'some') terms.push(...e.vars);
  else if (e.type === 'somein') terms.push(...(e.key ? [e.key] : []), e.value, e.collection);
  else terms.push(...(e.key ? [e.key] : []), e.value, e.domain);
  return terms;
}

/** The head terms of a rule that can use body vars: ref keys, args, value, `contains` term. */
export function headTerms(rule: Rule): Term[] {
  const h = rule.head;
  return [...h.ref.slice(1), ...(h.args ?? []), ...(h.value ? [h.value] : []), ...(h.contains ? [h.contains] : [])];
}

/** A rule and its `else` chain, in order. */
export function ruleChain(rule: Rule): Rule[] {
  const out: Rule[] = [];
  for (let r: Rule | undefined = rule; r; r = r.else) out.push(r);
  return out;
}

/** The left side of `x := ...`. */
export function assignTarget(e: Expr): Term | undefined {
  if (e.type !== 'term' || e.term.type !== 'call' || e.term.fn.type !== 'var' || e.term.fn.name !== 'assign') return undefined;
  return e.term.args[0];
}

/** The vars a pattern (`x`, `[a, {"k": b}]`) binds. */
export function patternVarTerms(t: Term, out: VarTerm[] = []): VarTerm[] {
  if (t.type === 'var') out.push(t);
  else if (t.type === 'array') t.items.forEach((i) => patternVarTerms(i, out));
  else if (t.type === 'object') t.items.forEach(([, v]) => patternVarTerms(v, out));
  return out;
}

/** A scope with its own `:=` declarations: a rule body with its head, a comprehension, an `every` body. */
export interface Scope { heads: Term[]; body: Body }

/** The scopes directly nested in a body (not the ones nested in those). */
export function nestedScopes(body: Body): Scope[] {
  const out: Scope[] = [];
  const visit = (t: Term): void => {
    switch (t.type) {
      case 'arraycomp': case 'setcomp': out.push({ heads: [t.head], body: t.body }); break;
      case 'objectcomp': out.push({ heads: [t.key, t.value], body: t.body }); break;
      case 'ref': visit(t.head); t.path.forEach(visit); break;
      case 'call': t.args.forEach(visit); break;
      case 'array': case 'set': t.items.forEach(visit); break;
      case 'object': t.items.forEach(([k, v]) => { visit(k); visit(v); }); break;
      default: break;
    }
  };
  for (const e of body) {
    exprTerms(e).forEach(visit);
    if (e.type === 'every') out.push({ heads: [], body: e.body });
  }
  return out;
}

/** The scopes of a rule: each rule of its else chain with its head, and everything nested. */
export function ruleScopes(rule: Rule): Scope[] {
  const out: Scope[] = [];
  const add = (s: Scope): void => {
    out.push(s);
    nestedScopes(s.body).forEach(add);
  };
  for (const r of ruleChain(rule)) add({ heads: headTerms(r), body: r.body });
  for (const r of ruleChain(rule)) headTerms(r).forEach((t) => nestedInTerm(t).forEach(add));
  return out;
}

function nestedInTerm(t: Term): Scope[] {
  return nestedScopes([{ type: 'term', term: t, negated: false, with: [], loc: t.loc }]);
}
