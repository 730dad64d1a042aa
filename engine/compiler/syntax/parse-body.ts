/**
 * Bodies (queries) and their literals: expressions, `not`, `some`, `every` and `with` modifiers.
 */
import type { Body, Expr, Location, Term, VarTerm, With } from '../ast.js';
import type { Cursor } from './cursor.js';
import { infixCall, parsePostfix, parseRelation, parseTerm, parseTermOrKeyValueMembership } from './parse-terms.js';
import { describe } from './tokens.js';

/**
 * Literals separated by `;` or line breaks, up to (not consuming) the punctuation `close`,
 * or up to end of input when `close` is undefined.
 */
export function parseBody(c: Cursor, close?: string): Body {
  const atEnd = (): boolean => (close === undefined ? c.tok.kind === 'eof' : c.atPunct(close));
  if (atEnd()) c.fail(close === undefined ? 'empty query' : `found empty body: expected an expression before '${close}'`);
  const body: Body = [];
  for (;;) {
    if (close !== undefined && c.tok.kind === 'eof') c.fail(`expected '${close}', found end of input`);
    body.push(parseLiteral(c));
    const separated = c.acceptPunct(';') !== undefined;
    if (atEnd()) return body;
    if (!separated && !c.tok.newlineBefore) {
      c.fail(`expected ';', a new line or ${close === undefined ? 'end of input' : `'${close}'`} after the expression, found ${describe(c.tok)}`);
    }
  }
}

export function parseLiteral(c: Cursor): Expr {
  const loc = c.loc();
  let expr: Expr;
  if (c.atKeyword('some')) {
    expr = parseSome(c, loc);
  } else if (c.atKeyword('every')) {
    expr = parseEvery(c, loc);
  } else {
    const negated = c.acceptKeyword('not') !== undefined;
    expr = { type: 'term', term: parseExprTerm(c), negated, with: [], loc };
  }
  while (c.atKeyword('with')) expr.with.push(parseWith(c));
  return expr;
}

/** A literal's term: `x := t`, `x = t`, `k, v in xs` (on either side), or any term. */
function parseExprTerm(c: Cursor): Term {
  const lhs = parseTermOrKeyValueMembership(c);
  if (c.atPunct(':=') || c.atPunct('=')) {
    const op = c.next();
    return infixCall(op, c, lhs, parseTermOrKeyValueMembership(c));
  }
  return lhs;
}

function parseSome(c: Cursor, loc: Location): Expr {
  c.next();
  const terms = [parseRelation(c)];
  while (c.acceptPunct(',')) terms.push(parseRelation(c));
  if (c.atKeyword('in')) {
    if (terms.length > 2) c.fail('`some ... in` takes one value or a key and a value');
    c.next();
    const collection = parseRelation(c);
    const [first, second] = terms as [Term, Term | undefined];
    return second === undefined
      ? { type: 'somein', value: first, collection, negated: false, with: [], loc }
      : { type: 'somein', key: first, value: second, collection, negated: false, with: [], loc };
  }
  const vars = terms.map((t) => (t.type === 'var' ? t : c.failAt('expected a variable in `some` declaration', t.loc)));
  return { type: 'some', vars, negated: false, with: [], loc };
}

function parseEvery(c: Cursor, loc: Location): Expr {
  c.next();
  const first = parseVar(c, 'after `every`');
  const second = c.acceptPunct(',') ? parseVar(c, 'after `every k,`') : undefined;
  c.expectKeyword('in', 'in `every` (as in `every x in xs { ... }`)');
  const domain = parseRelation(c);
  c.expectPunct('{', 'to open the `every` body');
  const body = c.nested(() => parseBody(c, '}'));
  c.expectPunct('}', 'to close the `every` body');
  return second === undefined
    ? { type: 'every', value: first, domain, body, negated: false, with: [], loc }
    : { type: 'every', key: first, value: second, domain, body, negated: false, with: [], loc };
}

function parseVar(c: Cursor, context: string): VarTerm {
  const t = c.expectName(context);
  return { type: 'var', name: t.text, loc: c.loc(t) };
}

function parseWith(c: Cursor): With {
  const loc = c.loc(c.next());
  const target = parsePostfix(c);
  c.expectKeyword('as', 'after the `with` target');
  return { target, value: parseTerm(c), loc };
}
