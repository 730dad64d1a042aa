import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exitCodeFor, JournalError, openJournal, verifyJournal } from '../../../engine/journal/index.js';
import { readRegularFile } from '../../../engine/journal/read.js';
import { CHECKPOINT_1, keyPair, SEGMENT_1, withDir, writeJournal } from './helpers.js';

const { privateKey, publicKey } = keyPair();

/** Fails instead of hanging: the bug this guards against is a read that never returns. */
function within<T>(promise: Promise<T>, what: string, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not return within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function mkfifo(file: string): Promise<void> {
  const made = spawnSync('mkfifo', [file]);
  assert.is(made.status, 0, `mkfifo: ${made.stderr?.toString()}`);
}

/** What someone who can write the journal directory can put under a journal file's name. */
const impostors: Array<{ name: string; kind: string; put(file: string): Promise<void> }> = [
  { name: 'a FIFO', kind: 'a FIFO', put: mkfifo },
  { name: 'a link to /dev/zero', kind: 'a device', put: (file) => symlink('/dev/zero', file) },
  { name: 'a directory', kind: 'a directory', put: (file) => mkdir(file) },
];

for (const impostor of impostors) {
  for (const name of [SEGMENT_1, CHECKPOINT_1]) {
    test(`${name} replaced by ${impostor.name} is an io_error naming it; verify and open return`, () =>
      withDir(async (dir) => {
        await writeJournal(dir, 3, { signingKey: privateKey });
        const file = path.join(dir, name);
        await rm(file);
        await impostor.put(file);
        const report = await within(verifyJournal(dir, { publicKey }), 'verify');
        const finding = report.problems.find((p) => p.code === 'io_error');
        assert.ok(finding, JSON.stringify(report.problems));
        assert.is(path.basename(finding.file), name);
        assert.match(finding.message, `not a regular file (${impostor.kind})`);
        assert.not.ok(report.warnings.some((w) => w.code === 'journal_growing'), 'an unreadable file did not appear meanwhile');
        assert.is.not(exitCodeFor(report), 0);
        const refused = await within(openJournal({ dir, signingKey: privateKey }), 'open').then(() => undefined, (error: unknown) => error);
        assert.instance(refused, JournalError);
      }));
  }
}

test('a regular file is read whole; one larger than the limit is refused', () =>
  withDir(async (dir) => {
    const file = path.join(dir, 'f');
    await writeFile(file, 'abc\n');
    assert.is((await readRegularFile(file)).toString(), 'abc\n');
    try {
      await readRegularFile(file, 3);
      assert.unreachable('read a file larger than the limit');
    } catch (error) {
      assert.match((error as Error).message, 'more than the 3');
    }
  }));

test.run();
