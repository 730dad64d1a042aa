/**
 * A file or directory the command line names that cannot be used, said in one line: the path,
 * what went wrong in words, and what was expected there. Node's own messages
 * (`ENOENT: no such file or directory, open 'x'`) name the system call, not the mistake.
 */
import { pathReason } from '../engine/system-errors.js';
import { CommandFailure, EXIT_FAILURE } from './usage.js';

export { isSystemError, pathReason } from '../engine/system-errors.js';

/** `PATH: does not exist; expected EXPECTED`. */
export function pathProblem(path: string, error: unknown, expected: string): string {
  return `${path}: ${pathReason(error)}; expected ${expected}`;
}

export function pathFailure(path: string, error: unknown, expected: string, exitCode = EXIT_FAILURE): CommandFailure {
  return new CommandFailure(pathProblem(path, error, expected), exitCode);
}
