/**
 * Strict mode: `input` and `data` are the two root documents, so neither may be redefined,
 * by a rule (`input := 1`) or by a local assignment (`data := {...}`): every later mention
 * would silently read the redefinition instead of the document.
 */
import type { Module } from '../ast.js';
import { DiagnosticCode, diagnostic, type Diagnostic } from '../diagnostics.js';
import { assignTarget, patternVarTerms, ruleScopes } from './terms.js';

const ROOTS = new Set(['input', 'data']);

export function reservedNames(module: Module): Diagnostic[] {
  const errors: Diagnostic[] = [];
  for (const rule of module.rules) {
    const name = rule.head.ref[0];
    if (name?.type === 'var' && ROOTS.has(name.name)) {
      errors.push(diagnostic(DiagnosticCode.compile, `rules must not shadow ${name.name} (use a different rule name)`, name.loc));
    }
    for (const scope of ruleScopes(rule)) {
      for (const e of scope.body) {
        const target = assignTarget(e);
        for (const v of target ? patternVarTerms(target) : []) {
          if (ROOTS.has(v.name)) errors.push(diagnostic(DiagnosticCode.compile, `variables must not shadow ${v.name} (use a different variable name)`, v.loc));
        }
      }
    }
  }
  return errors;
}
