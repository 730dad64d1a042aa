/**
 * What Rego v1 makes an error in every module, strict mode or not (OPA 1.0): duplicate imports,
 * rules or locals named `input` or `data`, and calls of the deprecated built-ins. A v0 module
 * with `import rego.v1` is a v1 module (ast.ts), so it is held to the same rules. The messages
 * are strict mode's, which OPA uses for these.
 */
import type { Module } from '../ast.js';
import type { Diagnostic } from '../diagnostics.js';
import { deprecatedCalls } from './deprecated.js';
import { duplicateImports } from './imports.js';
import { reservedNames } from './reserved.js';

export function checkRegoV1(modules: readonly Module[]): Diagnostic[] {
  const v1 = modules.filter((m) => m.regoVersion === 1);
  if (v1.length === 0) return [];
  const files = new Set(v1.map((m) => m.file));
  // Every module is passed so a package's own function named like a deprecated built-in is known.
  const deprecated = deprecatedCalls(modules).filter((d) => files.has(d.location.file));
  return [...v1.flatMap((m) => [...duplicateImports(m), ...reservedNames(m)]), ...deprecated];
}
