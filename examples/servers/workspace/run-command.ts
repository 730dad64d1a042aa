/**
 * Runs one program in the workspace: execFile, so arguments reach the program verbatim and
 * no shell ever interprets `;`, `&&`, `$()` or globs. A timeout and an output cap keep a
 * runaway command from hanging or flooding the session.
 */
import { execFile, type ExecFileException } from 'node:child_process';

export interface CommandResult {
  /** null when the command was killed or never started. */
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Why it failed, when it did: not found, timed out, killed, non-zero exit. */
  readonly failure: string | undefined;
}

const MAX_OUTPUT_BYTES = 1024 * 1024;

export function runCommand(command: string, args: readonly string[], cwd: string, timeoutMs: number): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: MAX_OUTPUT_BYTES, shell: false, windowsHide: true, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error === null) {
        resolve({ exitCode: 0, stdout, stderr, failure: undefined });
        return;
      }
      resolve({ exitCode: typeof error.code === 'number' ? error.code : null, stdout, stderr, failure: describe(error, command, timeoutMs) });
    });
  });
}

function describe(error: ExecFileException, command: string, timeoutMs: number): string {
  if (error.code === 'ENOENT') return `command not found: ${command}`;
  if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return `output exceeded ${MAX_OUTPUT_BYTES} bytes`;
  if (error.killed) return `timed out after ${timeoutMs} ms`;
  if (error.signal) return `killed by ${error.signal}`;
  if (typeof error.code === 'number') return `exited with code ${error.code}`;
  return error.message;
}
