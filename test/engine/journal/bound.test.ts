import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { JournalError, openJournal, verifyJournal } from '../../../engine/journal/index.js';
import { canonicalJson } from '../../../engine/journal/canonical.js';
import { keyPair, readLines, rechain, SEGMENT_1, withDir, writeLines } from './helpers.js';
import { ENTRY_MAX_BYTES } from '../../../engine/journal/bound.js';

const { privateKey, publicKey } = keyPair();
const MAX = 4096;

const digest = (value: unknown) => ({ bytes: Buffer.byteLength(canonicalJson(value)), sha256: createHash('sha256').update(canonicalJson(value)).digest('hex') });

async function rejects(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  try {
    await promise;
  } catch (err) {
    assert.instance(err, JournalError);
    assert.is((err as JournalError).code, code);
    assert.match((err as Error).message, message);
    return;
  }
  assert.unreachable(`expected ${code}`);
}

test('an entry over the bound keeps its decision: its largest fields become their size and digest until the line fits', () =>
  withDir(async (dir) => {
    const journal = await openJournal({ dir, signingKey: privateKey, maxEntryBytes: MAX });
    const reasons = Array.from({ length: 400 }, (_, i) => `reason ${i} ${'é'.repeat(20)}`);
    const visible = Array.from({ length: 300 }, (_, i) => `tool-${i}`);
    const small = { kind: 'decision' as const, decision_id: 'd-1', allow: false, method: 'tools/list' };
    await journal.append({ ...small, reasons, visible_tools: visible, note: 'x'.repeat(1500) });
    await journal.append({ ...small, decision_id: 'd-2', reasons: ['fits'] });
    await journal.close();
    const lines = await readLines(path.join(dir, SEGMENT_1));
    const [big, fits] = lines.slice(2).map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.ok(lines.every((l) => Buffer.byteLength(l) <= MAX), 'every line within the bound');
    assert.equal({ ...big, prev: 0, seq: 0, time: 0 }, { ...small, prev: 0, seq: 0, time: 0, note: 'x'.repeat(1500), oversized: { reasons: digest(reasons), visible_tools: digest(visible) } });
    assert.equal(fits!.reasons, ['fits']);
    assert.is(fits!.oversized, undefined);
    const report = await verifyJournal(dir, { publicKey });
    assert.equal(report.problems, []);
  }));

test('a caller cannot set oversized, nor an entry too many fields to fit; maxEntryBytes is checked', () =>
  withDir(async (dir) => {
    const journal = await openJournal({ dir, maxEntryBytes: MAX });
    await rejects(journal.append({ kind: 'decision', oversized: {} }), 'invalid_entry', /oversized is set by the journal/);
    const many = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`field-${i}`, 'y'.repeat(30)]));
    await rejects(journal.append({ kind: 'decision', ...many }), 'invalid_entry', /too many fields/);
    await journal.close();
    for (const bad of [1000, ENTRY_MAX_BYTES + 1, 5000.5]) await rejects(openJournal({ dir: path.join(dir, 'other'), maxEntryBytes: bad }), 'invalid_option', /maxEntryBytes/);
  }));

test('verify reads a line longer than any entry without holding it: line_too_long there, and the chain goes on through it', () =>
  withDir(async (dir) => {
    const journal = await openJournal({ dir });
    for (let i = 0; i < 3; i++) await journal.append({ kind: 'decision', allow: true, i });
    await journal.close();
    const file = path.join(dir, SEGMENT_1);
    const entries = (await readLines(file)).map((l) => JSON.parse(l) as Record<string, unknown>);
    entries[3]!.note = 'z'.repeat(ENTRY_MAX_BYTES);
    await writeLines(file, rechain(entries.map((e) => JSON.stringify(e))));
    assert.ok((await readFile(file)).length > ENTRY_MAX_BYTES);
    const report = await verifyJournal(dir);
    assert.equal(report.problems.map((p) => [p.code, path.basename(p.file), p.line]), [['line_too_long', SEGMENT_1, 4]]);
  }));

test.run();
