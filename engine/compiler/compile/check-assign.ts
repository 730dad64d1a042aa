/**
 * Stage: assignments and declarations. `x := ...` and `some x` declare x for the rest of its
 * body, so (as in OPA) declaring a var the body already has is an error named after how it came:
 * "assigned above" (by `:=`), "declared above" (by `some`), "referenced above" (used), or "arg x
 * redeclared" (a function argument): each would otherwise silently make a second variable. A
 * target that is no var or pattern (`1 := x`) is "cannot assign to number". A var declared
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
  if (query) checkBody(query, new Map(), errors);
  return errors;
}

/** How a var already occurs in a body, which names the error of declaring it again. */
type Occurrence = 'arg' | 'seen' | 'assigned' | 'declared';

const REDECLARED: Record<Occurrence, (name: string) => string> = {
  arg: (name) => `arg ${name} redeclared`,
  seen: (name) => `var ${name} referenced above`,
  assigned: (name) => `var ${name} assigned above`,
  declared: (name) => `var ${name} declared above`,
};

function checkRule(rule: Rule, errors: Diagnostic[]): void {
  const args = new Map<string, Occurrence>();
  for (const a of rule.head.args ?? []) allVars(a).forEach((_, n) => args.set(n, 'arg'));
  checkBody(rule.body, args, errors);
  if (rule.else) checkRule(rule.else, errors);
}

function checkBody(body: Body, outer: ReadonlyMap<string, Occurrence>, errors: Diagnostic[]): void {
  const occurs = new Map(outer);
  const declare = (name: string, as: Occurrence, loc: Term['loc']): void => {
    if (isWildcard(name)) return;
    const before = occurs.get(name);
    if (before) errors.push(diagnostic(DiagnosticCode.compile, REDECLARED[before](name), loc));
    occurs.set(name, as);
  };
  for (const e of body) {
    const assign = assignTarget(e);
    const kind = assign && unassignable(assign);
    if (kind) errors.push(diagnostic(DiagnosticCode.compile, `cannot assign to ${kind}`, assign.loc));
    else if (assign) for (const [name, v] of patternVars(assign)) declare(name, 'assigned', v.loc);
    // OPA locates a redeclaring `some` at the declaration.
    for (const name of someDeclared(e)) declare(name, 'declared', e.loc);
    for (const name of topLevelVars(e)) if (!occurs.has(name)) occurs.set(name, 'seen');
    nestedBodies(e).forEach((b) => checkBody(b, new Map(), errors));
  }
  unusedDeclarations(body, errors);
}

/** The vars `some x, y` or `some k, v in xs` declares (their patterns' vars). */
function someDeclared(e: Expr): Iterable<string> {
  if (e.type === 'some') return e.vars.map((v) => v.name);
  if (e.type !== 'somein') return [];
  const out = new Map<string, VarTerm>();
  patternVars(e.value).forEach((v, name) => out.set(name, v));
  if (e.key) patternVars(e.key).forEach((v, name) => out.set(name, v));
  return out.keys();
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
