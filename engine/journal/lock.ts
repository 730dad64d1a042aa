/**
 * One writer per journal. A lock file holds the writer's pid; a lock left by a process that no
 * longer exists (a crash) is taken over, since refusing would keep the proxy down for good.
 * The lock-file primitives are exported for the approvals log, which waits for its lock instead.
 *
 * Wardens started at once (several agent sessions, each with its own warden) race for the same
 * lock, so a lock file never exists without its pid (it is written whole, then linked into place)
 * and a stale one is moved aside before it is removed, so that two wardens judging it stale at
 * once cannot each remove the lock the other has just taken.
 */
import { link, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { JournalError } from './errors.js';
import { createWhole, uniqueBeside } from './durable.js';

const LOCK_NAME = 'writer.lock';

export async function acquireLock(dir: string): Promise<string> {
  const file = path.join(dir, LOCK_NAME);
  for (let attempt = 0; attempt < 2; attempt++) {
    if (await createLockFile(file)) return file;
    const holder = await lockHolder(file);
    if (holder === 0) throw new JournalError('journal_locked', `journal ${dir} is locked by ${file}, which names no process; remove it if no warden writes this journal`);
    if (holder === process.pid || isAlive(holder)) throw new JournalError('journal_locked', `journal ${dir} is held by process ${holder}`);
    await removeStaleLock(file, holder);
  }
  throw new JournalError('journal_locked', `could not take the lock of journal ${dir}`);
}

/** Creates `file` holding this process's pid, written whole before it appears; false when it already exists. */
export function createLockFile(file: string): Promise<boolean> {
  return createWhole(file, `${process.pid}\n`);
}

/**
 * Removes the lock `file` left by `holder`, a process that no longer exists. The file is moved
 * aside first, which only one process can do to one file; if what was moved is a live process's
 * lock, taken over meanwhile by another warden, it is put back.
 */
export async function removeStaleLock(file: string, holder: number): Promise<void> {
  const aside = uniqueBeside(file, 'stale');
  try {
    await rename(file, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const moved = await lockHolder(aside);
  if (moved !== holder && isAlive(moved)) await link(aside, file).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

/** The pid a lock file holds: 0 when it cannot be read. */
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
