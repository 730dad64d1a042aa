/**
 * Rules: `default`, heads (`:=` for every value, as opa fmt writes Rego v1), bodies as
 * `if literal` when the body was one literal on the head's line and as `if { ... }` blocks
 * otherwise, and `else` chains. Rego v0 keeps `=` where it was written, `p[x]` for a partial
 * set, and writes every body as a block after the head (`p {`), unless the module imported the
 * keywords.
 */
import type { Body, Expr, Module, Rule, RuleHead, Term } from '../ast.js';
import { block, literal } from './body.js';
import { commentText, withTrailing } from './comments.js';
import { indent, writesIf, type Context } from './context.js';
import { isPathName } from './names.js';
import { ATOM, precedenceOf } from './operators.js';
import { argList, Level, operand, term } from './terms.js';
import type { Position } from './source-map.js';

interface Printed {
  lines: string[];
  /** The row of the body's closing brace when the body printed as a block. */
  closedOnRow?: number;
}

/** A rule statement with its `else` chain; comments trailing its last line are the caller's. */
export function rule(r: Rule, ctx: Context): string[] {
  const usesIf = writesIf(r.head.contains !== undefined, ctx);
  const first = withBody(head(r, ctx), r.body, ctx, usesIf);
  const lines = first.lines;
  let closedOnRow = first.closedOnRow;
  for (let e = r.else; e !== undefined; e = e.else) {
    const value = e.head.value === undefined ? '' : `${assignment(e.head.assign, ctx)}${operand(e.head.value, ctx, 0, Level.term)}`;
    const sameLine = closedOnRow === e.loc.row && !ctx.comments.hasBefore(e.loc);
    if (!sameLine) separate(lines, ctx, e.loc);
    const printed = withBody(`else${value}`, e.body, ctx, usesIf);
    if (sameLine) lines.push(`${lines.pop()!} ${printed.lines[0]!}`, ...printed.lines.slice(1));
    else lines.push(...printed.lines);
    closedOnRow = printed.closedOnRow;
  }
  return lines;
}

/** Ref heads beyond `p[x]` (a longer ref, or `a.b contains x`) are in use somewhere in the module. */
export function usesRefHeads(m: Module): boolean {
  return m.rules.some((r) => r.head.ref.length > 2 || (r.head.ref.length > 1 && (r.head.contains !== undefined || r.head.args !== undefined)));
}

/** An `else` on a later line (or after a one-line body) is set off by a blank line and its comments. */
function separate(lines: string[], ctx: Context, at: Position): void {
  const [last, ...more] = withTrailing(lines.pop()!, '', ctx, at);
  lines.push(last!, '', ...more);
  for (const c of ctx.comments.takeBefore(at)) lines.push(commentText(c));
}

function head(r: Rule, ctx: Context): string {
  const h: RuleHead = r.head;
  let text = (r.default ? 'default ' : '') + headRef(h.ref, ctx);
  if (h.args) text += argList(h.args, h.loc, ctx, 0);
  if (h.contains && ctx.v0 && !ctx.v0.keywords.has('contains')) text += `[${operand(h.contains, ctx, 0, Level.term)}]`;
  else if (h.contains) text += ` contains ${operand(h.contains, ctx, 0, Level.term)}`;
  else if (h.value && !(impliedTrue(h.value) && r.body.length > 0)) text += `${assignment(h.assign, ctx)}${operand(h.value, ctx, 0, Level.term)}`;
  return text;
}

/** v1 writes `:=` for every value; v0 keeps the operator as written. */
function assignment(assign: boolean, ctx: Context): string {
  return ctx.v0 && !assign ? ' = ' : ' := ';
}

/** `p := true if body` says no more than `p if body`, which is how opa fmt writes it. */
function impliedTrue(value: Term): boolean {
  return value.type === 'boolean' && value.value;
}

function headRef(ref: readonly Term[], ctx: Context): string {
  const dotted = ctx.refHeads || ref.length > 2;
  return ref.map((t, i) => {
    if (i === 0) return term(t, ctx, 0);
    return dotted && t.type === 'string' && isPathName(t.value, ctx) ? `.${t.value}` : `[${operand(t, ctx, 0, Level.term)}]`;
  }).join('');
}

/**
 * After `if`, a body of one literal on the head's line stays there; every other body is a block.
 * Without `if` (Rego v0) every body is a block opened on the head's line.
 */
function withBody(headText: string, body: Body, ctx: Context, usesIf: boolean): Printed {
  if (body.length === 0) return { lines: [headText] };
  const opener = usesIf ? `${headText} if` : headText;
  const openTok = ctx.src.previous(body[0]!.loc)!;
  const braced = openTok.kind === 'punct' && openTok.text === '{';
  const oneLine = !braced || (body.length === 1 && body[0]!.loc.row === openTok.row);
  // After `if`, a leading brace would be read back as the start of a block.
  if (usesIf && oneLine && !leadsWithBrace(body[0]!)) return { lines: [`${opener} ${literal(body[0]!, ctx, 0)}`] };
  if (!braced || (usesIf && oneLine)) return { lines: [`${opener} {`, indent(1) + literal(body[0]!, ctx, 1), '}'] };
  const close = ctx.src.closer(ctx.src.at(openTok));
  const opening = [`${opener} {`, ...ctx.comments.takeOnRow(openTok.row, body[0]!.loc).map(commentText)].join(' ');
  return { lines: [opening, ...block(body, ctx, 1, close), '}'], closedOnRow: close.row };
}

function leadsWithBrace(lit: Expr): boolean {
  return lit.type === 'term' && !lit.negated && startsWithBrace(lit.term);
}

/** Whether a term's printed form begins with `{` (operands that print in parentheses do not). */
function startsWithBrace(t: Term): boolean {
  switch (t.type) {
    case 'object': case 'objectcomp': case 'setcomp': return true;
    case 'set': return t.items.length > 0;
    case 'ref': return precedenceOf(t.head) === ATOM && startsWithBrace(t.head);
    case 'call': {
      const own = precedenceOf(t);
      const first = t.args[0];
      if (own === ATOM || first === undefined) return false;
      // The level below which terms.ts wraps the first operand of this operator.
      const wrapBelow = own === -2 ? 0 : own < 0 ? -1 : ATOM;
      return precedenceOf(first) >= wrapBelow && startsWithBrace(first);
    }
    default: return false;
  }
}
