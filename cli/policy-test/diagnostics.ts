/**
 * Compile errors as `warden test` shows them: the shared `file:row:col: code: message` line
 * (cli/compile-errors.ts) followed, as `opa test` does, by the offending source line and a
 * caret under the column, both indented by a tab. An error of no file (`--max-errors`'
 * "error limit reached") is `code: message`, as OPA prints it.
 */
import type { Writable } from 'node:stream';
import { formatDiagnostic, type Diagnostic } from '../../engine/index.js';
import type { Logger } from '../log.js';

export function sourceLineLogger(stream: Writable, modules: Record<string, string>): Logger {
  const write = (line: string): void => {
    stream.write(`warden: ${line}\n`);
  };
  return {
    info: write,
    error: (message) => write(`error: ${message}`),
    diagnostics: (errors) => {
      for (const d of errors) stream.write(d.location.file ? `${formatDiagnostic(d)}\n${excerpt(d, modules)}` : `${d.code}: ${d.message}\n`);
    },
  };
}

function excerpt(d: Diagnostic, modules: Record<string, string>): string {
  const source = modules[d.location.file];
  const line = source?.split('\n')[d.location.row - 1]?.replace(/\r$/, '');
  if (line === undefined || line.trim() === '') return '';
  // Tabs kept as tabs so the caret lines up whatever the tab width.
  const pad = line.slice(0, Math.max(0, d.location.col - 1)).replace(/[^\t]/g, ' ');
  return `\t${line}\n\t${pad}^\n`;
}
