/**
 * Type inference and checks over bodies: every term gets a type, calls are checked against their
 * function's type, unifications against each other, and refs against the structure they step into.
 * Vars are typed by their first binding; bodies are checked in the order the safety stage left them.
 */
import type { Body, CallTerm, Expr, Location, RefTerm, Term, With } from '../ast.js';
import type { Diagnostic } from '../diagnostics.js';
import { collectVars } from '../compile/resolve.js';
import { builtinType } from './decls.js';
import { Scope } from './env.js';
import { argError, argMismatch, matchError, undefinedRef, unsupportedRef, type RefWant } from './errors.js';
import { ANY, BOOLEAN, NULL, NUMBER, STRING, arrayOf, hasNil, objectOf, or, setOf, isTop, type StaticProperty, type Type } from './model.js';
import { keysOf, select, unifies, valuesOf, type Key } from './relations.js';

type FunctionType = Extract<Type, { kind: 'function' }>;

/** What a body needs from the program around it. */
export interface Globals {
  input: Type;
  /** The type a `data` ref reaches and the index of its first path step not yet accounted for. */
  dataRef(ref: RefTerm): { type: Type; next: number };
  /** A user function's type, or undefined when the ref names none. */
  userFunction(ref: RefTerm): FunctionType | undefined;
  report(d: Diagnostic): void;
}

/** Builtins whose arguments are not checked: the planner handles them itself. */
const UNCHECKED = new Set(['print', 'internal.print']);

export class BodyChecker {
  /** Types of terms whose typing reports errors (calls, refs, comprehensions): typed once. */
  private readonly memo = new Map<Term, Type | undefined>();

  constructor(private readonly g: Globals) {}

  body(body: Body, scope: Scope): void {
    for (const e of body) this.expr(e, scope);
  }

  private expr(e: Expr, scope: Scope): void {
    for (const w of e.with) this.withReplacement(w, scope);
    switch (e.type) {
      case 'some':
        e.vars.forEach((v) => scope.declare(v.name));
        return;
      case 'somein':
        return this.someIn(e.key, e.value, e.collection, e.loc, scope);
      case 'every': {
        const inner = scope.child();
        const domain = this.collectionType(e.domain, scope);
        if (e.key) { inner.declare(e.key.name); this.unify1(e.key, keysOf(domain) ?? ANY, false, inner); }
        inner.declare(e.value.name);
        this.unify1(e.value, valuesOf(domain) ?? ANY, false, inner);
        this.body(e.body, inner);
        return;
      }
      case 'term':
        if (e.term.type === 'call') return this.statementCall(e.term, e.loc, scope);
        this.typeOf(e.term, scope);
    }
  }

  /**
   * `with f as g`: a function replaced by a function must take what it takes (OPA's `arity
   * mismatch`, argument types included; the target's arguments are the `want`). A value may
   * replace any function, whatever its result type, as in OPA.
   */
  private withReplacement(w: With, scope: Scope): void {
    if (w.value.type !== 'var') this.typeOf(w.value, scope);
    const target = this.functionNamed(w.target, scope);
    const replacement = this.functionNamed(w.value, scope);
    if (!target || !replacement || target.variadic || replacement.variadic || unifies(target, replacement)) return;
    this.g.report(argMismatch(`${refName(w.target)}: arity mismatch`, w.loc, replacement.args, target.args));
  }

  /** The builtin or user function a `with` target or value names; a bound local names none. */
  private functionNamed(t: Term, scope: Scope): FunctionType | undefined {
    if (t.type === 'var') return scope.get(t.name) === undefined ? builtinType(t.name) : undefined;
    return t.type === 'ref' ? this.g.userFunction(t) : undefined;
  }

  private someIn(key: Term | undefined, value: Term, collection: Term, loc: Location, scope: Scope): void {
    const t = this.collectionType(collection, scope);
    const declared = new Set<string>();
    if (key) collectVars(key, declared);
    collectVars(value, declared);
    declared.forEach((v) => scope.declare(v));
    for (const [term, want] of [...(key ? [[key, keysOf(t) ?? ANY] as const] : []), [value, valuesOf(t) ?? ANY] as const]) {
      if (!this.unify1(term, want, false, scope)) this.g.report(matchError(loc, this.quiet(term, scope), want));
    }
  }

  private collectionType(t: Term, scope: Scope): Type {
    if (t.type === 'var' && scope.get(t.name) === undefined && t.name !== 'input' && t.name !== 'data') scope.set(t.name, ANY);
    return this.typeOf(t, scope) ?? ANY;
  }

