/** Durability helpers: what it takes on POSIX for a file or a directory entry to survive a crash. */
import { randomBytes } from 'node:crypto';
import { link, open, rename, rm, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Journal and state files are the owner's alone: they hold decisions about every message. */
export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/**
 * Replaces `path` (mode 0600) so that a reader sees the old content or the new, never a mix.
 * Each write has a temp file of its own: wardens sharing a state directory write the same file at
 * once, and with one temp name for all, one's rename took the file another was still writing.
 * `durable: false` skips the syncs, for a file whose reader checks it and can do without it (a cache).
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array, dir: string, options: { durable?: boolean } = {}): Promise<void> {
  const durable = options.durable ?? true;
  const temp = uniqueBeside(path, 'tmp');
  try {
    await writeNew(temp, content, durable);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  if (durable) await syncDir(dir);
}

/** Makes a created or renamed directory entry durable; without it a crash can lose the file. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A name next to `path` no other write, in this process or another, is using. */
export function uniqueBeside(path: string, suffix: string): string {
  return `${path}.${process.pid}.${randomBytes(6).toString('hex')}.${suffix}`;
}

/** What link() fails with where a file system has no hard links (some FUSE and network mounts). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/**
 * Creates `path` (mode 0600) holding `content`, unless it exists: false then, and nothing is
 * changed. Processes racing to create it (wardens started at once) must never read it partly
 * written, so the content is written to a file of its own and linked into place, which fails if
 * `path` exists. Where hard links are not supported, `path` is created exclusively and written in
 * place. `durable`: the file and its directory entry are synced before this returns true.
 */
export async function createWhole(path: string, content: string, options: { durable?: boolean } = {}): Promise<boolean> {
  const draft = uniqueBeside(path, 'new');
  try {
    await writeNew(draft, content, options.durable === true);
    await link(draft, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') return false;
    if (!NO_HARD_LINKS.has(code)) throw error;
    const created = await writeNew(path, content, options.durable === true).then(() => true, (inPlace: NodeJS.ErrnoException) => {
      if (inPlace.code === 'EEXIST') return false;
      throw inPlace;
    });
    if (!created) return false;
  } finally {
    await unlink(draft).catch(() => undefined);
  }
  if (options.durable) await syncDir(dirname(path));
  return true;
}

async function writeNew(path: string, content: string | Uint8Array, sync: boolean): Promise<void> {
  const handle = await open(path, 'wx', FILE_MODE);
  try {
    await handle.writeFile(content);
    if (sync) await handle.sync();
  } finally {
    await handle.close();
  }
}
