/**
 * A statement that cannot start a rule (`"x" := 1`, `true := 1`, `{}`, `not p`). OPA's parser
 * reads such a statement as a query, then fails to turn that query into a rule and reports why,
 * at the statement's start: "string cannot be used for rule name" and the like. The same
 * messages here, when the statement reads as one expression; otherwise the token's own error.
 */
import type { Expr, Term } from '../ast.js';
import { tryParse, type Cursor } from './cursor.js';
import { parseLiteral } from './parse-body.js';
import { describe } from './tokens.js';

/** Throws the statement's ParseFailure; the cursor is at the statement's first token. */
export function failNonRuleStatement(c: Cursor): never {
  const start = c.mark();
  const loc = c.loc();
  const expr = tryParse(() => parseLiteral(c));
  const ended = c.tok.kind === 'eof' || c.tok.newlineBefore;
  if (expr !== undefined && ended) c.failAt(whyNotARule(expr), loc);
  c.reset(start);
  return c.fail(`expected identifier (a rule name), found ${describe(c.tok)}`);
}

/** OPA's ParseRuleFromExpr messages, for an expression that does not start with a name. */
function whyNotARule(expr: Expr): string {
  if (expr.with.length > 0) return 'expressions using with keyword cannot be used for rule head';
  if (expr.negated) return 'negated expressions cannot be used for rule head';
  if (expr.type === 'some' || expr.type === 'somein') return "'some' declarations cannot be used for rule head";
  if (expr.type !== 'term') return 'expression cannot be used for rule head';
  const t = expr.term;
  if (t.type !== 'call') return `${valueName(t)} cannot be used for rule name`;
  const op = t.fn.type === 'var' ? t.fn.name : undefined;
  // `=` and `:=` define a rule named by their left side; any other operator is a builtin's call.
  if ((op === 'eq' || op === 'assign') && t.args.length === 2) return `${valueName(t.args[0]!)} cannot be used for rule name`;
  return 'rule name conflicts with built-in function';
}

/** OPA's ast.ValueName. */
function valueName(t: Term): string {
  switch (t.type) {
    case 'arraycomp': return 'arraycomprehension';
    case 'setcomp': return 'setcomprehension';
    case 'objectcomp': return 'objectcomprehension';
    default: return t.type;
  }
}
