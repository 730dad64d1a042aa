/**
 * Warden's own messages. They go to stderr only: under `warden run` stdout carries the
 * JSON-RPC stream, and one stray byte there corrupts the client's session.
 */
import { isSystemError, pathReason } from './path-errors.js';
import type { Writable } from 'node:stream';
import { formatDiagnostic, type Diagnostic } from '../engine/index.js';

export interface Logger {
  info(message: string): void;
  error(message: string): void;
  diagnostics(errors: readonly Diagnostic[]): void;
}

export function stderrLogger(stream: Writable = process.stderr, prefix = 'warden'): Logger {
  const write = (line: string): void => {
    stream.write(`${prefix}: ${line}\n`);
  };
  return {
    info: write,
    error: (message) => write(`error: ${message}`),
    // One diagnostic per line, file:row:col first, so editors can jump to them.
    diagnostics: (errors) => {
      for (const d of errors) stream.write(`${formatDiagnostic(d)}\n`);
    },
  };
}

/** A Node system error that slipped through as `path: reason` (path-errors.ts), never `ENOENT: ..., open 'x'`. */
export function errorMessage(error: unknown): string {
  if (isSystemError(error) && error.path !== undefined) return `${error.path}: ${pathReason(error)}`;
  return error instanceof Error ? error.message : String(error);
}
