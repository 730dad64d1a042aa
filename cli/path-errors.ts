/**
 * A file or directory the command line names that cannot be used, said in one line: the path,
 * what went wrong in words, and what was expected there. Node's own messages
 * (`ENOENT: no such file or directory, open 'x'`) name the system call, not the mistake.
 */
import { CommandFailure, EXIT_FAILURE } from './usage.js';

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'does not exist',
  ENOTDIR: 'is not there: a part of its path is a file, not a directory',
  EISDIR: 'is a directory',
  EACCES: 'cannot be read: permission denied',
  EPERM: 'cannot be read: operation not permitted',
  ELOOP: 'is a loop of symbolic links',
  ENAMETOOLONG: 'is a name too long for the file system',
};

/** Whether `error` is one of Node's system errors (it has a `code` such as ENOENT and a `syscall`). */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

/** What went wrong with a path, in words (`does not exist`); an unknown code is named as is. */
export function pathReason(error: unknown): string {
  const code = isSystemError(error) ? error.code! : undefined;
  if (code !== undefined) return REASONS[code] ?? `cannot be used (${code})`;
  return error instanceof Error ? error.message : String(error);
}

/** `PATH: does not exist; expected EXPECTED`. */
export function pathProblem(path: string, error: unknown, expected: string): string {
  return `${path}: ${pathReason(error)}; expected ${expected}`;
}

export function pathFailure(path: string, error: unknown, expected: string, exitCode = EXIT_FAILURE): CommandFailure {
  return new CommandFailure(pathProblem(path, error, expected), exitCode);
}
