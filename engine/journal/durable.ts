/** Durability helpers: what it takes on POSIX for a file or a directory entry to survive a crash. */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';

/** Journal and state files are the owner's alone: they hold decisions about every message. */
export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/**
 * Replaces `path` (mode 0600) so that a reader sees the old content or the new, never a mix.
 * Each write has a temp file of its own: wardens sharing a state directory write the same file at
 * once, and with one temp name for all, one's rename took the file another was still writing.
 */
export async function writeFileAtomic(path: string, content: string, dir: string): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'wx', FILE_MODE);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDir(dir);
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
