/**
 * Stage: assignments and declarations. `x := ...` declares x for the rest of its body, so (as in
 * OPA) a second `:=` of the same var is "assigned above", and a `:=` of a var the body already
 * used (or a function argument) is "referenced above": both are almost always bugs in a policy.
 * A target that is no var or pattern (`1 := x`) is "cannot assign to number". A var declared
 * with `some x` that its body (nested comprehensions and `every` included) never uses is
 * "declared var x unused", an error in OPA with or without strict mode.
 */
import type { Body, Expr, Rule, SomeDecl, Term, VarTerm } from '../ast.js';
import { varsInBody } from '../strict/terms.js';
import { DiagnosticCode, diagnostic, type Diagnostic } from '../diagnostics.js';
import { allVars, isWildcard, patternVars } from './vars.js';

export function checkAssignments(rules: Rule[], query: Body | undefined): Diagnostic[] {
  const errors: Diagnostic[] = [];
  for (const rule of rules) checkRule(rule, errors);
  if (query) checkBody(query, new Set(), errors);
  return errors;
}

function checkRule(rule: Rule, errors: Diagnostic[]): void {
  const args = new Set<string>();
  for (const a of rule.head.args ?? []) allVars(a).forEach((_, n) => args.add(n));
  checkBody(rule.body, args, errors);
  if (rule.else) checkRule(rule.else, errors);
}

function checkBody(body: Body, outer: Set<string>, errors: Diagnostic[]): void {
  const seen = new Set(outer);
  const declared = new Set<string>();
  for (const e of body) {
    const assign = assignTarget(e);
    const kind = assign && unassignable(assign);
    if (kind) errors.push(diagnostic(DiagnosticCode.compile, `cannot assign to ${kind}`, assign.loc));
    else if (assign) {
      for (const [name, v] of patternVars(assign)) {
        if (isWildcard(name)) continue;
        if (declared.has(name)) errors.push(diagnostic(DiagnosticCode.compile, `var ${name} assigned above`, v.loc));
        else if (seen.has(name)) errors.push(diagnostic(DiagnosticCode.compile, `var ${name} referenced above`, v.loc));
        declared.add(name);
      }
    }
    for (const name of topLevelVars(e)) seen.add(name);
    nestedBodies(e).forEach((b) => checkBody(b, new Set(), errors));
  }
  unusedDeclarations(body, errors);
}

/** Located at the `some` that declares the var, as OPA locates it. */
function unusedDeclarations(body: Body, errors: Diagnostic[]): void {
  const decls = body.filter((e): e is SomeDecl => e.type === 'some');
  if (decls.length === 0) return;
  const uses = new Map<string, number>();
  for (const v of varsInBody(body)) uses.set(v.name, (uses.get(v.name) ?? 0) + 1);
  for (const decl of decls) {
    for (const v of decl.vars) {
      // The declaration itself is one occurrence.
      if (!isWildcard(v.name) && (uses.get(v.name) ?? 0) <= 1) errors.push(diagnostic(DiagnosticCode.compile, `declared var ${v.name} unused`, decl.loc));
    }
  }
}

/** What OPA calls a `:=` target that is no var or pattern (`1 := x`), as its message names it. */
function unassignable(t: Term): string | undefined {
  switch (t.type) {
    case 'var': case 'array': case 'object': return undefined;
    case 'arraycomp': return 'arraycomprehension';
    case 'setcomp': return 'setcomprehension';
    case 'objectcomp': return 'objectcomprehension';
    default: return t.type;
  }
}

function assignTarget(e: Expr): Term | undefined {
  if (e.type !== 'term' || e.term.type !== 'call' || e.term.fn.type !== 'var' || e.term.fn.name !== 'assign') return undefined;
  return e.term.args[0];
}

/** One map for all of an expression's terms: this runs for every expression of every rule. */
function topLevelVars(e: Expr): Iterable<string> {
  const out = new Map<string, VarTerm>();
  for (const w of e.with) allVars(w.value, out);
  if (e.type === 'term') allVars(e.term, out);
  if (e.type === 'somein') {
    allVars(e.collection, out);
    allVars(e.value, out);
    if (e.key) allVars(e.key, out);
  }
  if (e.type === 'some') for (const v of e.vars) allVars(v, out);
  if (e.type === 'every') allVars(e.domain, out);
  return out.keys();
}

/** Bodies with their own scope: comprehensions and every. */
function nestedBodies(e: Expr): Body[] {
  const out: Body[] = [];
  const visit = (t: Term): void => {
    switch (t.type) {
      case 'arraycomp': case 'setcomp': out.push(t.body); break;
      case 'objectcomp': out.push(t.body); break;
      case 'ref': visit(t.head); t.path.forEach(visit); break;
      case 'call': t.args.forEach(visit); break;
      case 'array': case 'set': t.items.forEach(visit); break;
      case 'object': t.items.forEach(([k, v]) => { visit(k); visit(v); }); break;
      default: break;
    }
  };
  if (e.type === 'term') visit(e.term);
  if (e.type === 'every') out.push(e.body);
  return out;
}
