/**
 * Terms and infix expressions. Precedence, loosest first (as in OPA's parser):
 * `in`, then relations (`==` `!=` `<` `<=` `>` `>=`), `|`, `&`, `+ -`, `* / %`, a negative
 * number literal, then postfix refs and calls. All binary levels associate to the left.
 */
import type { Body, CallTerm, Location, RefTerm, Term, VarTerm } from '../ast.js';
import { ParseFailure, tryParse, type Cursor } from './cursor.js';
import { parseBody } from './parse-body.js';
import { describe, type Token } from './tokens.js';

export interface TermOptions {
  /** Set while parsing the first item of `[...]` or `{...}`: a top-level `|` starts a comprehension body. */
  pipeEndsTerm?: boolean;
}

const INFIX_BUILTINS: Readonly<Record<string, string>> = {
  '==': 'equal', '!=': 'neq', '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte',
  '|': 'or', '&': 'and', '+': 'plus', '-': 'minus', '*': 'mul', '/': 'div', '%': 'rem',
  '=': 'eq', ':=': 'assign',
};

/** Binding strength of the binary operators; higher binds tighter. */
const BINARY_PRECEDENCE: ReadonlyMap<string, number> = new Map([
  ['==', 1], ['!=', 1], ['<', 1], ['<=', 1], ['>', 1], ['>=', 1],
  ['|', 2],
  ['&', 3],
  ['+', 4], ['-', 4],
  ['*', 5], ['/', 5], ['%', 5],
]);

/** The call operator for a builtin name such as `plus` or `internal.member_2`. */
export function builtinRef(name: string, loc: Location): VarTerm | RefTerm {
  // Most operators name a builtin without a dot (`equal`): no split, no array.
  if (!name.includes('.')) return { type: 'var', name, loc };
  const parts = name.split('.');
  const headVar: VarTerm = { type: 'var', name: parts[0]!, loc };
  return { type: 'ref', head: headVar, path: parts.slice(1).map((value) => ({ type: 'string', value, loc })), loc };
}

/** An operator application: the call is located at its first operand, its `fn` at the operator. */
export function operatorCall(builtin: string, opToken: Token, c: Cursor, args: Term[]): CallTerm {
  return { type: 'call', fn: builtinRef(builtin, c.loc(opToken)), args, loc: args[0]!.loc };
}

/** `a + b` and the like, for any operator in INFIX_BUILTINS. */
export function infixCall(opToken: Token, c: Cursor, lhs: Term, rhs: Term): CallTerm {
  const builtin = INFIX_BUILTINS[opToken.text];
  if (builtin === undefined) throw new Error(`internal: no builtin for operator ${opToken.text}`);
  return operatorCall(builtin, opToken, c, [lhs, rhs]);
}

/** A full term: everything down from `x in xs`. */
export function parseTerm(c: Cursor, opts: TermOptions = {}): Term {
  return parseMembershipChain(c, parseRelation(c, opts), opts);
}

function parseMembershipChain(c: Cursor, start: Term, opts: TermOptions): Term {
  let lhs = start;
  while (c.atKeyword('in')) {
    const op = c.next();
    lhs = operatorCall('internal.member_2', op, c, [lhs, parseRelation(c, opts)]);
  }
  return lhs;
}

/**
 * A term that may also be `k, v in xs`. Only literals, rule values and parentheses allow that
 * form: in lists the comma separates items. Without the `in`, the comma is left to the caller.
 */
export function parseTermOrKeyValueMembership(c: Cursor): Term {
  const key = parseTerm(c);
  if (!c.atPunct(',')) return key;
  const comma = c.mark();
  c.next();
  const value = tryParse(() => parseRelation(c));
  const op = value && c.acceptKeyword('in');
  if (!value || !op) {
    c.reset(comma);
    return key;
  }
  return parseMembershipChain(c, operatorCall('internal.member_3', op, c, [key, value, parseRelation(c)]), {});
}

/** A term without a top-level `in`, for operands that an `in` may follow (`some x in xs`). */
export function parseRelation(c: Cursor, opts: TermOptions = {}): Term {
  return parseBinary(c, 1, opts);
}

