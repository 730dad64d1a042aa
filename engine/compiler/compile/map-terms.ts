/**
 * Rewrites terms in a rule or body: `replace` sees every term top-down and either returns its
 * replacement (not descended into) or undefined to keep the term and rewrite its children.
 * Returns new nodes; the input is left as it was.
 */
import type { Body, Expr, Rule, RuleHead, Term } from '../ast.js';

export type Replace = (t: Term) => Term | undefined;

export function mapTerm(t: Term, replace: Replace): Term {
  const replaced = replace(t);
  if (replaced) return replaced;
  const m = (x: Term): Term => mapTerm(x, replace);
  switch (t.type) {
    case 'ref': return { ...t, head: m(t.head), path: t.path.map(m) };
    case 'call': return { ...t, args: t.args.map(m) };
    case 'array': case 'set': return { ...t, items: t.items.map(m) };
    case 'object': return { ...t, items: t.items.map(([k, v]): [Term, Term] => [m(k), m(v)]) };
    case 'arraycomp': case 'setcomp': return { ...t, head: m(t.head), body: mapBody(t.body, replace) };
    case 'objectcomp': return { ...t, key: m(t.key), value: m(t.value), body: mapBody(t.body, replace) };
    default: return t;
  }
}

export function mapBody(body: Body, replace: Replace): Body {
  return body.map((e) => mapExpr(e, replace));
}

function mapExpr(e: Expr, replace: Replace): Expr {
  const m = (x: Term): Term => mapTerm(x, replace);
  const withs = e.with.map((w) => ({ ...w, value: m(w.value) }));
  switch (e.type) {
    case 'term': return { ...e, with: withs, term: m(e.term) };
    case 'some': return { ...e, with: withs };
    case 'somein': return { ...e, with: withs, value: m(e.value), collection: m(e.collection), ...(e.key ? { key: m(e.key) } : {}) };
    case 'every': return { ...e, with: withs, domain: m(e.domain), body: mapBody(e.body, replace) };
  }
}

export function mapRule(rule: Rule, replace: Replace): Rule {
  const out: Rule = { ...rule, head: mapHead(rule.head, replace), body: mapBody(rule.body, replace) };
  if (rule.else) out.else = mapRule(rule.else, replace);
  return out;
}

function mapHead(head: RuleHead, replace: Replace): RuleHead {
  const m = (x: Term): Term => mapTerm(x, replace);
  return {
    ...head,
    ref: head.ref.map((t, i) => (i === 0 ? t : m(t))),
    ...(head.args ? { args: head.args.map(m) } : {}),
    ...(head.value ? { value: m(head.value) } : {}),
    ...(head.contains ? { contains: m(head.contains) } : {}),
  };
}
