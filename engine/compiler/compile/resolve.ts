/**
 * Stage: resolve names. Imports, rule names of the enclosing package and dotted builtin names
 * become explicit terms: a rule `p` of package `a.b` becomes the ref `data.a.b.p`, a call of
 * `time.now_ns` gets the var fn `time.now_ns`, and every `_` gets a unique name.
 * Local variables (declared with `some`, `:=`, `every`, function arguments, or simply unbound
 * names) are left as vars.
 */
import { isBuiltin } from '../check/builtins.js';
import { fnParts } from './walk.js';
import type { Body, Expr, Location, Module, RefTerm, Rule, Term, VarTerm, With } from '../ast.js';

interface Scope {
  pkg: string[];
  imports: Map<string, Term>;
  rules: Set<string>;
  locals: Set<string>;
}

export class Resolver {
  private wildcard = 0;
  private readonly rulesByPackage = new Map<string, Set<string>>();

  constructor(modules: Module[]) {
    for (const m of modules) {
      const key = m.package.path.join('\u0000');
      const names = this.rulesByPackage.get(key) ?? new Set<string>();
      for (const r of m.rules) {
        const head = r.head.ref[0];
        if (head?.type === 'var') names.add(head.name);
      }
      this.rulesByPackage.set(key, names);
    }
  }

  resolveRule(rule: Rule, mod: Module): Rule {
    const scope = this.moduleScope(mod);
    const locals = new Set<string>();
    for (const a of rule.head.args ?? []) collectVars(a, locals);
    declaredIn(rule.body, locals);
    const s: Scope = { ...scope, locals };
    return this.rewriteRule(rule, s);
  }

  /** `context`: the package and imports the query is read in (compile/query-context.ts). */
  resolveQuery(body: Body, context?: Module): Body {
    const locals = new Set<string>();
    declaredIn(body, locals);
    const scope = context ? this.moduleScope(context) : { pkg: [], imports: new Map<string, Term>(), rules: new Set<string>() };
    return this.body(body, { ...scope, locals });
  }

  private rewriteRule(rule: Rule, s: Scope): Rule {
    const head = rule.head;
    const out: Rule = {
      default: rule.default,
      loc: rule.loc,
      ...(rule.annotations ? { annotations: rule.annotations } : {}),
      body: this.body(rule.body, s),
      head: {
        ref: head.ref.map((t, i) => (i === 0 ? t : this.term(t, s))),
        assign: head.assign,
        loc: head.loc,
        ...(head.args ? { args: head.args.map((a) => this.term(a, s)) } : {}),
        ...(head.value ? { value: this.term(head.value, s) } : {}),
        ...(head.contains ? { contains: this.term(head.contains, s) } : {}),
      },
    };
    if (rule.else) {
      const elseLocals = new Set(s.locals);
      declaredIn(rule.else.body, elseLocals);
      out.else = this.rewriteRule({ ...rule.else, head: { ...rule.else.head, args: rule.head.args } }, { ...s, locals: elseLocals });
    }
    return out;
  }

  private moduleScope(mod: Module): Omit<Scope, 'locals'> {
    const imports = new Map<string, Term>();
    for (const imp of mod.imports) {
      const root = imp.path.type === 'var' ? imp.path.name : imp.path.head.type === 'var' ? imp.path.head.name : '';
      if (root !== 'data' && root !== 'input') continue;
      const last = imp.path.type === 'var' ? imp.path : imp.path.path[imp.path.path.length - 1];
      const name = imp.alias ?? (last?.type === 'string' ? last.value : last?.type === 'var' ? last.name : root);
      imports.set(name, imp.path);
    }
    return { pkg: mod.package.path, imports, rules: this.rulesByPackage.get(mod.package.path.join('\u0000')) ?? new Set() };
  }

  private body(body: Body, s: Scope): Body {
    return body.map((e) => this.expr(e, s));
  }

  private expr(e: Expr, s: Scope): Expr {
    const withs = e.with.map((w): With => ({ target: this.withTarget(w.target, s), value: this.withValue(w.value, s), loc: w.loc }));
    switch (e.type) {
      case 'term':
        return { ...e, with: withs, term: this.term(e.term, s) };
      case 'some':
        return { ...e, with: withs };
      case 'somein':
        return { ...e, with: withs, collection: this.term(e.collection, s), value: this.term(e.value, s), ...(e.key ? { key: this.term(e.key, s) } : {}) };
      case 'every': {
        const locals = new Set(s.locals);
        if (e.key) locals.add(e.key.name);
        locals.add(e.value.name);
        declaredIn(e.body, locals);
        const inner = { ...s, locals };
        return { ...e, with: withs, domain: this.term(e.domain, s), body: this.body(e.body, inner), key: e.key ? (this.term(e.key, inner) as VarTerm) : undefined, value: this.term(e.value, inner) as VarTerm };
      }
    }
  }

  private nested(body: Body, s: Scope): Scope {
    const locals = new Set(s.locals);
    declaredIn(body, locals);
    return { ...s, locals };
  }