/** Precedence climbing: one stack frame per operand rather than per precedence level. */
function parseBinary(c: Cursor, minPrecedence: number, opts: TermOptions): Term {
  let lhs = parseUnary(c);
  for (;;) {
    const op = c.tok;
    const precedence = op.kind === 'punct' ? BINARY_PRECEDENCE.get(op.text) : undefined;
    if (precedence === undefined || precedence < minPrecedence || (opts.pipeEndsTerm && op.text === '|')) return lhs;
    c.next();
    lhs = infixCall(op, c, lhs, parseBinary(c, precedence + 1, opts));
  }
}

/** As in OPA, a minus only negates a number literal (`- 1` too); `-x` is a parse error. */
function parseUnary(c: Cursor): Term {
  if (!c.atPunct('-')) return parsePostfix(c);
  const loc = c.loc(c.next());
  if (c.tok.kind !== 'number') c.fail(`unexpected ${opaTokenName(c)}: expected number`);
  return parseRefsAndCalls(c, { type: 'number', value: `-${c.next().text}`, loc });
}

/** The current token as OPA's parser names it in "unexpected ... token" messages. */
export function opaTokenName(c: Cursor): string {
  const t = c.tok;
  switch (t.kind) {
    case 'eof': return 'eof token';
    case 'string': case 'number': return `${t.kind} token`;
    case 'ident': return c.isReserved(t.text) ? `${t.text} keyword` : 'identifier token';
    case 'punct': return `${INFIX_BUILTINS[t.text] ?? t.text} token`;
  }
}

/** A primary term followed by any adjacent `.name`, `[term]` and `(args)`. */
export function parsePostfix(c: Cursor): Term {
  return parseRefsAndCalls(c, parsePrimary(c));
}

function parseRefsAndCalls(c: Cursor, start: Term): Term {
  let term = start;
  for (;;) {
    if (c.atAdjacent('.')) {
      term = appendPath(term, parseDotName(c, c.next()));
    } else if (c.atAdjacent('[')) {
      c.next();
      const key = c.nested(() => parseTerm(c));
      c.expectPunct(']', 'to close the ref');
      term = appendPath(term, key);
    } else if (c.atAdjacent('(')) {
      term = parseCall(c, term);
    } else {
      return term;
    }
  }
}

/** After a dot any word is a key, keywords included (`input.in`, `x.if`), with no space or line break before it. */
export function parseDotName(c: Cursor, dot: Token): Term {
  const t = c.tok;
  if (t.spaceBefore) c.failAt('unexpected whitespace token: expected identifier', { file: c.file, row: dot.row, col: dot.col + 1 });
  if (t.kind !== 'ident') c.fail(`expected identifier after '.', found ${describe(t)}`);
  c.next();
  return { type: 'string', value: t.text, loc: c.loc(t) };
}

function appendPath(term: Term, key: Term): RefTerm {
  if (term.type === 'ref') return { ...term, path: [...term.path, key] };
  return { type: 'ref', head: term, path: [key], loc: term.loc };
}

function parseCall(c: Cursor, fn: Term): Term {
  const open = c.next();
  if (!isCallable(fn)) c.fail('a call needs a function name such as f, time.now_ns or data.lib.f', open);
  const args = c.nested(() => parseTermList(c, ')', 'in the argument list'));
  if (fn.type === 'var' && fn.name === 'set' && args.length === 0) return { type: 'set', items: [], loc: fn.loc };
  return { type: 'call', fn, args, loc: fn.loc };
}

function isCallable(fn: Term): fn is VarTerm | RefTerm {
  if (fn.type === 'var') return true;
  return fn.type === 'ref' && fn.head.type === 'var' && fn.path.every((p) => p.type === 'string');
}

/** Comma-separated terms up to `close` (consumed); a trailing comma is allowed. */
export function parseTermList(c: Cursor, close: string, context: string): Term[] {
  const items: Term[] = [];
  while (!c.acceptPunct(close)) {
    items.push(parseTerm(c));
    if (!c.acceptPunct(',')) {
      c.expectPunct(close, context);
      break;
    }
  }
  return items;
}

function parsePrimary(c: Cursor): Term {
  const t = c.tok;
  const loc = c.loc(t);
  switch (t.kind) {
    case 'number': c.next(); return { type: 'number', value: t.text, loc };
    case 'string': c.next(); return { type: 'string', value: t.text, loc };
    case 'ident': return parseWord(c, t, loc);
    case 'punct':
      if (t.text === '[') return c.nested(() => parseArray(c));
      if (t.text === '{') return c.nested(() => parseBraced(c));
      if (t.text === '(') return c.nested(() => parseParens(c));
      break;
    case 'eof':
      break;
  }
  return c.fail(`expected term, found ${describe(t)}`);
}

