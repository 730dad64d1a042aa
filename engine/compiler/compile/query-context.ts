/**
 * The context an ad-hoc query is read in, as `opa eval --package P --import I` gives it: names
 * of the package's rules and of the imports resolve as they would in a module of package P
 * that has those imports. Read by parsing `package P` and `import I` lines, so the paths are
 * checked as a module's are.
 */
import type { Module } from '../ast.js';
import { DiagnosticCode, diagnostic, type Diagnostic } from '../diagnostics.js';
import { parseModule } from '../syntax/index.js';

export interface QueryContextOptions {
  /** A package path, `a.b` (OPA's --package). */
  package?: string;
  /** Import paths, each as after `import`: `data.a.b`, `data.a as x`, `input.y`, `rego.v1`. */
  imports?: readonly string[];
}

/** What errors name as the file of a bad --package or --import. */
export const QUERY_CONTEXT_FILE = 'query context';

/** The context as a module without rules; its package path is [] when no package is given. */
export function parseQueryContext(options: QueryContextOptions): { context?: Module; errors: Diagnostic[] } {
  const lines = [`package ${options.package ?? 'query'}`, ...(options.imports ?? []).map((i) => `import ${i}`)];
  const { module, errors } = parseModule(QUERY_CONTEXT_FILE, `${lines.join('\n')}\n`);
  if (module === undefined) return { errors };
  // A newline inside a value would have made it a statement of its own.
  if (module.rules.length > 0 || module.imports.length !== (options.imports ?? []).length) {
    return { errors: [diagnostic(DiagnosticCode.parse, 'a query package is one package path and each query import one import path', { file: QUERY_CONTEXT_FILE, row: 1, col: 1 })] };
  }
  return { context: options.package === undefined ? { ...module, package: { ...module.package, path: [] } } : module, errors: [] };
}
