/**
 * Stage: safety. Reorders each body so every expression's inputs are bound by the expressions
 * before it (as OPA does), and reports vars that nothing can bind as rego_unsafe_var_error.
 */
import type { Body, Expr, Rule, Term, VarTerm } from '../ast.js';
import { DiagnosticCode, diagnostic, type Diagnostic } from '../diagnostics.js';
import { bodyVars, evalInputs, isWildcard, patternInputs, patternVars, refKeyVars } from './vars.js';

interface Analysis { needs: Map<string, VarTerm>; binds: Set<string> }

function callNamed(t: Term, name: string): Extract<Term, { type: 'call' }> | undefined {
  return t.type === 'call' && t.fn.type === 'var' && t.fn.name === name ? t : undefined;
}

function missing(vars: Map<string, VarTerm>, bound: Set<string>): Map<string, VarTerm> {
  const out = new Map<string, VarTerm>();
  for (const [n, v] of vars) if (!bound.has(n)) out.set(n, v);
  return out;
}

function merge(...maps: Map<string, VarTerm>[]): Map<string, VarTerm> {
  const out = new Map<string, VarTerm>();
  for (const m of maps) for (const [k, v] of m) if (!out.has(k)) out.set(k, v);
  return out;
}

function keys(...maps: Map<string, VarTerm>[]): Set<string> {
  const s = new Set<string>();
  for (const m of maps) for (const k of m.keys()) s.add(k);
  return s;
}

function unifyAnalysis(a: Term, b: Term, bound: Set<string>, names: Set<string>): Analysis {
  const ia = evalInputs(a, names);
  const ib = evalInputs(b, names);
  const sideA = missing(merge(ia), bound);
  const sideB = missing(merge(ib), bound);
  if (sideA.size === 0) return { needs: missing(patternInputs(b, names), bound), binds: keys(patternVars(b), refKeyVars(a), refKeyVars(b)) };
  if (sideB.size === 0) return { needs: missing(patternInputs(a, names), bound), binds: keys(patternVars(a), refKeyVars(a), refKeyVars(b)) };
  if (a.type === 'array' && b.type === 'array' && a.items.length === b.items.length) {
    let needs = new Map<string, VarTerm>();
    const binds = new Set<string>();
    const local = new Set(bound);
    a.items.forEach((x, i) => {
      const r = unifyAnalysis(x, b.items[i]!, local, names);
      needs = merge(needs, r.needs);
      r.binds.forEach((n) => { binds.add(n); local.add(n); });
    });
    return { needs: missing(needs, binds), binds };
  }
  return { needs: merge(sideA, sideB), binds: new Set() };
}

function termAnalysis(t: Term, bound: Set<string>, names: Set<string>, decls: Map<string, number>): Analysis {
  const unify = callNamed(t, 'assign') ?? callNamed(t, 'eq');
  if (unify) return unifyAnalysis(unify.args[0]!, unify.args[1]!, bound, names);
  if (t.type === 'call' && t.fn.type === 'var' && decls.has(t.fn.name) && t.args.length === decls.get(t.fn.name)! + 1) {
    const ins = t.args.slice(0, -1).map((a) => evalInputs(a, names));
    const out = t.args[t.args.length - 1]!;
    return { needs: missing(merge(...ins, patternInputs(out, names)), bound), binds: keys(patternVars(out), ...t.args.map((a) => refKeyVars(a))) };
  }
  const rk = refKeyVars(t);
  const needs = missing(evalInputs(t, names), bound);
  for (const k of rk.keys()) needs.delete(k);
  return { needs, binds: keys(rk) };
}

export class Reorderer {
  readonly errors: Diagnostic[] = [];
  constructor(private readonly arities: Map<string, number>) {}

  rule(rule: Rule, initiallyBound: Set<string>): Rule {
    const bound = new Set(initiallyBound);
    for (const a of rule.head.args ?? []) patternVars(a).forEach((_, n) => bound.add(n));
    const names = new Set(bound);
    for (const t of [rule.head.value, rule.head.contains, ...rule.head.ref.slice(1)]) if (t) evalInputs(t, new Set()).forEach((_, n) => names.add(n));
    const body = this.body(rule.body, bound, names);
    for (const t of [rule.head.value, rule.head.contains, ...rule.head.ref.slice(1)]) {
      if (!t) continue;
      this.reportUnsafe(missing(merge(evalInputs(t, names), refKeyVars(t)), bound));
    }
    const out: Rule = { ...rule, body, head: { ...rule.head, value: rule.head.value && this.term(rule.head.value, bound, names), contains: rule.head.contains && this.term(rule.head.contains, bound, names) } };
    if (rule.else) out.else = this.rule(rule.else, initiallyBound);
    return out;
  }

