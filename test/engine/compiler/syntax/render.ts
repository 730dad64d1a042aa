/**
 * A compact, unambiguous text form of the AST so that YAML cases stay readable:
 * infix operators show as the builtin calls they become (`plus(1, mul(2, 3))`), ref
 * path strings that are identifiers show as `.name` and every other path term as `[term]`.
 */
import type { Body, Expr, Import, Rule, RuleHead, Term } from '../../../../engine/compiler/ast.js';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function renderTerm(t: Term): string {
  switch (t.type) {
    case 'null': return 'null';
    case 'boolean': return String(t.value);
    case 'number': return t.value;
    case 'string': return JSON.stringify(t.value);
    case 'var': return t.name;
    case 'ref': return renderTerm(t.head) + t.path.map(renderPathItem).join('');
    case 'array': return `[${t.items.map(renderTerm).join(', ')}]`;
    case 'set': return t.items.length === 0 ? 'set()' : `{${t.items.map(renderTerm).join(', ')}}`;
    case 'object': return `{${t.items.map(([k, v]) => `${renderTerm(k)}: ${renderTerm(v)}`).join(', ')}}`;
    case 'arraycomp': return `[${renderTerm(t.head)} | ${renderBody(t.body)}]`;
    case 'setcomp': return `{${renderTerm(t.head)} | ${renderBody(t.body)}}`;
    case 'objectcomp': return `{${renderTerm(t.key)}: ${renderTerm(t.value)} | ${renderBody(t.body)}}`;
    case 'call': return `${renderTerm(t.fn)}(${t.args.map(renderTerm).join(', ')})`;
  }
}

function renderPathItem(t: Term): string {
  return t.type === 'string' && IDENT.test(t.value) ? `.${t.value}` : `[${renderTerm(t)}]`;
}

export function renderBody(body: Body): string {
  return body.map(renderExpr).join('; ');
}

export function renderExpr(e: Expr): string {
  const withs = e.with.map((w) => ` with ${renderTerm(w.target)} as ${renderTerm(w.value)}`).join('');
  return `${e.negated ? 'not ' : ''}${renderExprCore(e)}${withs}`;
}

function renderExprCore(e: Expr): string {
  switch (e.type) {
    case 'term': return renderTerm(e.term);
    case 'some': return `some ${e.vars.map(renderTerm).join(', ')}`;
    case 'somein': return `some ${keyValue(e.key, e.value)} in ${renderTerm(e.collection)}`;
    case 'every': return `every ${keyValue(e.key, e.value)} in ${renderTerm(e.domain)} { ${renderBody(e.body)} }`;
  }
}

function keyValue(key: Term | undefined, value: Term): string {
  return key === undefined ? renderTerm(value) : `${renderTerm(key)}, ${renderTerm(value)}`;
}

function renderHead(h: RuleHead): string {
  const [first, ...rest] = h.ref;
  let s = (first ? renderTerm(first) : '') + rest.map(renderPathItem).join('');
  if (h.args) s += `(${h.args.map(renderTerm).join(', ')})`;
  if (h.contains) s += ` contains ${renderTerm(h.contains)}`;
  if (h.value) s += ` ${h.assign ? ':=' : '='} ${renderTerm(h.value)}`;
  return s;
}

/** `p := 1 { body } else := 2 { body }`; an empty body shows as `{}`. */
export function renderRule(r: Rule): string {
  let s = `${r.default ? 'default ' : ''}${renderHead(r.head)} { ${renderBody(r.body)} }`;
  for (let e = r.else; e; e = e.else) {
    const value = e.head.value ? ` ${e.head.assign ? ':=' : '='} ${renderTerm(e.head.value)}` : '';
    s += ` else${value} { ${renderBody(e.body)} }`;
  }
  return s.replace(/\{  \}/g, '{}');
}

export function renderImport(i: Import): string {
  return renderTerm(i.path) + (i.alias ? ` as ${i.alias}` : '');
}
