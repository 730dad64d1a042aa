/** Durability helpers: what it takes on POSIX for a file or a directory entry to survive a crash. */
import { open, rename } from 'node:fs/promises';

/** Journal and state files are the owner's alone: they hold decisions about every message. */
export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/** Replaces `path` (mode 0600) so that a reader sees the old content or the new, never a mix. */
export async function writeFileAtomic(path: string, content: string, dir: string): Promise<void> {
  const temp = `${path}.tmp`;
  const handle = await open(temp, 'w', FILE_MODE);
  try {
    // A temp file a crash left behind keeps its old mode when reopened.
    await handle.chmod(FILE_MODE);
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
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