  query(body: Body): Body {
    return this.body(body, new Set(), new Set());
  }

  /** Reorders `body` in place of `bound` (which it extends with what the body binds). */
  body(body: Body, bound: Set<string>, outer: Set<string>): Body {
    const used = new Map<string, VarTerm>();
    bodyVars(body, used, new Set());
    const names = new Set([...outer, ...used.keys()]);
    const pending = [...body];
    const out: Expr[] = [];
    while (pending.length > 0) {
      const i = pending.findIndex((e) => this.analyze(e, bound, names).needs.size === 0);
      if (i < 0) {
        this.reportUnsafe(this.analyze(pending[0]!, bound, names).needs);
        return [...out, ...pending];
      }
      const [e] = pending.splice(i, 1);
      const a = this.analyze(e!, bound, names);
      out.push(this.nestedBodies(e!, bound, names));
      a.binds.forEach((n) => bound.add(n));
    }
    return out;
  }

  private analyze(e: Expr, bound: Set<string>, names: Set<string>): Analysis {
    const withNeeds = merge(...e.with.map((w) => evalInputs(w.value, names)));
    const a = this.exprAnalysis(e, bound, names);
    return { needs: merge(a.needs, missing(withNeeds, bound)), binds: a.binds };
  }

  private exprAnalysis(e: Expr, bound: Set<string>, names: Set<string>): Analysis {
    switch (e.type) {
      case 'some':
        return { needs: new Map(), binds: new Set() };
      case 'somein': {
        const needs = missing(merge(evalInputs(e.collection, names), e.key ? patternInputs(e.key, names) : new Map(), patternInputs(e.value, names)), bound);
        return { needs, binds: keys(e.key ? patternVars(e.key) : new Map(), patternVars(e.value), refKeyVars(e.collection)) };
      }
      case 'every': {
        const inner = new Map<string, VarTerm>();
        const declared = new Set<string>([e.value.name, ...(e.key ? [e.key.name] : [])]);
        bodyVars(e.body, inner, declared);
        const closure = new Map([...inner].filter(([n]) => !declared.has(n) && names.has(n) && !isWildcard(n)));
        const domain = missing(evalInputs(e.domain, names), bound);
        for (const k of refKeyVars(e.domain).keys()) domain.delete(k);
        return { needs: merge(domain, missing(closure, bound)), binds: keys(refKeyVars(e.domain)) };
      }
      case 'term': {
        if (!e.negated) return termAnalysis(e.term, bound, names, this.arities);
        const needs = missing(merge(evalInputs(e.term, names), patternVars(e.term)), bound);
        for (const [n] of needs) if (isWildcard(n)) needs.delete(n);
        for (const k of refKeyVars(e.term).keys()) if (isWildcard(k)) needs.delete(k);
        return { needs, binds: new Set() };
      }
    }
  }

  private nestedBodies(e: Expr, bound: Set<string>, names: Set<string>): Expr {
    switch (e.type) {
      case 'term':
        return { ...e, term: this.term(e.term, bound, names) };
      case 'somein':
        return { ...e, collection: this.term(e.collection, bound, names) };
      case 'every': {
        const inner = new Set(bound);
        if (e.key) inner.add(e.key.name);
        inner.add(e.value.name);
        return { ...e, domain: this.term(e.domain, bound, names), body: this.body(e.body, inner, names) };
      }
      default:
        return e;
    }
  }

  /** Reorders the bodies of comprehensions inside a term; their closure vars are bound by now. */
  private term(t: Term, bound: Set<string>, names: Set<string>): Term {
    switch (t.type) {
      case 'arraycomp':
      case 'setcomp':
        return { ...t, body: this.body(t.body, new Set(bound), names) };
      case 'objectcomp':
        return { ...t, body: this.body(t.body, new Set(bound), names) };
      case 'ref':
        return { ...t, head: this.term(t.head, bound, names), path: t.path.map((p) => this.term(p, bound, names)) };
      case 'call':
        return { ...t, args: t.args.map((a) => this.term(a, bound, names)) };
      case 'array':
      case 'set':
        return { ...t, items: t.items.map((i) => this.term(i, bound, names)) };
      case 'object':
        return { ...t, items: t.items.map(([k, v]) => [this.term(k, bound, names), this.term(v, bound, names)] as [Term, Term]) };
      default:
        return t;
    }
  }

  private reportUnsafe(vars: Map<string, VarTerm>): void {
    for (const [name, v] of vars) {
      if (isWildcard(name)) continue;
      this.errors.push(diagnostic(DiagnosticCode.unsafeVar, `var ${name} is unsafe`, v.loc));
    }
  }
}
