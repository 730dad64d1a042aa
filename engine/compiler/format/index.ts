/**
 * `opa fmt` for Rego v1: source in, canonically formatted source out (tabs, one statement per
 * paragraph, comments kept). Formatting must not change what a module means (the tests compare
 * compiled plans over the conformance corpus); output that does not even parse is a formatter
 * bug, thrown as such so that nothing ever writes it over a policy.
 */
import { formatDiagnostic, type Diagnostic } from '../diagnostics.js';
import { lex, parseModule } from '../syntax/index.js';
import { CommentQueue } from './comments.js';
import { moduleLines } from './module.js';
import { usesRefHeads } from './rules.js';
import { SourceMap } from './source-map.js';

export { unifiedDiff } from './unified-diff.js';

export type FormatResult = { formatted: string; errors: [] } | { formatted?: undefined; errors: Diagnostic[] };

export function formatModule(file: string, source: string): FormatResult {
  const parsed = parseModule(file, source, { regoVersion: 1 });
  if (parsed.module === undefined) return { errors: parsed.errors };
  const { tokens, comments } = lex(file, source);
  const ctx = { src: new SourceMap(tokens, source.split('\n')), comments: new CommentQueue(comments), refHeads: usesRefHeads(parsed.module) };
  const formatted = `${moduleLines(parsed.module, ctx).join('\n')}\n`;
  const check = parseModule(file, formatted, { regoVersion: 1 });
  if (check.errors.length > 0) {
    throw new Error(`internal: formatting ${file} produced invalid Rego: ${check.errors.map(formatDiagnostic).join('; ')}`);
  }
  return { formatted, errors: [] };
}
