/**
 * Why a policy could not be loaded, always as diagnostics so the CLI and the watcher report
 * compiler errors, unreadable data files and SDK load failures the same way.
 */
import { DiagnosticCode, formatDiagnostic, type Diagnostic } from '../compiler/diagnostics.js';

export class PolicyLoadError extends Error {
  readonly errors: Diagnostic[];

  constructor(errors: Diagnostic[]) {
    super(errors.map(formatDiagnostic).join('\n') || 'policy load failed');
    this.name = 'PolicyLoadError';
    this.errors = errors;
  }

  static single(file: string, message: string, row = 1, col = 1): PolicyLoadError {
    return new PolicyLoadError([{ code: DiagnosticCode.compile, message, location: { file, row, col } }]);
  }

  /** Wraps anything thrown while compiling or loading; compiler errors keep their diagnostics. */
  static from(error: unknown, file: string): PolicyLoadError {
    if (error instanceof PolicyLoadError) return error;
    if (hasDiagnostics(error)) return new PolicyLoadError(error.errors);
    return PolicyLoadError.single(file, errorMessage(error));
  }
}

function hasDiagnostics(error: unknown): error is { errors: Diagnostic[] } {
  return typeof error === 'object' && error !== null && Array.isArray((error as { errors?: unknown }).errors)
    && (error as { errors: unknown[] }).errors.length > 0;
}

/** The SDK throws strings and plain objects as well as Errors. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
