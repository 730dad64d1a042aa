/**
 * One writer per journal. A lock file holds the writer's pid; a lock left by a process that no
 * longer exists (a crash) is taken over, since refusing would keep the proxy down for good.
 * The lock-file primitives are exported for the approvals log, which waits for its lock instead.
 */
import { open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { JournalError } from './errors.js';
import { FILE_MODE } from './durable.js';

const LOCK_NAME = 'writer.lock';

export async function acquireLock(dir: string): Promise<string> {
  const file = path.join(dir, LOCK_NAME);
  for (let attempt = 0; attempt < 2; attempt++) {
    if (await createLockFile(file)) return file;
    const holder = await lockHolder(file);
    if (holder === process.pid || isAlive(holder)) throw new JournalError('journal_locked', `journal ${dir} is held by process ${holder}`);
    await releaseLock(file);
  }
  throw new JournalError('journal_locked', `could not take the lock of journal ${dir}`);
}

/** Creates `file` (O_EXCL) holding this process's pid; false when it already exists. */
export async function createLockFile(file: string): Promise<boolean> {
  try {
    const handle = await open(file, 'wx', FILE_MODE);
    await handle.writeFile(`${process.pid}\n`);
    await handle.close();
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return false;
  }
}

/** The pid a lock file holds: 0 when it cannot be read or is still being written. */
export async function lockHolder(file: string): Promise<number> {
  return Number((await readFile(file, 'utf8').catch(() => '')).trim());
}

export function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function releaseLock(file: string): Promise<void> {
  await unlink(file).catch(() => undefined);
}
