/**
 * Strict mode: calls to built-in functions OPA deprecated (and removed from Rego v1's default
 * capabilities). A package that defines its own function of the same name is calling that,
 * not the built-in, so it is not reported. OPA reports these as type errors.
 */
import type { CallTerm, Module } from '../ast.js';
import { walkRule } from '../compile/walk.js';
import { DiagnosticCode, diagnostic, type Diagnostic } from '../diagnostics.js';

/** OPA's list (docs, "Strict mode"). */
export const DEPRECATED_BUILTINS: ReadonlySet<string> = new Set([
  'any', 'all', 're_match', 'net.cidr_overlap', 'set_diff',
  'cast_array', 'cast_set', 'cast_string', 'cast_boolean', 'cast_null', 'cast_object',
]);

export function deprecatedCalls(modules: readonly Module[]): Diagnostic[] {
  const userFunctions = new Set(modules.flatMap((m) => m.rules
    .filter((r) => r.head.args !== undefined)
    .map((r) => functionKey(m.package.path, r.head.ref.map((t) => (t.type === 'var' ? t.name : t.type === 'string' ? t.value : '')).join('.')))));
  const errors: Diagnostic[] = [];
  for (const m of modules) {
    for (const rule of m.rules) {
      walkRule(rule, (t) => {
        if (t.type !== 'call') return;
        const name = calledName(t);
        if (name !== undefined && DEPRECATED_BUILTINS.has(name) && !userFunctions.has(functionKey(m.package.path, name))) {
          errors.push(diagnostic(DiagnosticCode.type, `deprecated built-in function calls in expression: ${name}`, t.loc));
        }
      });
    }
  }
  return errors;
}

function functionKey(pkg: string[], name: string): string {
  return JSON.stringify([pkg, name]);
}

/** `any` or `net.cidr_overlap` as written; undefined for anything else (e.g. `data.x.f`). */
function calledName(t: CallTerm): string | undefined {
  if (t.fn.type === 'var') return t.fn.name;
  if (t.fn.head.type !== 'var' || !t.fn.path.every((p) => p.type === 'string')) return undefined;
  return [t.fn.head.name, ...t.fn.path.map((p) => (p.type === 'string' ? p.value : ''))].join('.');
}