  term(t: Term, s: Scope): Term {
    switch (t.type) {
      case 'var':
        return this.var(t, s);
      case 'ref':
        return this.ref(t, s);
      case 'array':
        return { ...t, items: t.items.map((i) => this.term(i, s)) };
      case 'set':
        return { ...t, items: t.items.map((i) => this.term(i, s)) };
      case 'object':
        return { ...t, items: t.items.map(([k, v]) => [this.term(k, s), this.term(v, s)] as [Term, Term]) };
      case 'arraycomp':
      case 'setcomp': {
        const inner = this.nested(t.body, s);
        return { ...t, head: this.term(t.head, inner), body: this.body(t.body, inner) };
      }
      case 'objectcomp': {
        const inner = this.nested(t.body, s);
        return { ...t, key: this.term(t.key, inner), value: this.term(t.value, inner), body: this.body(t.body, inner) };
      }
      case 'call':
        return { ...t, fn: this.fn(t.fn, s), args: t.args.map((a) => this.term(a, s)) };
      default:
        return t;
    }
  }

  private var(t: VarTerm, s: Scope): Term {
    if (t.name === '_') return { type: 'var', name: `$_${this.wildcard++}`, loc: t.loc };
    // A v0 body may declare a local named input or data (`data := 1`): it shadows the document.
    if (s.locals.has(t.name)) return t.name === 'input' || t.name === 'data' ? { ...t, name: `$local_${t.name}` } : t;
    if (t.name === 'input' || t.name === 'data') return t;
    const imported = s.imports.get(t.name);
    if (imported) return relocate(imported, t.loc);
    if (s.rules.has(t.name)) return dataRef([...s.pkg, t.name], t.loc);
    return t;
  }

  private ref(t: RefTerm, s: Scope): Term {
    const head = this.term(t.head, s);
    const path = t.path.map((p) => this.term(p, s));
    if (head.type === 'ref') return { type: 'ref', head: head.head, path: [...head.path, ...path], loc: t.loc };
    return { type: 'ref', head, path, loc: t.loc };
  }

  /** `with` targets: input and data refs stay refs; anything else names a function or builtin. */
  private withTarget(t: Term, s: Scope): Term {
    if (t.type !== 'var' && t.type !== 'ref') return t;
    const root = t.type === 'var' ? t.name : t.head.type === 'var' ? t.head.name : '';
    if (root === 'input' || root === 'data') return this.term(t, s);
    if (s.imports.has(root)) return this.term(t, s);
    return this.fn(t, s);
  }

  /** A `with` value naming a builtin (`with count as object.union_n`) is that builtin, not a ref. */
  private withValue(t: Term, s: Scope): Term {
    const parts = t.type === 'var' || t.type === 'ref' ? fnParts(t) : undefined;
    const root = parts?.[0];
    if (parts && root && !s.locals.has(root) && !s.imports.has(root) && !s.rules.has(root) && isBuiltin(parts.join('.'))) {
      return { type: 'var', name: parts.join('.'), loc: t.loc };
    }
    return this.term(t, s);
  }

  /** Function names: user functions become data refs; anything else is a builtin name. */
  private fn(fn: VarTerm | RefTerm, s: Scope): VarTerm | RefTerm {
    const parts = fnParts(fn);
    if (!parts) return fn;
    const [root, ...rest] = parts;
    if (root === 'data') return dataRef(rest, fn.loc);
    if (!s.locals.has(root!)) {
      const imported = s.imports.get(root!);
      if (imported) {
        const r = this.ref({ type: 'ref', head: imported, path: rest.map((p) => str(p, fn.loc)), loc: fn.loc }, s);
        if (r.type === 'ref') return r;
      }
      if (s.rules.has(root!)) return dataRef([...s.pkg, ...parts], fn.loc);
    }
    return { type: 'var', name: parts.join('.'), loc: fn.loc };
  }
}

function str(value: string, loc: Location): Term {
  return { type: 'string', value, loc };
}

export function dataRef(path: string[], loc: Location): RefTerm {
  return { type: 'ref', head: { type: 'var', name: 'data', loc }, path: path.map((p) => str(p, loc)), loc };
}

function relocate(t: Term, loc: Location): Term {
  return { ...t, loc };
}

/** Names a body declares for itself: `some x`, `x := ...`, `some k, v in ...`. */
function declaredIn(body: Body, out: Set<string>): void {
  for (const e of body) {
    if (e.type === 'some') for (const v of e.vars) out.add(v.name);
    if (e.type === 'somein') {
      if (e.key) collectVars(e.key, out);
      collectVars(e.value, out);
    }
    if (e.type === 'term' && e.term.type === 'call' && e.term.fn.type === 'var' && e.term.fn.name === 'assign') {
      collectVars(e.term.args[0]!, out);
    }
  }
}

/** Vars in pattern positions: bare vars and vars inside array/object/set literals. */
export function collectVars(t: Term, out: Set<string>): void {
  if (t.type === 'var') out.add(t.name);
  else if (t.type === 'array' || t.type === 'set') t.items.forEach((i) => collectVars(i, out));
  else if (t.type === 'object') t.items.forEach(([, v]) => collectVars(v, out));
}
