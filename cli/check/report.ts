/**
 * Diagnostics as `opa check` prints them. Pretty: "1 error occurred: <diagnostic>" or
 * "N errors occurred:" and one diagnostic per line (file:row:col: code: message), each
 * followed by its source line and a caret under the column, as OPA shows parse errors ("during
 * loading", since OPA's loader is what parses). JSON: OPA's {"errors": [{code, message,
 * location, details}]} document. An error without a file (the error limit) prints as "code: message".
 */
import type { Diagnostic } from '../../engine/index.js';
import { parseErrorDetail } from './parse-error-detail.js';

/** OPA's `--max-errors` default. */
export const DEFAULT_MAX_ERRORS = 10;

/** The first `max` errors, then OPA's "error limit reached" when some were left out (`max` <= 0: no limit). */
export function limitErrors(errors: readonly Diagnostic[], max: number): Diagnostic[] {
  if (max <= 0 || errors.length <= max) return [...errors];
  return [...errors.slice(0, max), { code: 'rego_compile_error', message: 'error limit reached', location: { file: '', row: 0, col: 0 } }];
}

/** `loading`: the errors came from reading the files (OPA's parse errors), not from compiling them. */
export function formatPretty(errors: readonly Diagnostic[], sources: Readonly<Record<string, string>>, loading = errors.every(isParseError)): string {
  const during = loading ? ' during loading' : '';
  const blocks = errors.map((d) => [diagnosticLine(d), ...detailsOrExcerpt(d, sources)].join('\n'));
  if (errors.length === 1) return `1 error occurred${during}: ${blocks[0]}\n`;
  return `${errors.length} errors occurred${during}:\n${blocks.join('\n')}\n`;
}

/** `details` as OPA writes them: a type error's types, a parse error's source line and index in it. */
export function formatJson(errors: readonly Diagnostic[], sources: Readonly<Record<string, string>>): string {
  const doc = {
    errors: errors.map((d) => {
      const details = d.detail ?? (isParseError(d) ? parseErrorDetail(sources[d.location.file], d.location) : undefined);
      return { code: d.code, message: d.message, ...(d.location.file ? { location: d.location } : {}), ...(details ? { details } : {}) };
    }),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function isParseError(d: Diagnostic): boolean {
  return d.code === 'rego_parse_error';
}

function diagnosticLine(d: Diagnostic): string {
  const { file, row, col } = d.location;
  return file ? `${file}:${row}:${col}: ${d.code}: ${d.message}` : `${d.code}: ${d.message}`;
}

/**
 * A type error's own detail lines (the ref and caret, have/want) stand in for the excerpt, as in
 * OPA; a parse error shows OPA's line and caret for it (the line that opened a brace left open).
 */
function detailsOrExcerpt(d: Diagnostic, sources: Readonly<Record<string, string>>): string[] {
  if (d.details) return d.details.map((line) => `\t${line}`);
  const parse = isParseError(d) ? parseErrorDetail(sources[d.location.file], d.location) : undefined;
  return parse ? parseErrorLines(parse.line, parse.idx) : excerpt(d, sources);
}

/** OPA's ParserErrorDetail.Lines: the line's leading tabs kept before the caret's spaces. */
function parseErrorLines(line: string, idx: number): string[] {
  const tabs = line.length - line.replace(/^\t+/, '').length;
  return [`\t${line}`, `\t${'\t'.repeat(tabs)}${' '.repeat(Math.max(0, idx - tabs))}^`];
}

/** The source line, tab-indented, and a caret under the column (the line's tabs kept so it lines up). */
function excerpt(d: Diagnostic, sources: Readonly<Record<string, string>>): string[] {
  const source = sources[d.location.file];
  const line = source?.split(/\r?\n/)[d.location.row - 1];
  if (line === undefined || line.trim() === '') return [];
  const pad = [...line.slice(0, Math.max(0, d.location.col - 1))].map((ch) => (ch === '\t' ? '\t' : ' ')).join('');
  return [`\t${line}`, `\t${pad}^`];
}
