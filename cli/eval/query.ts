/**
 * OPA reports a value for every expression of a query; the compiler's query mode only binds
 * variables. So the query is split into its expressions (parser locations, lexer tokens) and
 * each expression that has a value of its own is rewritten to bind it to a generated variable:
 * `data.p with input as x` becomes `__warden_e0__ = (data.p) with input as x` plus
 * `__warden_e0__ != false`, which keeps the rule that a false expression fails. As in OPA, a
 * query of one expression that does not iterate has no such check: `1 > 2` gives the value false
 * rather than no result. Assignments, unifications, `not`, `some`, `every` and calls given their
 * output argument have the value true, as in OPA, and stay as written.
 */
import type { Body, Expr, Term } from '../../engine/compiler/ast.js';
import type { Diagnostic } from '../../engine/index.js';
import { lex, parseQuery } from '../../engine/compiler/syntax/index.js';
import type { CallHasValue } from './call-value.js';

export interface QueryExpr {
  /** The expression as written, with its `with` modifiers (OPA's "text"). */
  text: string;
  row: number;
  col: number;
  /** The generated variable holding its value; absent when the value is always true. */
  valueVar?: string;
}

export interface SplitQuery { exprs: QueryExpr[]; rewritten: string }

const VALUE_VAR_PREFIX = '__warden_e';

export function isValueVar(name: string): boolean {
  return name.startsWith(VALUE_VAR_PREFIX);
}

/** Undefined with the query's parse errors when it does not parse. */
export function splitQuery(query: string, callHasValue: CallHasValue): { split?: SplitQuery; errors: Diagnostic[] } {
  const parsed = parseQuery(query);
  if (!parsed.body) return { errors: parsed.errors };
  const offsets = new LineOffsets(query);
  const { tokens, comments } = lex('query', query);
  const starts = parsed.body.map((e) => offsets.of(e.loc.row, e.loc.col));
  const exprs: QueryExpr[] = [];
  const lines: string[] = [];
  const checked = parsed.body.length > 1 || iterates(parsed.body);
  parsed.body.forEach((e, i) => {
    const start = starts[i]!;
    const limit = starts[i + 1] ?? query.length;
    // The last token of the expression; a comment after it is not part of the text.
    const last = tokens.filter((t) => t.kind !== 'eof' && !(t.kind === 'punct' && t.text === ';'))
      .map((t) => offsets.of(t.row, t.col))
      .filter((o) => o >= start && o < limit)
      .pop() ?? start;
    const comment = comments.map((c) => offsets.of(c.row, c.col)).find((o) => o > last && o < limit);
    const text = trimEnd(query.slice(start, comment ?? limit));
    const expr: QueryExpr = { text, row: e.loc.row, col: e.loc.col };
    if (!hasOwnValue(e, callHasValue)) {
      lines.push(text);
    } else {
      const withAt = e.with.length > 0 ? offsets.of(e.with[0]!.loc.row, e.with[0]!.loc.col) - start : text.length;
      expr.valueVar = `${VALUE_VAR_PREFIX}${i}__`;
      const modifiers = text.slice(withAt).trim();
      lines.push(`${expr.valueVar} = (${text.slice(0, withAt).trim()})${modifiers ? ` ${modifiers}` : ''}`);
      if (checked) lines.push(`${expr.valueVar} != false`);
    }
    exprs.push(expr);
  });
  return { split: { exprs, rewritten: lines.join('\n') }, errors: [] };
}

function hasOwnValue(e: Expr, callHasValue: CallHasValue): boolean {
  if (e.type !== 'term' || e.negated) return false;
  const t = e.term;
  if (t.type !== 'call') return true;
  return !(t.fn.type === 'var' && (t.fn.name === 'assign' || t.fn.name === 'eq')) && callHasValue(t);
}

/**
 * Whether evaluating the query can iterate, as OPA judges it before it drops the check of a lone
 * expression: a ref with a variable after its head (`xs[i]`, `data.p[_]`) or a call of `walk`,
 * outside comprehensions, which iterate on their own.
 */
function iterates(body: Body): boolean {
  return body.some((e) => e.with.some((w) => termIterates(w.value)) || (e.type === 'term' ? termIterates(e.term) : true));
}

function termIterates(t: Term): boolean {
  switch (t.type) {
    case 'ref': return t.path.some((p) => p.type === 'var' || termIterates(p)) || termIterates(t.head);
    case 'call': return (t.fn.type === 'var' && t.fn.name === 'walk') || t.args.some(termIterates);
    case 'array': case 'set': return t.items.some(termIterates);
    case 'object': return t.items.some(([k, v]) => termIterates(k) || termIterates(v));
    default: return false;
  }
}

/** Whitespace and `;` separators at the end of an expression's slice. */
function trimEnd(s: string): string {
  return s.replace(/[\s;]+$/u, '');
}

/** Lexer positions (1-based row, column in UTF-16 units) to string offsets. */
class LineOffsets {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.starts.push(i + 1);
  }
  of(row: number, col: number): number {
    return (this.starts[row - 1] ?? 0) + col - 1;
  }
}
