/**
 * `opa fmt` for Rego v1, and for Rego v0 as `opa fmt --v0-compatible` writes it: source in,
 * canonically formatted source out (tabs, one statement per paragraph, comments kept). Formatting must not change what a module means (the tests compare
 * compiled plans over the conformance corpus); output that does not even parse is a formatter
 * bug, thrown as such so that nothing ever writes it over a policy.
 */
import type { Module } from '../ast.js';
import { formatDiagnostic, type Diagnostic } from '../diagnostics.js';
import { lex, parseModule } from '../syntax/index.js';
import { FUTURE_KEYWORDS } from '../syntax/tokens.js';
import { CommentQueue } from './comments.js';
import { moduleLines } from './module.js';
import { usesRefHeads } from './rules.js';
import { SourceMap } from './source-map.js';

export { unifiedDiff } from './unified-diff.js';

export type FormatResult = { formatted: string; errors: [] } | { formatted?: undefined; errors: Diagnostic[] };

/** `regoVersion` 0 reads the source as Rego v0 and writes v0 (a module importing rego.v1 stays v1). */
export function formatModule(file: string, source: string, regoVersion: 0 | 1 = 1): FormatResult {
  const parsed = parseModule(file, source, { regoVersion });
  if (parsed.module === undefined) return { errors: parsed.errors };
  const { tokens, comments } = lex(file, source);
  const ctx = {
    src: new SourceMap(tokens, source.split('\n')), comments: new CommentQueue(comments), refHeads: usesRefHeads(parsed.module),
    ...(parsed.module.regoVersion === 0 ? { v0: importedKeywords(parsed.module) } : {}),
  };
  const formatted = `${moduleLines(parsed.module, ctx).join('\n')}\n`;
  const check = parseModule(file, formatted, { regoVersion });
  if (check.errors.length > 0) {
    throw new Error(`internal: formatting ${file} produced invalid Rego: ${check.errors.map(formatDiagnostic).join('; ')}`);
  }
  return { formatted, errors: [] };
}

/** The keywords a v0 module imported: all of them with `import future.keywords`, else one per import. */
function importedKeywords(m: Module): { keywords: ReadonlySet<string> } {
  const paths = m.imports.map((i) => (i.path.type === 'ref' ? [i.path.head, ...i.path.path] : [i.path])
    .map((t) => (t.type === 'var' ? t.name : t.type === 'string' ? t.value : '')).join('.'));
  return { keywords: new Set(FUTURE_KEYWORDS.filter((k) => paths.includes('future.keywords') || paths.includes(`future.keywords.${k}`))) };
}