  private statementCall(call: CallTerm, loc: Location, scope: Scope): void {
    const name = call.fn.type === 'var' ? call.fn.name : undefined;
    if (name === 'assign' || name === 'eq' || (name === 'equal' && call.args.length === 2)) {
      const [a, b] = call.args as [Term, Term];
      if (name === 'assign') {
        const declared = new Set<string>();
        collectVars(a, declared);
        declared.forEach((v) => scope.declare(v));
      }
      const ta = this.typeOf(a, scope);
      const tb = this.typeOf(b, scope);
      if (!this.unify2(a, ta, b, tb, scope)) this.g.report(matchError(loc, ta, tb));
      return;
    }
    this.call(call, loc, scope, false);
  }

  /** Checks a call; `nested` calls have an implicit output, shown as `???` among the args. */
  private call(call: CallTerm, loc: Location, scope: Scope, nested: boolean): Type {
    const name = call.fn.type === 'var' ? call.fn.name : undefined;
    const fn = name !== undefined ? builtinType(name) : call.fn.type === 'ref' ? this.g.userFunction(call.fn) : undefined;
    const pre = call.args.map((a) => this.typeOf(a, scope));
    if (!fn || (name !== undefined && UNCHECKED.has(name))) return fn?.result ?? ANY;
    const want = fn.result ? [...fn.args, fn.result] : fn.args;
    // More arguments than the function and its output take is the calls stage's arity error.
    if (!fn.variadic && call.args.length + (nested ? 1 : 0) > want.length) return ANY;
    for (let i = 0; i < call.args.length; i++) {
      const w = i < want.length ? want[i] : fn.variadic;
      if (this.unify1(call.args[i]!, w, false, scope)) continue;
      const post = call.args.map((a, j) => (j < pre.length ? this.quiet(a, scope) : undefined));
      if (nested) post.push(undefined);
      this.g.report(argError(name ?? refName(call.fn), loc, post, want, fn.variadic));
      return ANY;
    }
    return fn.result ?? BOOLEAN;
  }

  /** The term's type after what is known so far; errors inside it are reported once. */
  typeOf(t: Term, scope: Scope): Type | undefined {
    switch (t.type) {
      case 'null': return NULL;
      case 'boolean': return BOOLEAN;
      case 'number': return NUMBER;
      case 'string': return STRING;
      case 'var':
        if (t.name === 'input') return this.g.input;
        if (t.name === 'data') return ANY;
        return scope.get(t.name);
      case 'array':
        return arrayOf(undefined, t.items.map((i) => this.typeOf(i, scope)));
      case 'set': {
        let of: Type | undefined;
        for (const i of t.items) of = or(of, this.typeOf(i, scope));
        return setOf(of ?? ANY);
      }
      case 'object':
        return this.objectType(t.items, scope);
      default:
        return this.memoized(t, scope);
    }
  }

  private memoized(t: Term, scope: Scope): Type | undefined {
    if (this.memo.has(t)) return this.memo.get(t);
    let out: Type | undefined;
    switch (t.type) {
      case 'ref': out = this.refType(t, scope); break;
      case 'call': out = this.call(t, t.loc, scope, true); break;
      case 'arraycomp': {
        const inner = scope.child();
        this.body(t.body, inner);
        out = arrayOf(this.typeOf(t.head, inner) ?? ANY);
        break;
      }
      case 'setcomp': {
        const inner = scope.child();
        this.body(t.body, inner);
        out = setOf(this.typeOf(t.head, inner) ?? ANY);
        break;
      }
      case 'objectcomp': {
        const inner = scope.child();
        this.body(t.body, inner);
        out = objectOf([], { key: this.typeOf(t.key, inner) ?? ANY, value: this.typeOf(t.value, inner) ?? ANY });
        break;
      }
      default: out = ANY;
    }
    this.memo.set(t, out);
    return out;
  }

  /** Types a term for an error message without reporting anything twice. */
  private quiet(t: Term, scope: Scope): Type | undefined {
    return this.typeOf(t, scope);
  }

  private objectType(items: Array<[Term, Term]>, scope: Scope): Type {
    const props: StaticProperty[] = [];
    let dyn: { key: Type; value: Type } | undefined;
    for (const [k, v] of items) {
      const vt = this.typeOf(v, scope);
      if (k.type === 'string') { props.push({ key: k.value, value: vt }); continue; }
      const kt = this.typeOf(k, scope) ?? ANY;
      dyn = { key: or(dyn?.key, kt) ?? ANY, value: or(dyn?.value, vt ?? ANY) ?? ANY };
    }
    if (props.length === 0 && !dyn) return objectOf([], { key: ANY, value: ANY });
    return objectOf(props, dyn);
  }

