/**
 * Variable analysis used by the safety stage and the planner: which vars a term needs bound
 * before it can be evaluated, and which it can bind.
 */
import type { Body, Expr, Term, VarTerm } from '../ast.js';

export const ROOTS = new Set(['input', 'data']);

export function isWildcard(name: string): boolean {
  return name.startsWith('$_');
}

// Indexed loops, not forEach: the safety stage and the planner run these on every term of every
// rule, mostly before V8 has optimised them, where a closure per node costs more than the visit.

/** Vars that must be bound to evaluate `t` as a value. Ref keys that are vars are outputs, not inputs. */
export function evalInputs(t: Term, outer: ReadonlySet<string>, out = new Map<string, VarTerm>()): Map<string, VarTerm> {
  switch (t.type) {
    case 'var':
      if (!ROOTS.has(t.name) && !out.has(t.name)) out.set(t.name, t);
      break;
    case 'ref':
      evalInputs(t.head, outer, out);
      for (const p of t.path) if (p.type !== 'var') patternInputs(p, outer, out);
      break;
    case 'call':
      for (let i = 0; i < t.args.length; i++) evalInputs(t.args[i]!, outer, out);
      break;
    case 'array':
    case 'set':
      for (let i = 0; i < t.items.length; i++) evalInputs(t.items[i]!, outer, out);
      break;
    case 'object':
      for (let i = 0; i < t.items.length; i++) {
        evalInputs(t.items[i]![0], outer, out);
        evalInputs(t.items[i]![1], outer, out);
      }
      break;
    case 'arraycomp':
    case 'setcomp':
    case 'objectcomp':
      closureVars(t, outer, out);
      break;
    default:
      break;
  }
  return out;
}

/** Vars a ref inside `t` can bind by iteration (`a[i]` binds i). */
export function refKeyVars(t: Term, out = new Map<string, VarTerm>()): Map<string, VarTerm> {
  switch (t.type) {
    case 'ref':
      refKeyVars(t.head, out);
      for (const p of t.path) {
        if (p.type === 'var') { if (!out.has(p.name)) out.set(p.name, p); }
        else {
          if (p.type === 'array' || p.type === 'object') patternVars(p, out);
          refKeyVars(p, out);
        }
      }
      break;
    case 'call':
      for (let i = 0; i < t.args.length; i++) refKeyVars(t.args[i]!, out);
      break;
    case 'array':
    case 'set':
      for (let i = 0; i < t.items.length; i++) refKeyVars(t.items[i]!, out);
      break;
    case 'object':
      for (let i = 0; i < t.items.length; i++) {
        refKeyVars(t.items[i]![0], out);
        refKeyVars(t.items[i]![1], out);
      }
      break;
    default:
      break;
  }
  return out;
}

/** Vars in pattern positions (bare, or inside array/object literals): what unification can bind. */
export function patternVars(t: Term, out = new Map<string, VarTerm>()): Map<string, VarTerm> {
  if (t.type === 'var') { if (!ROOTS.has(t.name) && !out.has(t.name)) out.set(t.name, t); }
  else if (t.type === 'array') for (let i = 0; i < t.items.length; i++) patternVars(t.items[i]!, out);
  else if (t.type === 'object') for (let i = 0; i < t.items.length; i++) patternVars(t.items[i]![1], out);
  return out;
}

/** Inputs of a pattern: what must be bound in its non-pattern parts (refs, calls, object keys). */
export function patternInputs(t: Term, outer: ReadonlySet<string>, out = new Map<string, VarTerm>()): Map<string, VarTerm> {
  if (t.type === 'var') return out;
  if (t.type === 'array') {
    for (let i = 0; i < t.items.length; i++) patternInputs(t.items[i]!, outer, out);
    return out;
  }
  if (t.type === 'object') {
    for (let i = 0; i < t.items.length; i++) {
      evalInputs(t.items[i]![0], outer, out);
      patternInputs(t.items[i]![1], outer, out);
    }
    return out;
  }
  return evalInputs(t, outer, out);
}

const NO_OUTER: ReadonlySet<string> = new Set();

