import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ApprovalBook } from '../../../engine/approvals/approval-book.js';
import { ApprovalJournal, cursorFileFor } from '../../../engine/approvals/approval-journal.js';
import { appendWithLock } from '../../../engine/approvals/approval-log.js';
import type { ApprovalRecord } from '../../../engine/approvals/record.js';
import { withDir } from '../journal/helpers.js';

const HASH = 'c'.repeat(64);

function record(tool: string): ApprovalRecord {
  return { v: 1, id: randomUUID(), op: 'approve', upstream: 'fs', tool, hash: HASH, by: 'carol', at: '2026-01-01T00:00:00.000Z' };
}

class FakeJournal {
  entries: Array<Record<string, unknown>> = [];
  fail = false;
  append(entry: Record<string, unknown>): Promise<{ seq: number; hash: string }> {
    if (this.fail) return Promise.reject(new Error('disk full'));
    this.entries.push(entry);
    return Promise.resolve({ seq: this.entries.length, hash: '' });
  }
}

async function start(dir: string, journal: FakeJournal, journalDir = 'journal', errors: Error[] = []) {
  const stateDir = path.join(dir, 'state');
  const book = ApprovalBook.open({ stateDir, recheckMs: 0 });
  const journaling = await ApprovalJournal.start({ book, journal: journal as never, stateDir, journalDir: path.join(dir, journalDir), onError: (e) => errors.push(e) });
  return { book, journaling };
}

test('records made while no warden ran are journaled at start, once per journal; later ones as they are read', () => withDir(async (dir) => {
  const state = path.join(dir, 'state');
  await appendWithLock(state, () => [record('a'), record('b')]);
  const first = new FakeJournal();
  const run1 = await start(dir, first);
  assert.equal(first.entries.map((e) => [e.kind, e.tool, e.by, e.backlog]), [['approval', 'a', 'carol', true], ['approval', 'b', 'carol', true]]);
  await appendWithLock(state, () => [record('c')]);
  run1.book.lookup('fs', 'c');
  assert.equal(first.entries.at(-1), { kind: 'approval', op: 'approve', upstream: 'fs', tool: 'c', hash: HASH, by: 'carol', at: '2026-01-01T00:00:00.000Z', record: run1.book.records()[2]!.id });
  await run1.journaling.close();

  const again = new FakeJournal();
  await (await start(dir, again)).journaling.close();
  assert.equal(again.entries, [], 'the same journal is not told twice');
  const other = new FakeJournal();
  await (await start(dir, other, 'other-journal')).journaling.close();
  assert.is(other.entries.length, 3, 'another journal gets every record');
}));

test('a FIFO or a device in the cursor\'s place is no cursor: the start neither hangs nor reads it, and journals every record again', () => withDir(async (dir) => {
  const state = path.join(dir, 'state');
  await appendWithLock(state, () => [record('a')]);
  const cursor = cursorFileFor(state, path.join(dir, 'journal'));
  await mkdir(path.dirname(cursor), { recursive: true });
  for (const put of [() => assert.is(spawnSync('mkfifo', [cursor]).status, 0), () => symlink('/dev/zero', cursor)]) {
    await put();
    const journal = new FakeJournal();
    await (await start(dir, journal)).journaling.close();
    assert.equal(journal.entries.map((e) => e.tool), ['a']);
    await rm(cursor, { force: true });
  }
}));

test('an approval that cannot be journaled is reported', () => withDir(async (dir) => {
  await appendWithLock(path.join(dir, 'state'), () => [record('a')]);
  const journal = new FakeJournal();
  journal.fail = true;
  const errors: Error[] = [];
  await (await start(dir, journal, 'journal', errors)).journaling.close();
  assert.equal(errors.map((e) => e.message), ['disk full']);
  journal.fail = false;
  await (await start(dir, journal)).journaling.close();
  assert.is(journal.entries.length, 1, 'what failed is journaled at the next start');
}));

test.run();
