/** Durability helpers: what it takes on POSIX for a file or a directory entry to survive a crash. */
import { open, rename } from 'node:fs/promises';

/** Replaces `path` so that a reader sees the old checkpoint or the new one, never a mix. */
/** Journal files are the owner's alone: they hold decisions about every message. */
export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

export async function writeFileAtomic(path: string, content: string, dir: string): Promise<void> {
  const temp = `${path}.tmp`;
  const handle = await open(temp, 'w', FILE_MODE);
  try {
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
