/**
 * `warden eval` output formats, as `opa eval` prints a result set:
 * - json: {"result": [{"expressions": [{value, text, location}], "bindings": {...}}]}, or {} when undefined;
 * - values: each result's expression values, one JSON array per result (nothing when undefined);
 * - bindings: each result's bindings, one JSON object per result (nothing when undefined);
 * - raw: one line per result, its values separated by spaces, strings unquoted;
 * - pretty: "undefined"; the value as indented JSON when one result has no bindings and one
 *   expression (or only boolean ones); else a table of the bindings and non-boolean values,
 *   cells cut at `prettyLimit` characters followed by "...".
 */
import { goJson } from './json.js';
import type { Result } from './result.js';
import { renderTable } from './table.js';

export const FORMATS = ['json', 'values', 'bindings', 'raw', 'pretty'] as const;
export type Format = (typeof FORMATS)[number];

/** OPA's `--pretty-limit` default. */
export const DEFAULT_PRETTY_LIMIT = 80;

export function formatResults(format: Format, results: readonly Result[], prettyLimit = DEFAULT_PRETTY_LIMIT): string {
  switch (format) {
    case 'json': return `${goJson(results.length === 0 ? {} : { result: results })}\n`;
    case 'values': return results.map((r) => `${goJson(r.expressions.map((e) => e.value))}\n`).join('');
    case 'bindings': return results.map((r) => `${goJson(r.bindings ?? {})}\n`).join('');
    case 'raw': return results.map((r) => `${r.expressions.map((e) => (typeof e.value === 'string' ? e.value : goJson(e.value, false))).join(' ')}\n`).join('');
    case 'pretty': return pretty(results, prettyLimit);
  }
}

function pretty(results: readonly Result[], limit: number): string {
  if (results.length === 0) return 'undefined\n';
  const only = results[0]!;
  if (results.length === 1 && only.bindings === undefined) {
    if (only.expressions.length === 1 || only.expressions.every((e) => typeof e.value === 'boolean')) return `${goJson(only.expressions[0]!.value)}\n`;
  }
  // Columns: bound variables by name, then the expressions whose first value is not boolean.
  const names = Object.keys(only.bindings ?? {}).sort();
  const exprColumns = only.expressions.flatMap((e, i) => (typeof e.value === 'boolean' ? [] : [i]));
  const header = [...names, ...exprColumns.map((i) => only.expressions[i]!.text)];
  if (header.length === 0) return '';
  const rows = results.map((r) => [
    ...names.map((n) => cut(goJson(r.bindings?.[n] ?? null, false), limit)),
    ...exprColumns.flatMap((i) => {
      const value = r.expressions[i]?.value;
      return typeof value === 'boolean' ? [] : [cut(goJson(value, false), limit)];
    }),
  ]);
  return renderTable(header, rows);
}

function cut(s: string, limit: number): string {
  return limit > 0 && s.length > limit ? `${s.slice(0, limit)}...` : s;
}