function parseWord(c: Cursor, t: Token, loc: Location): Term {
  if (t.text === 'null') { c.next(); return { type: 'null', loc }; }
  if (t.text === 'true' || t.text === 'false') { c.next(); return { type: 'boolean', value: t.text === 'true', loc }; }
  // `contains` is also a builtin: as a keyword it only ever follows a rule name.
  const isContainsCall = t.text === 'contains' && c.peekAdjacent('(');
  if (c.isReserved(t.text) && !isContainsCall) c.fail(`expected term, found keyword '${t.text}'`);
  c.next();
  return { type: 'var', name: t.text, loc };
}

function parseParens(c: Cursor): Term {
  c.next();
  const inner = parseTermOrKeyValueMembership(c);
  c.expectPunct(')', 'to close the parenthesis');
  return inner;
}

function parseArray(c: Cursor): Term {
  const loc = c.loc(c.next());
  if (c.acceptPunct(']')) return { type: 'array', items: [], loc };
  const start = c.mark();
  const first = parseTerm(c, { pipeEndsTerm: true });
  if (c.acceptPunct('|')) {
    return parseComprehensionOr(c, ']', start, (body) => ({ type: 'arraycomp', head: first, body, loc }),
      () => ({ type: 'array', items: parseTermList(c, ']', 'to close the array'), loc }));
  }
  const items = [first];
  if (c.acceptPunct(',')) items.push(...parseTermList(c, ']', 'to close the array'));
  else c.expectPunct(']', 'or \',\' in the array');
  return { type: 'array', items, loc };
}

/** `{}` is an empty object; the first item decides between object, set and their comprehensions. */
function parseBraced(c: Cursor): Term {
  const loc = c.loc(c.next());
  if (c.acceptPunct('}')) return { type: 'object', items: [], loc };
  const start = c.mark();
  const first = parseTerm(c, { pipeEndsTerm: true });
  if (c.acceptPunct(':')) return parseObjectRest(c, first, loc, true);
  if (c.acceptPunct('|')) {
    return parseComprehensionOr(c, '}', start, (body) => ({ type: 'setcomp', head: first, body, loc }),
      () => ({ type: 'set', items: parseTermList(c, '}', 'to close the set'), loc }));
  }
  const items = [first];
  if (c.acceptPunct(',')) items.push(...parseTermList(c, '}', 'to close the set'));
  else c.expectPunct('}', 'or \',\' in the set');
  return { type: 'set', items, loc };
}

function parseObjectRest(c: Cursor, key: Term, loc: Location, maybeComprehension: boolean): Term {
  const start = c.mark();
  const value = parseTerm(c, { pipeEndsTerm: maybeComprehension });
  if (maybeComprehension && c.acceptPunct('|')) {
    return parseComprehensionOr(c, '}', start, (body) => ({ type: 'objectcomp', key, value, body, loc }),
      () => parseObjectRest(c, key, loc, false));
  }
  const items: Array<[Term, Term]> = [[key, value]];
  while (c.acceptPunct(',')) {
    if (c.atPunct('}')) break;
    const k = parseTerm(c);
    c.expectPunct(':', 'after the object key');
    items.push([k, parseTerm(c)]);
  }
  c.expectPunct('}', 'or \',\' in the object');
  return { type: 'object', items, loc };
}

/**
 * After `head |`: a comprehension, unless its body stops at a comma. Then, as in OPA, the
 * collection is read again from `start` with `|` as set union: `[x | y, 5]` is an array.
 */
function parseComprehensionOr(c: Cursor, close: string, start: number, comprehension: (body: Body) => Term, collection: () => Term): Term {
  try {
    return comprehension(parseComprehensionBody(c, close));
  } catch (e) {
    if (!(e instanceof ParseFailure) || !c.atPunct(',')) throw e;
    c.reset(start);
    return collection();
  }
}

function parseComprehensionBody(c: Cursor, close: string): Body {
  const body = parseBody(c, close);
  c.expectPunct(close, 'to close the comprehension');
  return body;
}
