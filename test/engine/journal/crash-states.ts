/**
 * The states a crash can leave a journal directory in. A kill -9 stops the writer between two
 * system calls and leaves exactly what the file system holds then (syncs only matter to a
 * machine crash), so copying the directory after every call that changes it yields every state a
 * crash of the writer can leave, deterministically and in order.
 */
import { cpSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import path from 'node:path';

// The writer imports these as ES module bindings; they follow the CommonJS exports once re-synced.
const require = createRequire(import.meta.url);
const fs = require('node:fs') as typeof import('node:fs');
const fsp = require('node:fs/promises') as typeof import('node:fs/promises');

export interface CrashState {
  /** The call just made: `created <file>`, `wrote <file>`, `temp for <file>` (written, not yet renamed), `renamed <file>`, `truncated <file>`. */
  step: string;
  /** A copy of the journal directory as that crash would leave it. */
  dir: string;
}

/**
 * Runs `body` and copies `dir` into `into` after every step a crash can stop a writer of `dir`
 * behind. The lock file is left out: a crashed writer's lock names a dead process, which the next
 * open takes over (lock.test.ts), whereas this process is alive.
 */
export async function recordCrashStates(dir: string, into: string, body: () => Promise<void>): Promise<CrashState[]> {
  const states: CrashState[] = [];
  const names = new Map<number, string>();
  const inJournal = (file: unknown): file is string => typeof file === 'string' && path.dirname(path.resolve(file)) === path.resolve(dir);
  const snapshot = (step: string): void => {
    const copy = path.join(into, String(states.length).padStart(4, '0'));
    cpSync(dir, copy, { recursive: true, filter: (source) => path.basename(source) !== 'writer.lock' });
    states.push({ step, dir: copy });
  };
  const original = { open: fsp.open, rename: fsp.rename, truncate: fsp.truncate, writeSync: fs.writeSync };
  fsp.open = async (file, flags, mode) => {
    const handle = await original.open(file, flags, mode);
    if (inJournal(file)) {
      names.set(handle.fd, path.basename(file));
      if (flags === 'ax') snapshot(`created ${path.basename(file)}`);
    }
    return handle;
  };
  fsp.rename = async (from, to) => {
    if (inJournal(to)) snapshot(`temp for ${path.basename(to)}`);
    await original.rename(from, to);
    if (inJournal(to)) snapshot(`renamed ${path.basename(to)}`);
  };
  fsp.truncate = async (file, length) => {
    await original.truncate(file, length);
    if (inJournal(file)) snapshot(`truncated ${path.basename(file)}`);
  };
  fs.writeSync = ((fd: number, ...rest: unknown[]) => {
    const written = (original.writeSync as (fd: number, ...args: unknown[]) => number)(fd, ...rest);
    const name = names.get(fd);
    if (name !== undefined) snapshot(`wrote ${name}`);
    return written;
  }) as typeof fs.writeSync;
  syncBuiltinESMExports();
  try {
    await body();
  } finally {
    Object.assign(fsp, { open: original.open, rename: original.rename, truncate: original.truncate });
    fs.writeSync = original.writeSync;
    syncBuiltinESMExports();
  }
  return states;
}
