/**
 * Literals and blocks of literals (rule bodies, `every` bodies, multi-line comprehensions):
 * one literal per line, comments kept where they were, and a blank line wherever the source had
 * one or more between a literal (or comment) and the next, as opa fmt does.
 */
import type { Body, Every, Expr, With } from '../ast.js';
import { commentText, withTrailing } from './comments.js';
import { indent, type Context } from './context.js';
import type { Position } from './source-map.js';
import { Level, operand, term } from './terms.js';

/** The lines of a block at `depth`, up to (not including) the token `close`. */
export function block(body: Body, ctx: Context, depth: number, close: Position): string[] {
  const inner = indent(depth);
  const lines: string[] = [];
  let lastRow: number | undefined;
  const place = (row: number, endRow: number, text: string): void => {
    if (lastRow !== undefined && row - lastRow > 1) lines.push('');
    lines.push(inner + text);
    lastRow = endRow;
  };
  body.forEach((lit, i) => {
    for (const c of ctx.comments.takeBefore(lit.loc)) place(c.row, c.row, commentText(c));
    const next = body[i + 1]?.loc ?? close;
    place(lit.loc.row, ctx.src.endRowBefore(next), literal(lit, ctx, depth));
    const [line, ...more] = withTrailing(lines.pop()!, inner, ctx, next);
    lines.push(line!, ...more);
  });
  // Comments closing a block stay with its last literal (opa fmt drops the blank line there).
  for (const c of ctx.comments.takeBefore(close)) lines.push(inner + commentText(c));
  return lines;
}

export function literal(lit: Expr, ctx: Context, depth: number): string {
  let text = lit.negated ? 'not ' : '';
  switch (lit.type) {
    case 'term': text += operand(lit.term, ctx, depth, Level.literal); break;
    case 'some': text += `some ${lit.vars.map((v) => v.name).join(', ')}`; break;
    case 'somein': {
      const key = lit.key === undefined ? '' : `${operand(lit.key, ctx, depth, Level.relation)}, `;
      text += `some ${key}${operand(lit.value, ctx, depth, Level.relation)} in ${operand(lit.collection, ctx, depth, Level.relation)}`;
      break;
    }
    case 'every': text += every(lit, ctx, depth); break;
  }
  return text + withs(lit.with, ctx, depth);
}

function every(lit: Every, ctx: Context, depth: number): string {
  const key = lit.key === undefined ? '' : `${lit.key.name}, `;
  const head = `every ${key}${lit.value.name} in ${operand(lit.domain, ctx, depth, Level.relation)} {`;
  const openTok = ctx.src.previous(lit.body[0]!.loc)!;
  const close = ctx.src.closer(ctx.src.at(openTok));
  if (lit.body.every((l) => l.loc.row === openTok.row)) {
    return `${head} ${lit.body.map((l) => literal(l, ctx, depth)).join('; ')} }`;
  }
  const opening = [head, ...ctx.comments.takeOnRow(openTok.row, lit.body[0]!.loc).map(commentText)].join(' ');
  return [opening, ...block(lit.body, ctx, depth + 1, close), `${indent(depth)}}`].join('\n');
}

/** The first `with` stays on the literal's line; later ones keep their own lines if they had them. */
function withs(list: readonly With[], ctx: Context, depth: number): string {
  let text = '';
  list.forEach((w, i) => {
    const ownLine = i > 0 && w.loc.row > list[i - 1]!.loc.row;
    const d = ownLine ? depth + 1 : depth;
    text += `${ownLine ? `\n${indent(d)}` : ' '}with ${term(w.target, ctx, d)} as ${operand(w.value, ctx, d, Level.term)}`;
  });
  return text;
}
