/**
 * Compile failures as the CLI reports them: every diagnostic on its own `file:row:col` line,
 * then one summary line, exit 1.
 */
import type { Diagnostic } from '../engine/index.js';
import { errorMessage, type Logger } from './log.js';
import { CommandFailure } from './usage.js';

export function compileFailure(error: unknown, log: Logger, what: string): CommandFailure {
  const errors = diagnosticsOf(error);
  if (errors.length === 0) return new CommandFailure(`${what}: ${errorMessage(error)}`);
  log.diagnostics(errors);
  return new CommandFailure(`${what}: ${errors.length} error${errors.length === 1 ? '' : 's'}`);
}

function diagnosticsOf(error: unknown): Diagnostic[] {
  const errors = typeof error === 'object' && error !== null ? (error as { errors?: unknown }).errors : undefined;
  return Array.isArray(errors) ? (errors as Diagnostic[]) : [];
}
