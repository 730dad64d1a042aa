import { spawnSync } from 'node:child_process';
import { readdir, readFile, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { acquireLock, LOCK_STALE_MS, processScope, removeStaleLock } from '../../../engine/journal/lock.js';
import { withDir } from './helpers.js';

const LOCK = 'writer.lock';
/** What the journal's lock holds when this process holds it. */
const OURS = `${process.pid}\n${processScope() === undefined ? '' : `${processScope()}\n`}`;

/** The pid of a process that has exited, so that it names no one. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid!;
}

/** How many of `count` simultaneous attempts got the lock, and the codes of those that did not. */
async function race(dir: string, count: number): Promise<{ won: number; codes: string[] }> {
  const outcomes = await Promise.allSettled(Array.from({ length: count }, () => acquireLock(dir)));
  const codes = outcomes.flatMap((o) => (o.status === 'rejected' ? [(o.reason as { code: string }).code] : []));
  return { won: count - codes.length, codes };
}

test('of wardens started at once, one takes the lock, with its pid already in it when it appears', () =>
  withDir(async (dir) => {
    const { won, codes } = await race(dir, 8);
    assert.is(won, 1);
    assert.equal([...new Set(codes)], ['journal_locked']);
    assert.is(await readFile(path.join(dir, LOCK), 'utf8'), OURS);
    assert.equal(await readdir(dir), [LOCK], 'no draft is left behind');
  }));

test('a lock left by a process that is gone is taken over, by one of those racing for it', () =>
  withDir(async (dir) => {
    await writeFile(path.join(dir, LOCK), `${deadPid()}\n`);
    const { won, codes } = await race(dir, 8);
    assert.is(won, 1);
    assert.equal([...new Set(codes)], ['journal_locked']);
    assert.is(await readFile(path.join(dir, LOCK), 'utf8'), OURS);
    assert.equal(await readdir(dir), [LOCK]);
  }));

test('removing a stale lock puts back a live lock taken meanwhile', () =>
  withDir(async (dir) => {
    const file = path.join(dir, LOCK);
    await writeFile(file, `${process.pid}\n`);
    await removeStaleLock(file, deadPid());
    assert.is(await readFile(file, 'utf8'), `${process.pid}\n`);
    assert.equal(await readdir(dir), [LOCK]);
    await removeStaleLock(path.join(dir, 'absent.lock'), deadPid());
  }));

test('a lock file that names no process is not taken over', () =>
  withDir(async (dir) => {
    await writeFile(path.join(dir, LOCK), '');
    try {
      await acquireLock(dir);
      assert.unreachable('took over a lock naming no process');
    } catch (error) {
      assert.is((error as { code?: string }).code, 'journal_locked');
      assert.match((error as Error).message, /names no process; remove it if no warden writes this journal/);
    }
  }));

// A warden in another container on the same volume: its pid is not one this process can look up.
const FOREIGN_SCOPE = '00000000-0000-0000-0000-000000000000 pid:[1]';

test('a lock taken in another PID namespace is not judged by its pid: refused while it is in use', () =>
  withDir(async (dir) => {
    const foreign = `${deadPid()}\n${FOREIGN_SCOPE}\n`;
    await writeFile(path.join(dir, LOCK), foreign);
    try {
      await acquireLock(dir);
      assert.unreachable('took over the lock of a process it cannot see');
    } catch (error) {
      assert.is((error as { code?: string }).code, 'journal_locked');
      assert.match((error as Error).message, /in another PID namespace or on another machine/);
    }
    assert.is(await readFile(path.join(dir, LOCK), 'utf8'), foreign);
  }));

test('a lock from another PID namespace left unused for LOCK_STALE_MS is taken over', () =>
  withDir(async (dir) => {
    const file = path.join(dir, LOCK);
    await writeFile(file, `${process.pid}\n${FOREIGN_SCOPE}\n`);
    const then = new Date(Date.now() - LOCK_STALE_MS - 1000);
    await utimes(file, then, then);
    const lock = await acquireLock(dir);
    assert.is(await readFile(file, 'utf8'), OURS);
    await lock.release();
    assert.equal(await readdir(dir), []);
  }));

test('a held lock is touched while held, so that other PID namespaces see it in use', () =>
  withDir(async (dir) => {
    const lock = await acquireLock(dir, 10);
    const then = new Date(Date.now() - LOCK_STALE_MS - 1000);
    await utimes(lock.file, then, then);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(Date.now() - (await stat(lock.file)).mtimeMs < LOCK_STALE_MS);
    await lock.release();
    assert.equal(await readdir(dir), []);
  }));

/** Takes the lock in a child with a time limit: a read of the lock that blocked would block a thread this process needs to exit. */
function acquireInChild(dir: string): { signal: NodeJS.Signals | null; stdout: string } {
  const lockModule = new URL('../../../engine/journal/lock.js', import.meta.url).href;
  const script = `import { acquireLock } from ${JSON.stringify(lockModule)};
try { await acquireLock(${JSON.stringify(dir)}); console.log('acquired'); } catch (error) { console.log(error.code + ': ' + error.message); }`;
  const child = spawnSync(process.execPath, ['--max-old-space-size=64', '--input-type=module', '-e', script], { timeout: 10_000, encoding: 'utf8' });
  return { signal: child.signal, stdout: child.stdout.trim() };
}

for (const [name, put] of [
  ['a FIFO', (file: string) => assert.is(spawnSync('mkfifo', [file]).status, 0)],
  ['a link to /dev/zero', (file: string) => symlink('/dev/zero', file)],
] as const) {
  test(`a lock replaced by ${name} names no process: refused at once, not read without end`, () =>
    withDir(async (dir) => {
      const file = path.join(dir, LOCK);
      await put(file);
      const child = acquireInChild(dir);
      assert.is(child.signal, null, 'taking the lock returned within 10 s');
      assert.is(child.stdout, `journal_locked: journal ${dir} is locked by ${file}, which names no process; remove it if no warden writes this journal`);
    }));
}

test.run();
