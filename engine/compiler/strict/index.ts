/**
 * OPA's compiler strict mode (`opa check --strict`), as checks on parsed modules: each
 * reports what OPA reports, with its message and code. Run them on the parser's output
 * (syntax/parseModule), before the compile stages resolve names and rename variables.
 * `import rego.v1` in a v1 module is not reported: OPA accepts it there as a no-op.
 */
import type { Module } from '../ast.js';
import type { Diagnostic } from '../diagnostics.js';
import { deprecatedCalls } from './deprecated.js';
import { duplicateImports, unusedImports } from './imports.js';
import { unusedArguments, unusedAssignments } from './locals.js';
import { reservedNames } from './reserved.js';

export { DEPRECATED_BUILTINS } from './deprecated.js';

const MODULE_CHECKS: ReadonlyArray<(m: Module) => Diagnostic[]> = [
  duplicateImports, unusedImports, unusedAssignments, unusedArguments, reservedNames,
];

/** Every strict-mode error in `modules`, in file, row and column order. */
export function checkStrict(modules: readonly Module[]): Diagnostic[] {
  const errors = [...modules.flatMap((m) => MODULE_CHECKS.flatMap((check) => check(m))), ...deprecatedCalls(modules)];
  return errors.sort(compareDiagnostics);
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  const { file: fa, row: ra, col: ca } = a.location;
  const { file: fb, row: rb, col: cb } = b.location;
  if (fa !== fb) return fa < fb ? -1 : 1;
  return ra - rb || ca - cb || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}
