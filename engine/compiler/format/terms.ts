/**
 * Terms. A term prints on one line unless it is a composite whose items started on different
 * source rows: then each row's items go on a line of their own, with a trailing comma, the way
 * opa fmt lays them out. Multi-line text carries absolute indentation after each line break.
 */
import type { Body, CallTerm, Location, RefTerm, Term } from '../ast.js';
import type { Token } from '../syntax/index.js';
import { block, literal } from './body.js';
import { commentText, withTrailing } from './comments.js';
import { indent, type Context } from './context.js';
import { isPathName, quote } from './names.js';
import { ATOM, infixOf, isKeyValueMembership, precedenceOf } from './operators.js';

/** Operand levels: what the grammar accepts at a spot (see parse-terms.ts). */
export const Level = {
  /** A whole literal: `k, v in xs` needs no parentheses. */
  literal: -2,
  /** Items, arguments, values: anything down from `x in xs`. */
  term: 0,
  /** `some x in xs` operands and `every` domains: no top-level `in`. */
  relation: 1,
} as const;

/** Prints `t`, in parentheses when it binds more loosely than `level` allows. */
export function operand(t: Term, ctx: Context, depth: number, level: number): string {
  const text = term(t, ctx, depth);
  return precedenceOf(t) < level ? `(${text})` : text;
}

export function term(t: Term, ctx: Context, depth: number): string {
  switch (t.type) {
    case 'null': return 'null';
    case 'boolean': return String(t.value);
    case 'number': return t.value;
    case 'string': return ctx.src.isRaw(t.loc) ? `\`${t.value}\`` : quote(t.value);
    case 'var': return t.name;
    case 'ref': return ref(t, ctx, depth);
    case 'call': return call(t, ctx, depth);
    case 'array': return items(t.items, t.loc, ctx, depth, ['[', ']'], (x, d) => firstItem(x, ctx, d));
    case 'set':
      if (t.items.length === 0) return 'set()';
      return items(t.items, t.loc, ctx, depth, ['{', '}'], (x, d) => firstItem(x, ctx, d));
    case 'object':
      return items(t.items, t.loc, ctx, depth, ['{', '}'], ([k, v], d) => `${firstItem(k, ctx, d)}: ${firstItem(v, ctx, d)}`, ([k]) => k.loc);
    case 'arraycomp': return comprehension(t.loc, firstItem(t.head, ctx, depth), t.body, ctx, depth, ']');
    case 'setcomp': return comprehension(t.loc, firstItem(t.head, ctx, depth), t.body, ctx, depth, '}');
    case 'objectcomp':
      return comprehension(t.loc, `${firstItem(t.key, ctx, depth)}: ${firstItem(t.value, ctx, depth)}`, t.body, ctx, depth, '}');
  }
}

/**
 * An item of a collection. The parser ends a first item (or comprehension head) at a top-level
 * `|`, so a union there keeps parentheses; items print alike everywhere, so output is stable.
 * (Operators nested in other operators are parenthesized anyway.)
 */
function firstItem(t: Term, ctx: Context, depth: number): string {
  const union = t.type === 'call' && infixOf(t)?.op === '|';
  return union ? `(${term(t, ctx, depth)})` : operand(t, ctx, depth, Level.term);
}

function ref(t: RefTerm, ctx: Context, depth: number): string {
  let text = operand(t.head, ctx, depth, ATOM);
  for (const p of t.path) {
    text += p.type === 'string' && isPathName(p.value, ctx) ? `.${p.value}` : `[${operand(p, ctx, depth, Level.term)}]`;
  }
  return text;
}

function call(t: CallTerm, ctx: Context, depth: number): string {
  const infix = infixOf(t);
  if (infix !== undefined) {
    const [a, b] = t.args as [Term, Term];
    // Like opa fmt, an operator nested in another one is parenthesized: `(x + 1) + 2`.
    const left = infix.precedence < 0 ? Level.literal + 1 : ATOM;
    const right = infix.precedence < 0 ? Level.term : ATOM;
    return `${operand(a, ctx, depth, left)} ${infix.op} ${operand(b, ctx, depth, right)}`;
  }
  if (isKeyValueMembership(t)) {
    const [k, v, xs] = t.args as [Term, Term, Term];
    return `${operand(k, ctx, depth, Level.term)}, ${operand(v, ctx, depth, Level.relation)} in ${operand(xs, ctx, depth, Level.relation)}`;
  }
  return term(t.fn, ctx, depth) + argList(t.args, t.fn.loc, ctx, depth);
}

/** `(a, b)` of a call or function head whose name starts at `nameLoc`. */
export function argList(args: readonly Term[], nameLoc: Location, ctx: Context, depth: number): string {
  return items(args, openParen(nameLoc, ctx), ctx, depth, ['(', ')'], (x, d) => operand(x, ctx, d, Level.term));
}

/** The `(` after a name: the first one, since names hold no parentheses. */
function openParen(nameLoc: Location, ctx: Context): Location {
  for (let i = ctx.src.at(nameLoc); ; i++) {
    const tok = ctx.src.token(i);
    if (tok.kind === 'eof') throw new Error('internal: call without arguments');
    if (tok.kind === 'punct' && tok.text === '(') return { file: nameLoc.file, row: tok.row, col: tok.col };
  }
}

/** Items on one line, or one line per source row of items (opa fmt keeps the author's grouping). */
function items<T>(
  list: readonly T[],
  openLoc: Location,
  ctx: Context,
  depth: number,
  [open, close]: [string, string],
  print: (item: T, depth: number) => string,
  locOf: (item: T) => Location = (item) => (item as Term).loc,
): string {
  const groups = groupByRow(list, locOf);
  if (groups.length <= 1) return `${open}${list.map((x) => print(x, depth)).join(', ')}${close}`;
  const closer = ctx.src.closer(ctx.src.at(openLoc));
  const lines = [open];
  groups.forEach((group, g) => {
    const inner = indent(depth + 1);
    for (const c of ctx.comments.takeBefore(locOf(group[0]!))) lines.push(inner + commentText(c));
    const text = `${inner}${group.map((x) => print(x, depth + 1)).join(', ')},`;
    const next = g + 1 < groups.length ? locOf(groups[g + 1]![0]!) : closer;
    lines.push(...withTrailing(text, inner, ctx, next));
  });
  for (const c of ctx.comments.takeBefore(closer)) lines.push(indent(depth + 1) + commentText(c));
  lines.push(indent(depth) + close);
  return lines.join('\n');
}

function groupByRow<T>(list: readonly T[], locOf: (item: T) => Location): T[][] {
  const groups: T[][] = [];
  let row = -1;
  for (const x of list) {
    const r = locOf(x).row;
    if (r !== row || groups.length === 0) groups.push([]);
    groups[groups.length - 1]!.push(x);
    row = r;
  }
  return groups;
}

/** `[x | body]` on one line while the body stays on the bracket's row, else as a block. */
function comprehension(loc: Location, head: string, body: Body, ctx: Context, depth: number, close: string): string {
  const openIndex = ctx.src.at(loc);
  const openTok: Token = ctx.src.token(openIndex);
  const closer = ctx.src.closer(openIndex);
  const open = openTok.text;
  if (body.every((l) => l.loc.row === openTok.row)) {
    return `${open}${head} | ${body.map((l) => literal(l, ctx, depth)).join('; ')}${close}`;
  }
  return [`${open}${head} |`, ...block(body, ctx, depth + 1, closer), indent(depth) + close].join('\n');
}
