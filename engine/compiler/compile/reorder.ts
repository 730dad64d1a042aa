/**
 * Stage: safety. Reorders each body so every expression's inputs are bound by the expressions
 * before it (as OPA does), and reports vars that nothing can bind as rego_unsafe_var_error.
 */
import type { Body, Expr, Location, Rule, Term, VarTerm } from '../ast.js';
import { DiagnosticCode, diagnostic, type Diagnostic } from '../diagnostics.js';
import { isBuiltin } from '../check/builtins.js';
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
  const pairs = literalPairs(a, b);
  if (pairs) {
    let needs = new Map<string, VarTerm>();
    const binds = new Set<string>();
    const local = new Set(bound);
    pairs.forEach(([x, y]) => {
      const r = unifyAnalysis(x, y, local, names);
      needs = merge(needs, r.needs);
      r.binds.forEach((n) => { binds.add(n); local.add(n); });
    });
    return { needs: missing(needs, binds), binds };
  }
  return { needs: merge(sideA, sideB), binds: new Set() };
}

function fnName(t: Extract<Term, { type: 'call' }>): string | undefined {
  if (t.fn.type === 'var') return t.fn.name;
  if (t.fn.head.type !== 'var') return undefined;
  const parts = [t.fn.head.name];
  for (const p of t.fn.path) {
    if (p.type !== 'string') return undefined;
    parts.push(p.value);
  }
  return parts.join('.');
}

/**
 * The element pairs of two array literals of one length, or of two object literals with the
 * same ground keys; undefined when the two literals cannot be unified element by element.
 */
export function literalPairs(a: Term, b: Term): Array<[Term, Term]> | undefined {
  if (a.type === 'array' && b.type === 'array') {
    return a.items.length === b.items.length ? a.items.map((x, i) => [x, b.items[i]!]) : undefined;
  }
  if (a.type !== 'object' || b.type !== 'object' || a.items.length !== b.items.length) return undefined;
  const key = (k: Term): string | undefined => (k.type === 'string' || k.type === 'number' || k.type === 'boolean' ? `${k.type}:${String(k.value)}` : k.type === 'null' ? 'null' : undefined);
  const byKey = new Map(b.items.map(([k, v]) => [key(k), v] as const));
  const out: Array<[Term, Term]> = [];
  for (const [k, v] of a.items) {
    const other = key(k) !== undefined ? byKey.get(key(k)) : undefined;
    if (!other) return undefined;
    out.push([v, other]);
  }
  return out;
}

/** The declared arity of a builtin or user function (`data.pkg.f`), undefined when unknown. */
export type ArityOf = (name: string) => number | undefined;

function termAnalysis(t: Term, bound: Set<string>, names: Set<string>, arityOf: ArityOf): Analysis {
  const unify = callNamed(t, 'assign') ?? callNamed(t, 'eq');
  if (unify) return unifyAnalysis(unify.args[0]!, unify.args[1]!, bound, names);
  const fn = t.type === 'call' ? fnName(t) : undefined;
  const arity = fn === undefined ? undefined : arityOf(fn);
  if (t.type === 'call' && arity !== undefined && t.args.length === arity + 1) {
    const ins = t.args.slice(0, -1).map((a) => evalInputs(a, names));
    const out = t.args[t.args.length - 1]!;
    return { needs: missing(merge(...ins, patternInputs(out, names)), bound), binds: keys(patternVars(out), ...t.args.map((a) => refKeyVars(a))) };
  }
  const rk = refKeyVars(t);
  const needs = missing(evalInputs(t, names), bound);
  for (const k of rk.keys()) needs.delete(k);
  return { needs, binds: keys(rk) };
}

/** Where each var declared with `:=` or `some` is declared (expression index). */
function declarations(body: Body): Map<string, number> {
  const out = new Map<string, number>();
  body.forEach((e, i) => {
    const names = new Set<string>();
    if (e.type === 'some') e.vars.forEach((v) => names.add(v.name));
    const assign = e.type === 'term' ? callNamed(e.term, 'assign') : undefined;
    if (assign) patternVars(assign.args[0]!).forEach((_, n) => names.add(n));
    for (const n of names) if (!out.has(n)) out.set(n, i);
  });
  return out;
}

export class Reorderer {
  readonly errors: Diagnostic[] = [];
  constructor(private readonly arityOf: ArityOf) {}

  rule(rule: Rule, initiallyBound: Set<string>): Rule {
    const bound = new Set(initiallyBound);
    for (const a of rule.head.args ?? []) patternVars(a).forEach((_, n) => bound.add(n));
    const names = new Set(bound);
    const body = this.body(rule.body, bound, names);
    for (const t of [rule.head.value, rule.head.contains, ...rule.head.ref.slice(1)]) {
      if (!t) continue;
      this.reportUnsafe(missing(merge(evalInputs(t, names), refKeyVars(t)), bound), rule.loc);
    }
    // Only fields the head has are set: V8 adds a field to a spread copy on a slow path (us per rule).
    const head = { ...rule.head };
    if (rule.head.value) head.value = this.term(rule.head.value, bound, names);
    if (rule.head.contains) head.contains = this.term(rule.head.contains, bound, names);
    const out: Rule = { ...rule, body, head };
    if (rule.else) out.else = this.rule(rule.else, initiallyBound);
    return out;
  }

