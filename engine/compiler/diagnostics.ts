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

export interface Diagnostic {
  code: DiagnosticCode;
  message: string;
  location: Location;
}

export function diagnostic(code: DiagnosticCode, message: string, location: Location): Diagnostic {
  return { code, message, location: { file: location.file, row: location.row, col: location.col } };
}

/** OPA prints `file:row: code: message`; we add the column since we always know it. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.location.file}:${d.location.row}:${d.location.col}: ${d.code}: ${d.message}`;
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
