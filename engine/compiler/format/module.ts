/**
 * A module: the package, imports and rules in source order, one blank line between statements
 * (except between one-line rules on consecutive lines), comments kept before the statement they
 * precede (a blank line between them kept too).
 * Consecutive imports form a group without blank lines, sorted by path as opa fmt sorts them.
 */
import type { Import, Module, Rule } from '../ast.js';
import type { Comment } from '../syntax/tokens.js';
import { commentText, withTrailing } from './comments.js';
import { writesIf, type Context } from './context.js';
import { pathText } from './names.js';
import { rule } from './rules.js';
import type { Position } from './source-map.js';

type Statement =
  | { kind: 'package'; loc: Position; text: string }
  | { kind: 'import'; loc: Position; node: Import }
  | { kind: 'rule'; loc: Position; node: Rule };

export function moduleLines(m: Module, ctx: Context): string[] {
  const statements = statementsOf(m, ctx);
  const lines: string[] = [];
  let groupable = false;
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i]!;
    const comments = ctx.comments.takeBefore(s.loc);
    if (s.kind === 'import') {
      if (lines.length > 0) lines.push('');
      commentBlock(lines, comments, s.loc.row);
      i = importGroup(statements, i, ctx, lines) - 1;
      groupable = false;
      continue;
    }
    const adjacent = comments.length === 0 && s.loc.row === ctx.src.endRowBefore(s.loc) + 1;
    const printed = s.kind === 'package' ? [s.text] : rule(s.node, ctx);
    const next = statements[i + 1]?.loc ?? ctx.src.eof();
    const last = withTrailing(printed.pop()!, '', ctx, next);
    // One-line rules written on consecutive lines stay together (opa fmt since OPA 1.3), where
    // the rules can be written with `if` (not in Rego v0 without the keyword).
    const oneLiner = s.kind === 'rule' && !s.node.default && printed.length === 0 && last.length === 1 && !last[0]!.includes('\n')
      && writesIf(s.node.head.contains !== undefined, ctx);
    if (lines.length > 0 && !(groupable && oneLiner && adjacent)) lines.push('');
    commentBlock(lines, comments, s.loc.row);
    // Comments past the first one trailing the statement start the next paragraph, as they will
    // when the output is formatted again.
    lines.push(...printed, last[0]!, ...(last.length > 1 ? ['', ...last.slice(1)] : []));
    groupable = oneLiner;
  }
  const rest = ctx.comments.rest();
  if (rest.length > 0) {
    lines.push('');
    commentBlock(lines, rest, undefined);
  }
  return lines;
}

function statementsOf(m: Module, ctx: Context): Statement[] {
  const all: Statement[] = [
    { kind: 'package', loc: m.package.loc, text: `package ${pathText(m.package.path, ctx)}` },
    ...m.imports.map((node): Statement => ({ kind: 'import', loc: node.loc, node })),
    ...m.rules.map((node): Statement => ({ kind: 'rule', loc: node.loc, node })),
  ];
  return all.sort((a, b) => a.loc.row - b.loc.row || a.loc.col - b.loc.col);
}

/** Comments on lines of their own; one blank line where the source had one or more. */
function commentBlock(lines: string[], comments: readonly Comment[], nextRow: number | undefined): void {
  comments.forEach((c, i) => {
    if (i > 0 && c.row - comments[i - 1]!.row > 1) lines.push('');
    lines.push(commentText(c));
  });
  const last = comments[comments.length - 1];
  if (last !== undefined && nextRow !== undefined && nextRow - last.row > 1) lines.push('');
}

/**
 * Imports from `start` up to a comment line, a blank line or another statement, sorted;
 * returns the index after the group.
 */
function importGroup(statements: readonly Statement[], start: number, ctx: Context, lines: string[]): number {
  const group: Array<{ text: string; lines: string[] }> = [];
  let i = start;
  for (;;) {
    const s = statements[i]!;
    if (s.kind !== 'import') break;
    const next = statements[i + 1]?.loc ?? ctx.src.eof();
    group.push({ text: importText(s.node, ctx), lines: withTrailing(importText(s.node, ctx), '', ctx, next) });
    i++;
    const following = statements[i];
    if (following?.kind !== 'import' || following.loc.row - s.loc.row > 1 || ctx.comments.hasBefore(following.loc)) break;
  }
  group.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  for (const g of group) lines.push(...g.lines);
  return i;
}

function importText(imp: Import, ctx: Context): string {
  const p = imp.path;
  const segments = p.type === 'var' ? [p.name] : [p.head.type === 'var' ? p.head.name : '', ...p.path.map((t) => (t.type === 'string' ? t.value : ''))];
  return `import ${pathText(segments, ctx)}${imp.alias === undefined ? '' : ` as ${imp.alias}`}`;
}
