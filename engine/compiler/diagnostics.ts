/**
 * User-facing errors are diagnostics with OPA's stable codes and a location; exceptions are for bugs.
 */
import type { Location } from './ast.js';

export const DiagnosticCode = {
  parse: 'rego_parse_error',
  compile: 'rego_compile_error',
  type: 'rego_type_error',
  unsafeVar: 'rego_unsafe_var_error',
  recursion: 'rego_recursion_error',
} as const;

export type DiagnosticCode = (typeof DiagnosticCode)[keyof typeof DiagnosticCode];

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** OPA's details document of an error, as `opa check --format json` prints it (a type error's have/want types). */
export type ErrorDetail = { [key: string]: JsonValue };

export interface Diagnostic {
  code: DiagnosticCode;
  message: string;
  location: Location;
  /** OPA's detail lines (e.g. a type error's `have:`/`want:`), printed each on its own tab-indented line. */
  details?: string[];
  /** The same details as OPA's JSON document. */
  detail?: ErrorDetail;
}

export function diagnostic(code: DiagnosticCode, message: string, location: Location, details?: string[], detail?: ErrorDetail): Diagnostic {
  const d: Diagnostic = { code, message, location: { file: location.file, row: location.row, col: location.col } };
  if (details && details.length > 0) d.details = details;
  if (detail) d.detail = detail;
  return d;
}

/** OPA prints `file:row: code: message`; we add the column since we always know it. */
export function formatDiagnostic(d: Diagnostic): string {
  const head = `${d.location.file}:${d.location.row}:${d.location.col}: ${d.code}: ${d.message}`;
  return d.details ? [head, ...d.details].join('\n\t') : head;
}

/** Thrown by the public API when compilation fails; `errors` carries every diagnostic. */
export class CompileError extends Error {
  readonly errors: Diagnostic[];
  constructor(errors: Diagnostic[]) {
    super(errors.length === 1 ? formatDiagnostic(errors[0]!) : `${errors.length} errors occurred:\n${errors.map(formatDiagnostic).join('\n')}`);
    this.name = 'CompileError';
    this.errors = errors;
  }
}

/** Each diagnostic once: a derived rule shares its bodies with the rule it came from, and a check may run twice. */
export function distinctDiagnostics(errors: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return errors.filter((d) => {
    const key = JSON.stringify([d.code, d.message, d.location, d.details]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
