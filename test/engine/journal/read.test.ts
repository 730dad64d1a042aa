import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exitCodeFor, JournalError, openJournal, verifyJournal } from '../../../engine/journal/index.js';
import { CHUNK_BYTES, readFirstLine, readLastLine, readLines, readRegularFile, SKIP_LONG_LINES, type LineLimit } from '../../../engine/journal/read.js';
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

/** Lines whose newlines fall just before, on and just after chunk boundaries, one spanning several chunks, and a torn tail across one. */
function awkwardLines(): { lines: Buffer[]; torn: Buffer } {
  const lines: Buffer[] = [];
  let at = 0;
  const add = (length: number) => {
    lines.push(Buffer.alloc(length, 97 + (lines.length % 26)));
    at += length + 1;
  };
  add(0);
  for (const boundary of [CHUNK_BYTES, 2 * CHUNK_BYTES, 3 * CHUNK_BYTES]) {
    for (const newlineAt of [boundary - 2, boundary - 1, boundary]) add(newlineAt - at);
  }
  add(Math.floor(2.5 * CHUNK_BYTES));
  add(1);
  const torn = Buffer.alloc(CHUNK_BYTES + 7 - (at % CHUNK_BYTES), 122);
  return { lines, torn };
}

test('lines are read whole across chunk boundaries; a torn tail is told by offset, length and hash', () =>
  withDir(async (dir) => {
    const file = path.join(dir, 'f');
    const { lines, torn } = awkwardLines();
    await writeFile(file, Buffer.concat([...lines.flatMap((l) => [l, Buffer.from('\n')]), torn]));
    const seen: Buffer[] = [];
    const read = await readLines(file, (line) => void seen.push(Buffer.from(line)), SKIP_LONG_LINES(4 * CHUNK_BYTES));
    assert.equal(seen.map((l) => [l.length, l[0]]), lines.map((l) => [l.length, l[0]]));
    assert.ok(seen.every((l, i) => l.equals(lines[i]!)), 'same bytes');
    const bytes = lines.reduce((n, l) => n + l.length + 1, 0);
    assert.equal(read, { lines: lines.length, bytes, torn: { offset: bytes, length: torn.length, sha256: createHash('sha256').update(torn).digest('hex') } });
  }));

test('reading stops when told; the first line is read without the rest', () =>
  withDir(async (dir) => {
    const file = path.join(dir, 'f');
    await writeFile(file, 'one\ntwo\nthree\n');
    let calls = 0;
    assert.equal(await readLines(file, () => ++calls < 2, SKIP_LONG_LINES(100)), { lines: 2, bytes: 8 });
    assert.is((await readFirstLine(file, 100))?.toString(), 'one');
    assert.is(await readFirstLine(file, 2), undefined, 'a first line longer than the limit is not held');
    await writeFile(file, 'no newline');
    assert.is(await readFirstLine(file, 100), undefined);
  }));

test('the last line is read from the end: only a complete one, no longer than the limit', () =>
  withDir(async (dir) => {
    const file = path.join(dir, 'f');
    const cases: Array<[string, number, string | undefined]> = [
      ['one\ntwo\nthree\n', 100, 'three'],
      ['one\ntwo\nthree\n', 5, 'three'],
      ['one\ntwo\nthree\n', 4, undefined],
      ['three\n', 5, 'three'],
      ['three\n', 4, undefined],
      ['one\n\n', 100, ''],
      ['\n', 100, ''],
      ['one\ntorn', 100, undefined],
      ['', 100, undefined],
    ];
    for (const [text, limit, want] of cases) {
      await writeFile(file, text);
      assert.is((await readLastLine(file, limit))?.toString(), want, JSON.stringify([text, limit]));
    }
  }));

for (const limit of [0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, Math.floor(1.5 * CHUNK_BYTES)]) {
  test(`lines longer than ${limit} bytes are handed over a piece at a time, never whole, and counted in place; a long torn tail is told by its hash`, () =>
    withDir(async (dir) => {
      const file = path.join(dir, 'f');
      const { lines, torn } = awkwardLines();
      await writeFile(file, Buffer.concat([...lines.flatMap((l) => [l, Buffer.from('\n')]), torn]));
      const seen: Array<[number, Buffer]> = [];
      let lineNo = 0;
      const limited: LineLimit = {
        maxBytes: limit,
        onLongLine: (n) => {
          lineNo = n;
          const hash = createHash('sha256');
          let length = 0;
          return {
            update: (piece) => {
              assert.ok(piece.length <= CHUNK_BYTES, 'no more than a chunk at a time');
              hash.update(piece);
              length += piece.length;
            },
            end: (total) => {
              assert.is(total, length);
              seen.push([n, Buffer.from(hash.digest('hex'))]);
            },
          };
        },
      };
      const read = await readLines(file, (line) => {
        lineNo++;
        assert.ok(line.length <= limit, `line ${lineNo} of ${line.length} bytes held whole`);
        seen.push([lineNo, Buffer.from(createHash('sha256').update(line).digest('hex'))]);
      }, limited);
      assert.equal(seen.map(([n]) => n), lines.map((_, i) => i + 1));
      assert.ok(seen.every(([, h], i) => h.toString() === createHash('sha256').update(lines[i]!).digest('hex')), 'every line\'s bytes, whole or in pieces');
      assert.ok(seen.length > 0 && lines.some((l) => l.length > limit), 'some lines were long');
      const bytes = lines.reduce((n, l) => n + l.length + 1, 0);
      assert.equal(read, { lines: lines.length, bytes, torn: { offset: bytes, length: torn.length, sha256: createHash('sha256').update(torn).digest('hex') } });
    }));
}

test.run();
