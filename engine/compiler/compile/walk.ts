/** Visits every term in a rule or body, including nested bodies. */
import type { Body, RefTerm, Rule, Term, VarTerm } from '../ast.js';

// Plain loops: every stage that looks for something walks every rule, and closures per node
// (forEach, spread arrays) are most of a walk's cost before the JIT has optimized it.
export function walkTerm(t: Term, visit: (t: Term) => void): void {
  visit(t);
  switch (t.type) {
    case 'ref':
      walkTerm(t.head, visit);
      for (const p of t.path) walkTerm(p, visit);
      break;
    case 'call': for (const a of t.args) walkTerm(a, visit); break;
    case 'array': case 'set': for (const i of t.items) walkTerm(i, visit); break;
    case 'object':
      for (const [k, v] of t.items) {
        walkTerm(k, visit);
        walkTerm(v, visit);
      }
      break;
    case 'arraycomp': case 'setcomp': walkTerm(t.head, visit); walkBody(t.body, visit); break;
    case 'objectcomp': walkTerm(t.key, visit); walkTerm(t.value, visit); walkBody(t.body, visit); break;
    default: break;
  }
}

export function walkBody(body: Body, visit: (t: Term) => void): void {
  for (const e of body) {
    for (const w of e.with) {
      walkTerm(w.target, visit);
      walkTerm(w.value, visit);
    }
    if (e.type === 'term') walkTerm(e.term, visit);
    else if (e.type === 'somein') { if (e.key) walkTerm(e.key, visit); walkTerm(e.value, visit); walkTerm(e.collection, visit); }
    else if (e.type === 'every') { walkTerm(e.domain, visit); walkBody(e.body, visit); }
  }
}

export function walkRule(rule: Rule, visit: (t: Term) => void): void {
  const head = rule.head;
  for (let i = 1; i < head.ref.length; i++) walkTerm(head.ref[i]!, visit);
  if (head.args) for (const a of head.args) walkTerm(a, visit);
  if (head.value) walkTerm(head.value, visit);
  if (head.contains) walkTerm(head.contains, visit);
  walkBody(rule.body, visit);
  if (rule.else) walkRule(rule.else, visit);
}

/** The ground string prefix of a `data` ref (`data.a.b[x].c` gives ["a", "b"]), else undefined. */
export function dataPrefix(t: Term): string[] | undefined {
  if (t.type !== 'ref' || t.head.type !== 'var' || t.head.name !== 'data') return undefined;
  const out: string[] = [];
  for (const p of t.path) {
    if (p.type !== 'string') break;
    out.push(p.value);
  }
  return out;
}

/** The dotted name a function is called by (`time.format` gives ["time", "format"]); undefined when a part is not a constant. */
export function fnParts(fn: VarTerm | RefTerm): string[] | undefined {
  if (fn.type === 'var') return [fn.name];
  if (fn.head.type !== 'var') return undefined;
  const out = [fn.head.name];
  for (const p of fn.path) {
    if (p.type !== 'string') return undefined;
    out.push(p.value);
  }
  return out;
}