  query(body: Body): Body {
    return this.body(body, new Set(), new Set());
  }

  /** Reorders `body` in place of `bound` (which it extends with what the body binds). */
  body(body: Body, bound: Set<string>, outer: Set<string>): Body {
    const used = new Map<string, VarTerm>();
    bodyVars(body, used, new Set(), true);
    const all = new Set([...outer, ...used.keys()]);
    const declaredAt = declarations(body);
    // a var declared with := or some is in scope only from its declaration on
    const namesAt = (i: number): Set<string> => new Set([...all].filter((n) => !(declaredAt.get(n)! >= i) || outer.has(n)));
    const pending = body.map((e, i) => ({ e, names: namesAt(i) }));
    const out: Expr[] = [];
    while (pending.length > 0) {
      const i = pending.findIndex((p) => this.analyze(p.e, bound, p.names).needs.size === 0);
      if (i < 0) {
        // As OPA: every expression left unsafe is reported, each var once, at the start of the
        // first expression it is unsafe in (OPA's location, not the var's own).
        const reported = new Set<string>();
        for (const p of pending) this.reportUnsafe(this.analyze(p.e, bound, p.names).needs, p.e.loc, reported);
        return [...out, ...pending.map((p) => p.e)];
      }
      const [{ e, names }] = pending.splice(i, 1) as [{ e: Expr; names: Set<string> }];
      const a = this.analyze(e, bound, names);
      out.push(this.nestedBodies(e, bound, names));
      a.binds.forEach((n) => bound.add(n));
    }
    return out;
  }

  private analyze(e: Expr, bound: Set<string>, names: Set<string>): Analysis {
    // a builtin named as a `with` replacement (`with count as sum`) is a function, not a var
    const withNeeds = merge(...e.with.filter((w) => !(w.value.type === 'var' && isBuiltin(w.value.name) && !bound.has(w.value.name))).map((w) => evalInputs(w.value, names)));
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
        if (!e.negated) return termAnalysis(e.term, bound, names, this.arityOf);
        // A negated expression binds nothing, so a ref key (`not x[v]`) must be bound before it,
        // as every other var in it; only wildcards may stay free.
        const needs = missing(merge(evalInputs(e.term, names), patternVars(e.term), refKeyVars(e.term)), bound);
        for (const [n] of needs) if (isWildcard(n)) needs.delete(n);
        return { needs, binds: new Set() };
      }
    }
  }

  private nestedBodies(e: Expr, bound: Set<string>, names: Set<string>): Expr {
    switch (e.type) {
      case 'term': {
        const term = this.term(e.term, bound, names);
        return term === e.term ? e : { ...e, term };
      }
      case 'somein': {
        const collection = this.term(e.collection, bound, names);
        return collection === e.collection ? e : { ...e, collection };
      }
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

  /**
   * Reorders the bodies of comprehensions inside a term; their closure vars are bound by now.
   * A term with no comprehension in it is returned as it is, not copied.
   */
  private term(t: Term, bound: Set<string>, names: Set<string>): Term {
    switch (t.type) {
      case 'arraycomp':
      case 'setcomp':
        return { ...t, body: this.body(t.body, new Set(bound), names) };
      case 'objectcomp':
        return { ...t, body: this.body(t.body, new Set(bound), names) };
      case 'ref': {
        const head = this.term(t.head, bound, names);
        const path = this.terms(t.path, bound, names);
        return head === t.head && path === t.path ? t : { ...t, head, path };
      }
      case 'call': {
        const args = this.terms(t.args, bound, names);
        return args === t.args ? t : { ...t, args };
      }
      case 'array':
      case 'set': {
        const items = this.terms(t.items, bound, names);
        return items === t.items ? t : { ...t, items };
      }
      case 'object': {
        const givenKeys = t.items.map(([k]) => k);
        const givenValues = t.items.map(([, v]) => v);
        const keys = this.terms(givenKeys, bound, names);
        const values = this.terms(givenValues, bound, names);
        if (keys === givenKeys && values === givenValues) return t;
        return { ...t, items: keys.map((k, i) => [k, values[i]!] as [Term, Term]) };
      }
      default:
        return t;
    }
  }

  /** `this.term` of each; the same array when none changed. */
  private terms(list: Term[], bound: Set<string>, names: Set<string>): Term[] {
    let out: Term[] | undefined;
    for (let i = 0; i < list.length; i++) {
      const next = this.term(list[i]!, bound, names);
      if (out) out.push(next);
      else if (next !== list[i]) out = [...list.slice(0, i), next];
    }
    return out ?? list;
  }

  /** At `at`: OPA places the error at the expression (or, for a rule head, the rule), not the var. */
  private reportUnsafe(vars: Map<string, VarTerm>, at: Location, reported = new Set<string>()): void {
    for (const name of vars.keys()) {
      if (isWildcard(name) || reported.has(name)) continue;
      reported.add(name);
      this.errors.push(diagnostic(DiagnosticCode.unsafeVar, `var ${name} is unsafe`, at));
    }
  }
}
