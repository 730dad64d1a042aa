/**
 * Stage: calls. Every called function must exist (a builtin from the capabilities table or a
 * user function) and be called with its arity (plus one optional output argument when the call
 * stands alone as an expression: arity.ts).
 */
import type { Body, CallTerm, Rule, Term } from '../ast.js';
import { DiagnosticCode, diagnostic, type Diagnostic } from '../diagnostics.js';
import { builtinArity, isBuiltin } from '../check/builtins.js';
import { arityError, statementCalls } from './arity.js';
import { lookupGroup, type RuleTree } from './program.js';
import { dataPrefix, walkBody, walkRule } from './walk.js';

const VARIADIC = new Set(['print']);
/** Builtins the planner turns into statements itself; no runtime or host function is called. */
const PLANNED = new Set(['eq', 'assign', 'print', 'internal.print']);

export function checkCalls(tree: RuleTree, rules: Rule[], query: Body | undefined, supported?: (builtin: string) => boolean, declared?: (builtin: string) => boolean): Diagnostic[] {
  const errors: Diagnostic[] = [];
  const statements = statementCalls(rules, query);
  const visit = (t: Term): void => {
    if (t.type !== 'call') return;
    const err = checkCall(tree, t, statements.has(t), declared) ?? checkSupported(t, supported);
    if (err) errors.push(err);
  };
  rules.forEach((r) => walkRule(r, visit));
  if (query) walkBody(query, visit);
  return errors;
}

/** `declared`: the capabilities' builtins, when given; OPA reports any other as undefined. */
function checkCall(tree: RuleTree, t: CallTerm, statement: boolean, declared?: (builtin: string) => boolean): Diagnostic | undefined {
  if (t.fn.type === 'var') {
    const name = t.fn.name;
    if (VARIADIC.has(name)) return undefined;
    if (!isBuiltin(name) || (declared && !declared(name))) return diagnostic(DiagnosticCode.type, `undefined function ${name}`, t.loc);
    return arityError(name, builtinArity(name), t, statement);
  }
  const path = dataPrefix(t.fn);
  const group = path && path.length === t.fn.path.length ? lookupGroup(tree, path) : undefined;
  const name = `data.${(path ?? []).join('.')}`;
  if (!group || group.kind !== 'function') return diagnostic(DiagnosticCode.type, `undefined function ${name}`, t.loc);
  return arityError(name, group.arity, t, statement);
}

function checkSupported(t: CallTerm, supported?: (builtin: string) => boolean): Diagnostic | undefined {
  if (!supported || t.fn.type !== 'var' || PLANNED.has(t.fn.name) || supported(t.fn.name)) return undefined;
  return diagnostic(DiagnosticCode.type, `builtin ${t.fn.name} is not supported by mcp-warden (neither the runtime nor the host implements it)`, t.loc);
}