  private refType(ref: RefTerm, scope: Scope): Type {
    const head = ref.head;
    if (head.type === 'var') {
      if (head.name === 'input') return this.walkRef(ref, this.g.input, 0, scope);
      if (head.name === 'data') {
        const { type, next } = this.g.dataRef(ref);
        return this.walkRef(ref, type, next, scope);
      }
      let t = scope.get(head.name);
      if (t === undefined) { scope.set(head.name, ANY); t = ANY; }
      return this.walkRef(ref, t, 0, scope);
    }
    return this.walkRef(ref, this.typeOf(head, scope) ?? ANY, 0, scope);
  }

  /** Steps through `ref.path` from `from`; a step no value of the type can take is reported. */
  private walkRef(ref: RefTerm, start: Type, from: number, scope: Scope): Type {
    let t = start;
    for (let i = from; i < ref.path.length; i++) {
      const step = ref.path[i]!;
      if (isTop(t)) {
        for (const s of ref.path.slice(i)) this.bindStep(s, ANY, scope);
        return ANY;
      }
      const keys = keysOf(t);
      if (!keys) { this.g.report(unsupportedRef(ref, i, t)); return ANY; }
      const key = constantKey(step);
      if (key) {
        const child = select(t, key);
        if (!child) { this.g.report(this.invalidStep(ref, i, step, t, keys)); return ANY; }
        t = child;
        continue;
      }
      if (step.type === 'var') {
        const exist = scope.get(step.name);
        if (exist && !unifies(exist, keys)) { this.g.report(undefinedRef(ref, i + 1, { type: exist }, wantedKeys(t, keys))); return ANY; }
        if (!exist) scope.set(step.name, keys);
      } else if (isComposite(step)) {
        if (!this.unify1(step, keys, false, scope)) { this.g.report(undefinedRef(ref, i + 1, { type: this.typeOf(step, scope) }, { type: keys, oneOf: [] })); return ANY; }
      } else {
        this.typeOf(step, scope);
      }
      t = valuesOf(t) ?? ANY;
    }
    return t;
  }

  private bindStep(step: Term, t: Type, scope: Scope): void {
    if (step.type === 'var') { if (scope.get(step.name) === undefined) scope.set(step.name, t); }
    else if (isComposite(step)) this.unify1(step, t, false, scope);
    else this.typeOf(step, scope);
  }

  private invalidStep(ref: RefTerm, i: number, step: Term, t: Type, keys: Type): Diagnostic {
    const want = wantedKeys(t, keys);
    const hint = want.oneOf.length > 0 && step.type === 'string' ? didYouMean(step.value, want.oneOf) : undefined;
    return undefinedRef(ref, i + 1, { term: step }, want, hint);
  }

  /** Binds vars in `term` to (parts of) `want`; false when the term cannot have that type. */
  unify1(term: Term, want: Type | undefined, union: boolean, scope: Scope): boolean {
    switch (term.type) {
      case 'array':
        if (want?.kind === 'array') {
          if (term.items.length !== want.static.length && !want.dynamic) return false;
          return term.items.every((item, i) => this.unify1(item, i < want.static.length ? want.static[i] : want.dynamic, union, scope));
        }
        return this.unifyAnyMembers(term, want, scope, (w) => (w ? term.items.every((i) => this.unify1(i, ANY, true, scope)) : false));
      case 'object':
        if (want?.kind === 'object') {
          if (term.items.length !== want.static.length && !want.dynamic) return false;
          return term.items.every(([k, v]) => {
            const key = constantKey(k);
            if (!key) return this.unify1(v, ANY, union, scope);
            const child = select(want, key);
            return child !== undefined && this.unify1(v, child, union, scope);
          });
        }
        return this.unifyAnyMembers(term, want, scope, (w) => (w ? term.items.every(([, v]) => this.unify1(v, ANY, true, scope)) : false));
      case 'set':
        if (want?.kind === 'set') return term.items.every((i) => this.unify1(i, want.of ?? ANY, union, scope));
        return this.unifyAnyMembers(term, want, scope, (w) => (w ? term.items.every((i) => this.unify1(i, ANY, true, scope)) : false));
      case 'var': {
        if (term.name === 'input' || term.name === 'data') return unifies(this.typeOf(term, scope), want);
        const exist = scope.get(term.name);
        if (union) { scope.set(term.name, or(exist, want)); return true; }
        if (exist) return unifies(exist, want);
        scope.set(term.name, want);
        return true;
      }
      default:
        return unifies(this.typeOf(term, scope), want);
    }
  }

