/**
 * Node's system errors in words: `ENOENT: no such file or directory, scandir 'x'` names the
 * system call, not the mistake, so a path that cannot be used is said as what went wrong with it.
 */
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
