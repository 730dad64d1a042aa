/**
 * One writer per journal. A lock file holds the writer's pid; a lock left by a process that no
 * longer exists (a crash) is taken over, since refusing would keep the proxy down for good.
 * The lock-file primitives are exported for the approvals log, which waits for its lock instead.
 *
 * Wardens started at once (several agent sessions, each with its own warden) race for the same
 * lock, so a lock file never exists without its pid (it is written whole, then linked into place)
 * and a stale one is moved aside before it is removed, so that two wardens judging it stale at
 * once cannot each remove the lock the other has just taken.
 *
 * A pid means something only to processes that see the same pids: a warden in another PID
 * namespace (a container sharing the journal's volume) or on another machine would find the
 * holder's pid dead, or someone else's. So the journal's lock also names where its pid lives
 * (`processScope`), and its holder touches it every `LOCK_REFRESH_MS`: a lock from another scope
 * is stale only once it has gone `LOCK_STALE_MS` without that.
 */
import { readFileSync, readlinkSync } from 'node:fs';
import { link, rename, stat, unlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import { JournalError } from './errors.js';
import { createWhole, uniqueBeside } from './durable.js';
import { readRegularFile } from './read.js';

const LOCK_NAME = 'writer.lock';
export const LOCK_REFRESH_MS = 10_000;
export const LOCK_STALE_MS = 60_000;

/** The journal's lock, held until `release`; its file is touched meanwhile, so that it reads as in use. */
export interface HeldLock {
  readonly file: string;
  release(): Promise<void>;
}

export async function acquireLock(dir: string, refreshMs = LOCK_REFRESH_MS): Promise<HeldLock> {
  const file = path.join(dir, LOCK_NAME);
  const scope = processScope();
  for (let attempt = 0; attempt < 2; attempt++) {
    if (await createLockFile(file, lockContent(scope))) return hold(file, refreshMs);
    const holder = await refuseIfHeld(dir, file, scope);
    await removeStaleLock(file, holder);
  }
  throw new JournalError('journal_locked', `could not take the lock of journal ${dir}`);
}

/** Throws unless the lock `file` is stale; returns the pid it names. */
async function refuseIfHeld(dir: string, file: string, scope: string | undefined): Promise<number> {
  const held = await lockState(file, scope);
  if (held.pid === 0) throw new JournalError('journal_locked', `journal ${dir} is locked by ${file}, which names no process; remove it if no warden writes this journal`);
  if (isStale(held)) return held.pid;
  if (held.foreign) {
    throw new JournalError('journal_locked', `journal ${dir} is held by process ${held.pid} in another PID namespace or on another machine (its lock was in use ${Math.round(held.idleMs / 1000)} s ago); if no warden writes this journal, ${file} is taken over once it has gone ${LOCK_STALE_MS / 1000} s unused`);
  }
  throw new JournalError('journal_locked', `journal ${dir} is held by process ${held.pid}`);
}

/** A lock file's holder: its pid (0 when unreadable), whether it lives in another scope, and how long since the file was touched. */
export interface LockState {
  readonly pid: number;
  readonly foreign: boolean;
  readonly idleMs: number;
}

/** The content of a lock file taken by this process: its pid, and where that pid means something. */
export function lockContent(scope: string | undefined = processScope()): string {
  return `${process.pid}\n${scope === undefined ? '' : `${scope}\n`}`;
}

export async function lockState(file: string, scope: string | undefined = processScope()): Promise<LockState> {
  const [pidLine = '', holderScope = ''] = (await readLockFile(file)).split('\n');
  const idleMs = Date.now() - (await stat(file).then((s) => s.mtimeMs, () => 0));
  return { pid: Number(pidLine.trim()), foreign: holderScope !== '' && holderScope !== scope, idleMs };
}

/**
 * Whether a lock may be taken over: a holder whose pid this process can judge is gone; one from
 * another scope, whose pid means nothing here, has left its lock untouched for LOCK_STALE_MS.
 */
export function isStale(held: LockState): boolean {
  if (held.pid === 0) return false;
  if (held.foreign) return held.idleMs >= LOCK_STALE_MS;
  return held.pid !== process.pid && !isAlive(held.pid);
}

function hold(file: string, refreshMs: number): HeldLock {
  const timer = setInterval(() => {
    const now = new Date();
    utimes(file, now, now).catch(() => undefined);
  }, refreshMs);
  timer.unref();
  return {
    file,
    release: async () => {
      clearInterval(timer);
      await releaseLock(file);
    },
  };
}

/**
 * Where this process's pid means what it says: the boot (a pid of an earlier boot names nobody)
 * and the PID namespace. Undefined where the system does not tell (no Linux /proc).
 */
export function processScope(): string | undefined {
  try {
    return `${readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()} ${readlinkSync('/proc/self/ns/pid')}`;
  } catch {
    return undefined;
  }
}

/** Creates `file` holding `content` (this process's pid), written whole before it appears; false when it already exists. */
export function createLockFile(file: string, content = `${process.pid}\n`): Promise<boolean> {
  return createWhole(file, content);
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

/** The pid a lock file holds (its first line): 0 when it cannot be read. */
async function lockHolder(file: string): Promise<number> {
  return Number((await readLockFile(file)).split('\n', 1)[0]!.trim());
}

/** A pid and a scope line are well under this; a larger file is no lock a warden wrote. */
const LOCK_MAX_BYTES = 4096;

/**
 * A lock file's text, or '' when it cannot be read. Only a small regular file is read: a FIFO
 * under the lock's name would block the read for good, a link to /dev/zero would fill memory.
 */
async function readLockFile(file: string): Promise<string> {
  return readRegularFile(file, LOCK_MAX_BYTES).then((bytes) => bytes.toString('utf8'), () => '');
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