/** Every var occurring in a term, at any depth, excluding nested bodies. */
export function allVars(t: Term, out = new Map<string, VarTerm>()): Map<string, VarTerm> {
  patternVars(t, out);
  evalInputs(t, NO_OUTER, out);
  refKeyVars(t, out);
  return out;
}

/** Vars of a comprehension (or every body) that refer to an enclosing scope. */
export function closureVars(t: Term, outer: ReadonlySet<string>, out: Map<string, VarTerm>): void {
  const used = new Map<string, VarTerm>();
  const declared = new Set<string>();
  if (t.type === 'objectcomp') { allVars(t.key, used); allVars(t.value, used); bodyVars(t.body, used, declared); }
  else if (t.type === 'arraycomp' || t.type === 'setcomp') { allVars(t.head, used); bodyVars(t.body, used, declared); }
  for (const [name, v] of used) if (outer.has(name) && !declared.has(name) && !out.has(name)) out.set(name, v);
}

/**
 * All vars used in a body and the ones it declares locally. With `topLevel`, vars used only
 * inside nested comprehensions and `every` bodies are left out: those are the names that make
 * a nested var a closure var.
 */
export function bodyVars(body: Body, used: Map<string, VarTerm>, declared: Set<string>, topLevel = false): void {
  for (const e of body) exprVars(e, used, declared, topLevel);
}

function exprVars(e: Expr, used: Map<string, VarTerm>, declared: Set<string>, topLevel: boolean): void {
  for (const w of e.with) allVars(w.value, used);
  switch (e.type) {
    case 'term':
      if (e.term.type === 'call' && e.term.fn.type === 'var' && e.term.fn.name === 'assign') {
        patternVars(e.term.args[0]!).forEach((_, n) => declared.add(n));
      }
      allVars(e.term, used);
      if (!topLevel) nestedVars(e.term, used);
      break;
    case 'some':
      e.vars.forEach((v) => declared.add(v.name));
      break;
    case 'somein':
      if (e.key) { allVars(e.key, used); patternVars(e.key).forEach((_, n) => declared.add(n)); }
      allVars(e.value, used);
      patternVars(e.value).forEach((_, n) => declared.add(n));
      allVars(e.collection, used);
      break;
    case 'every': {
      allVars(e.domain, used);
      if (topLevel) break;
      const inner = new Map<string, VarTerm>();
      const innerDeclared = new Set<string>([e.value.name, ...(e.key ? [e.key.name] : [])]);
      bodyVars(e.body, inner, innerDeclared);
      for (const [n, v] of inner) if (!innerDeclared.has(n) && !used.has(n)) used.set(n, v);
      break;
    }
  }
}

/** Vars used inside comprehensions nested in `x`, minus the ones they declare. */
function nestedVars(x: Term, used: Map<string, VarTerm>): void {
  if (x.type === 'arraycomp' || x.type === 'setcomp' || x.type === 'objectcomp') {
    const inner = new Map<string, VarTerm>();
    const declared = new Set<string>();
    if (x.type === 'objectcomp') { allVars(x.key, inner); allVars(x.value, inner); } else allVars(x.head, inner);
    bodyVars(x.body, inner, declared);
    for (const [n, v] of inner) if (!declared.has(n) && !used.has(n)) used.set(n, v);
  } else if (x.type === 'ref') {
    nestedVars(x.head, used);
    for (let i = 0; i < x.path.length; i++) nestedVars(x.path[i]!, used);
  } else if (x.type === 'call') {
    for (let i = 0; i < x.args.length; i++) nestedVars(x.args[i]!, used);
  } else if (x.type === 'array' || x.type === 'set') {
    for (let i = 0; i < x.items.length; i++) nestedVars(x.items[i]!, used);
  } else if (x.type === 'object') {
    for (let i = 0; i < x.items.length; i++) {
      nestedVars(x.items[i]![0], used);
      nestedVars(x.items[i]![1], used);
    }
  }
}

/** A term with no vars, refs, calls or comprehensions anywhere in it. */
export function isGround(t: Term): boolean {
  switch (t.type) {
    case 'null': case 'boolean': case 'number': case 'string': return true;
    case 'array': case 'set': return t.items.every(isGround);
    case 'object': return t.items.every(([k, v]) => isGround(k) && isGround(v));
    default: return false;
  }
}
