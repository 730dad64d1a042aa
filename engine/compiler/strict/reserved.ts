/**
 * Strict mode: `input` and `data` are the two root documents, so neither may be redefined,
 * by a rule (`input := 1`), by a local assignment (`data := {...}`) or by a function's argument
 * (`f(input) := ...`): every later mention would silently read the redefinition instead of the
 * document.
 */
import type { Module } from '../ast.js';
import { walkRule } from '../compile/walk.js';
import { DiagnosticCode, diagnostic, type Diagnostic } from '../diagnostics.js';
import { patternVarTerms, varsIn } from './terms.js';

const ROOTS = new Set(['input', 'data']);

/**
 * One walk over each rule finds every `:=` (a call of `assign`, which only an expression can be)
 * in its bodies, its else chain and everything nested in them. Every compile runs this on every
 * rule, so it walks the terms once instead of listing the rule's scopes first.
 */
export function reservedNames(module: Module): Diagnostic[] {
  const errors: Diagnostic[] = [];
  for (const rule of module.rules) {
    const name = rule.head.ref[0];
    if (name?.type === 'var' && ROOTS.has(name.name)) {
      errors.push(diagnostic(DiagnosticCode.compile, `rules must not shadow ${name.name} (use a different rule name)`, name.loc));
    }
    for (const arg of rule.head.args ?? []) {
      for (const v of varsIn(arg)) {
        if (ROOTS.has(v.name)) errors.push(diagnostic(DiagnosticCode.compile, `args must not shadow ${v.name} (use a different variable name)`, v.loc));
      }
    }
    walkRule(rule, (t) => {
      if (t.type !== 'call' || t.fn.type !== 'var' || t.fn.name !== 'assign' || !t.args[0]) return;
      for (const v of patternVarTerms(t.args[0])) {
        if (ROOTS.has(v.name)) errors.push(diagnostic(DiagnosticCode.compile, `variables must not shadow ${v.name} (use a different variable name)`, v.loc));
      }
    });
  }
  return errors;
}
