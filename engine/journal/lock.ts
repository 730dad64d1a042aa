/**
 * One writer per journal. A lock file holds the writer's pid; a lock left by a process that no
 * longer exists (a crash) is taken over, since refusing would keep the proxy down for good.
 */
import { open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { JournalError } from './errors.js';
import { FILE_MODE } from './durable.js';

const LOCK_NAME = 'writer.lock';

export async function acquireLock(dir: string): Promise<string> {
  const file = path.join(dir, LOCK_NAME);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx', FILE_MODE);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return file;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (holder === process.pid || isAlive(holder)) throw new JournalError('journal_locked', `journal ${dir} is held by process ${holder}`);
      await unlink(file).catch(() => undefined);
    }
  }
  throw new JournalError('journal_locked', `could not take the lock of journal ${dir}`);
}

function isAlive(pid: number): boolean {
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
