import { randomUUID } from 'node:crypto';
import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ApprovalBook } from '../../../engine/approvals/approval-book.js';
import { appendWithLock, approvalLogFile, ApprovalLogError } from '../../../engine/approvals/approval-log.js';
import type { ApprovalRecord } from '../../../engine/approvals/record.js';
import { withDir } from '../journal/helpers.js';

const H1 = '1'.repeat(64);
const H2 = '2'.repeat(64);

function record(op: ApprovalRecord['op'], tool: string, hash: string): ApprovalRecord {
  return { v: 1, id: randomUUID(), op, upstream: 'fs', tool, hash, by: 'bob', at: '2026-01-01T00:00:00.000Z' };
}

function scratch(fn: (state: string) => Promise<void>): Promise<void> {
  return withDir((dir) => fn(path.join(dir, 'state')));
}

test('a lookup sees approvals and revocations made after the book opened; each new record is reported once', () => scratch(async (state) => {
  const book = ApprovalBook.open({ stateDir: state, recheckMs: 0 });
  const reported: string[] = [];
  book.onRecords((records) => reported.push(...records.map((r) => `${r.op} ${r.tool}`)));
  assert.is(book.lookup('fs', 'read'), undefined);
  await appendWithLock(state, () => [record('approve', 'read', H1)]);
  assert.equal(book.lookup('fs', 'read'), { hash: H1, by: 'bob', at: '2026-01-01T00:00:00.000Z', id: book.records()[0]!.id });
  assert.is(book.lookup('other', 'read'), undefined, 'approvals are per upstream');
  await appendWithLock(state, () => [record('approve', 'read', H2)]);
  assert.is(book.lookup('fs', 'read')?.hash, H2, 'the latest approval counts');
  await appendWithLock(state, () => [record('revoke', 'read', H2)]);
  assert.is(book.lookup('fs', 'read'), undefined);
  book.refresh();
  assert.equal(reported, ['approve read', 'approve read', 'revoke read']);
}));

test('the watch picks a change up between lookups', () => scratch(async (state) => {
  const book = ApprovalBook.open({ stateDir: state, recheckMs: 60_000 });
  book.watch();
  try {
    const seen = new Promise<string>((resolve) => book.onRecords((records) => resolve(records[0]!.tool)));
    await appendWithLock(state, () => [record('approve', 'watched', H1)]);
    assert.is(await seen, 'watched');
  } finally {
    book.close();
  }
}));

test('a corrupt log refuses the open; at run time it voids every approval until repaired', () => scratch(async (state) => {
  await appendWithLock(state, () => [record('approve', 'read', H1)]);
  const file = approvalLogFile(state);
  const book = ApprovalBook.open({ stateDir: state, recheckMs: 0 });
  const errors: Error[] = [];
  book.onError((error) => errors.push(error));
  assert.is(book.lookup('fs', 'read')?.hash, H1);
  const good = `${JSON.stringify(record('approve', 'read', H1))}\n`;
  await appendFile(file, 'garbage\n');
  assert.is(book.lookup('fs', 'read'), undefined);
  assert.is(book.lookup('fs', 'read'), undefined);
  assert.is(errors.length, 1);
  assert.instance(errors[0], ApprovalLogError);
  assert.throws(() => ApprovalBook.open({ stateDir: state }), (e: unknown) => e instanceof ApprovalLogError);
  await writeFile(file, good);
  assert.is(book.lookup('fs', 'read')?.hash, H1, 'a repaired log is trusted again');
}));

test.run();