  /** A composite literal against `any`: the top type takes it whole, a union if any member does. */
  private unifyAnyMembers(term: Term, want: Type | undefined, scope: Scope, top: (isTop: boolean) => boolean): boolean {
    if (want?.kind !== 'any') return false;
    if (want.of.length === 0) return top(true);
    let ok = false;
    for (const m of want.of) ok = this.unify1(term, m, true, scope) || ok;
    return ok;
  }

  /** Unification of two terms (`=`, `:=`, and `==` as an expression): binds what is unknown. */
  unify2(a: Term, ta: Type | undefined, b: Term, tb: Type | undefined, scope: Scope): boolean {
    const nilA = hasNil(ta);
    const nilB = hasNil(tb);
    if (nilA && !nilB) return this.unify1(a, tb, false, scope);
    if (nilB && !nilA) return this.unify1(b, ta, false, scope);
    if (!nilA && !nilB) return unifies(ta, tb);
    if (a.type === 'array' || a.type === 'object') return this.unify2Composite(a, b, scope);
    if (a.type === 'var') {
      if (b.type === 'var') return this.unify1(a, ANY, false, scope) && this.unify1(b, this.typeOf(a, scope), false, scope);
      if (b.type === 'array' || b.type === 'object') return this.unify2Composite(b, a, scope);
    }
    return false;
  }

  private unify2Composite(a: Extract<Term, { type: 'array' | 'object' }>, b: Term, scope: Scope): boolean {
    if (b.type === 'var') return this.unify1(a, ANY, false, scope) && this.unify1(b, this.typeOf(a, scope), false, scope);
    const pairs = compositePairs(a, b);
    if (!pairs) return false;
    return pairs.every(([x, y]) => this.unify2(x, this.typeOf(x, scope), y, this.typeOf(y, scope), scope));
  }
}

/** Matching items of two arrays of one length, or the values of two objects with the same keys. */
function compositePairs(a: Extract<Term, { type: 'array' | 'object' }>, b: Term): Array<[Term, Term]> | undefined {
  if (a.type === 'array') {
    if (b.type !== 'array' || b.items.length !== a.items.length) return undefined;
    return a.items.map((x, i) => [x, b.items[i]!]);
  }
  if (b.type !== 'object' || b.items.length !== a.items.length) return undefined;
  const pairs: Array<[Term, Term]> = [];
  for (const [k, v] of a.items) {
    const ka = constantText(k);
    const match = ka === undefined ? undefined : b.items.find(([kb]) => constantText(kb) === ka);
    if (!match) return undefined;
    pairs.push([v, match[1]]);
  }
  return pairs;
}

function isComposite(t: Term): boolean {
  return t.type === 'array' || t.type === 'object' || t.type === 'set';
}

function constantText(t: Term): string | undefined {
  switch (t.type) {
    case 'string': return `s${t.value}`;
    case 'number': return `n${Number(t.value)}`;
    case 'boolean': return `b${t.value}`;
    case 'null': return 'null';
    default: return undefined;
  }
}

function constantKey(t: Term): Key | undefined {
  switch (t.type) {
    case 'string': return { kind: 'string', value: t.value };
    case 'number': return { kind: 'number', value: Number(t.value) };
    case 'boolean': return { kind: 'other', type: BOOLEAN };
    case 'null': return { kind: 'other', type: NULL };
    default: return undefined;
  }
}

function staticKeys(t: Type): string[] {
  if (t.kind === 'object') return t.static.map((p) => p.key);
  if (t.kind === 'any') return [...new Set(t.of.flatMap(staticKeys))].sort();
  return [];
}

function refName(fn: Term): string {
  if (fn.type !== 'ref') return fn.type === 'var' ? fn.name : '?';
  const parts = [fn.head.type === 'var' ? fn.head.name : '?'];
  for (const p of fn.path) parts.push(p.type === 'string' ? p.value : '?');
  return parts.join('.');
}

/** A near miss among the keys (a typo: a third of the name at most), as a hint after OPA's lines. */
function didYouMean(have: string, keys: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Math.min(Math.max(1, Math.floor(have.length / 3)), have.length - 1) + 1;
  for (const k of keys) {
    const d = distance(have, k);
    if (d < bestD) { best = k; bestD = d; }
  }
  return best === undefined ? undefined : `hint: did you mean ${JSON.stringify(best)}?`;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** OPA lists the keys a step could have taken when the type has fixed keys, else their type. */
function wantedKeys(t: Type, keys: Type): RefWant {
  return { type: keys, oneOf: staticKeys(t) };
}
