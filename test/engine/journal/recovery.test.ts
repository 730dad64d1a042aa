import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appendFile, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exitCodeFor, JournalError, openJournal, verifyJournal } from '../../../engine/journal/index.js';
import { CHECKPOINT_1, keyPair, withDir, readLines, SEGMENT_1, writeJournal, writeLines } from './helpers.js';
import { recordCrashStates } from './crash-states.js';

const { privateKey, publicKey } = keyPair();

async function openFails(options: Parameters<typeof openJournal>[0], code: string): Promise<void> {
  try {
    await (await openJournal(options)).close();
  } catch (err) {
    assert.is((err as JournalError).code, code);
    return;
  }
  assert.unreachable(`expected ${code}`);
}

const entries = async (dir: string) => (await readLines(path.join(dir, SEGMENT_1))).map((l) => JSON.parse(l) as Record<string, unknown>);

test('resuming continues seq and chain and journals the reopen', () =>
  withDir(async (dir) => {
    await writeJournal(dir, 3, { signingKey: privateKey });
    const journal = await openJournal({ dir, signingKey: privateKey });
    assert.is((await journal.append({ kind: 'decision' })).seq, 7);
    await journal.close();
    const kinds = (await entries(dir)).map((e) => [e.seq, e.kind, e.resumed]);
    assert.equal(kinds.slice(5), [[6, 'journal-open', true], [7, 'decision', undefined]]);
    assert.equal((await verifyJournal(dir, { publicKey })).warnings, []);
  }));

/**
 * The journal a crash leaves when an open has re-signed the closed head `open` and not yet
 * written a line: where a torn line can come from a crash (after a `closed` head it cannot).
 */
async function crashedWhileReopening(root: string): Promise<string> {
  const live = path.join(root, 'live');
  await writeJournal(live, 3, { signingKey: privateKey });
  const states = await recordCrashStates(live, path.join(root, 'states'), () => writeJournal(live, 0, { signingKey: privateKey }));
  return states.find((s) => s.step === `renamed ${CHECKPOINT_1}`)!.dir;
}

for (const [name, torn] of [
  ['a half-written line', '{"allow":true,"kind":"deci'],
  ['a zero-filled tail', '\0\0\0\0\0\0\0\0'],
] as const) {
  test(`a torn last line (${name}) is truncated alone and the truncation journaled`, () =>
    withDir(async (root) => {
      const dir = await crashedWhileReopening(root);
      const file = path.join(dir, SEGMENT_1);
      const before = (await stat(file)).size;
      await appendFile(file, torn);
      const journal = await openJournal({ dir, signingKey: privateKey });
      await journal.close();
      const all = await entries(dir);
      assert.is(all.length, 5 + 2, "journal-open and recovery follow");
      const recovery = all.find((e) => e.kind === 'recovery')!;
      assert.equal({ ...recovery, seq: 0, time: '', prev: '', sha256: '' }, { kind: 'recovery', reason: 'torn_line', file: SEGMENT_1, line: 6, offset: before, bytes: Buffer.byteLength(torn), seq: 0, time: '', prev: '', sha256: '' });
      // The first line after the cut is the recovery naming it: until that is on disk nothing says the bytes were there.
      assert.ok((await readFile(file)).subarray(before).toString().startsWith('{"bytes":'), 'the torn bytes are gone, their recovery in their place');
      const report = await verifyJournal(dir, { publicKey });
      assert.equal([report.problems, report.warnings], [[], []]);
    }));
}

test('a torn line is cut only when the opening lines are written, and the first of them is its recovery', () =>
  withDir(async (root) => {
    const dir = await crashedWhileReopening(root);
    const file = path.join(dir, SEGMENT_1);
    const before = (await stat(file)).size;
    await appendFile(file, '{"allow":true,"kind":"deci');
    const states = await recordCrashStates(dir, path.join(root, 'reopen'), async () => (await openJournal({ dir, signingKey: privateKey })).close());
    const cut = states.findIndex((s) => s.step === `truncated ${SEGMENT_1}`);
    assert.ok(cut >= 0, JSON.stringify(states.map((s) => s.step)));
    // A crash (or a disk still full) between the cut and the next write loses what was cut without a trace: no step may come between.
    assert.is(states[cut + 1]?.step, `wrote ${SEGMENT_1}`, JSON.stringify(states.map((s) => s.step)));
    const written = (await readFile(path.join(states[cut + 1]!.dir, SEGMENT_1))).subarray(before).toString();
    assert.equal([JSON.parse(written.split('\n')[0]!).kind, JSON.parse(written.split('\n')[0]!).reason], ['recovery', 'torn_line']);
  }));

test('bytes after a signed close are refused on open, not cut as a torn line', () =>
  withDir(async (dir) => {
    await writeJournal(dir, 3, { signingKey: privateKey });
    const file = path.join(dir, SEGMENT_1);
    await appendFile(file, '{"allow":true,"kind":"deci');
    const size = (await stat(file)).size;
    await openFails({ dir, signingKey: privateKey }, 'journal_corrupt');
    assert.is((await stat(file)).size, size, 'untouched');
  }));

test('a journal that does not verify is refused, not appended to', () =>
  withDir(async (dir) => {
    await writeJournal(dir, 5);
    const lines = await readLines(path.join(dir, SEGMENT_1));
    await writeLines(path.join(dir, SEGMENT_1), lines.filter((_, i) => i !== 3));
    await openFails({ dir }, 'journal_corrupt');
    assert.is((await readLines(path.join(dir, SEGMENT_1))).length, 6, 'untouched');
  }));

test('a signed journal cannot be resumed without its signing key', () =>
  withDir(async (dir) => {
    await writeJournal(dir, 1, { signingKey: privateKey });
    await openFails({ dir }, 'signing_key_required');
  }));

test('a new signing key is journaled as key-rotate, and the pinned new key still verifies old checkpoints', () =>
  withDir(async (dir) => {
    await writeJournal(dir, 30, { signingKey: privateKey, segmentMaxBytes: 1500 });
    const next = keyPair();
    await writeJournal(dir, 30, { signingKey: next.privateKey, segmentMaxBytes: 1500 });
    const report = await verifyJournal(dir, { publicKey: next.publicKey });
    assert.equal(report.problems, []);
    assert.ok(report.segments >= 4);
    const old = await verifyJournal(dir, { publicKey });
    assert.ok(old.problems.some((p) => p.code === 'key_mismatch'));
  }));

test('a crash right after creating a segment leaves it empty; resuming writes its header', () =>
  withDir(async (dir) => {
    await writeJournal(dir, 1);
    await writeFile(path.join(dir, 'segment-000002.jsonl'), '');
    const warned = await verifyJournal(dir);
    assert.ok(warned.warnings.some((w) => w.code === 'torn_line' && path.basename(w.file) === 'segment-000002.jsonl'));
    await writeJournal(dir, 1);
    const [head] = await readLines(path.join(dir, 'segment-000002.jsonl'));
    assert.equal([JSON.parse(head!).kind, JSON.parse(head!).segment], ['segment-open', 2]);
    assert.equal((await verifyJournal(dir)).problems, []);
  }));

/**
 * A writer signs a segment's `rotated` head only after the next segment has a checkpoint, so with
 * that head in place a newest segment without one was not left by a crash (writer.test.ts has
 * those), however little it holds.
 */
for (const [name, keep] of [['with its entries', Infinity], ['cut back to its header', 1]] as const) {
  test(`a deleted newest checkpoint, newest segment ${name}, is refused on open and is tamper to verify`, () =>
    withDir(async (dir) => {
      await writeJournal(dir, 40, { signingKey: privateKey, segmentMaxBytes: 1500 });
      const newest = (await readdir(dir)).filter((n) => n.endsWith('.jsonl')).sort().pop()!;
      const file = path.join(dir, newest);
      await writeLines(file, (await readLines(file)).slice(0, keep));
      await rm(file.replace('.jsonl', '.checkpoint'));
      await openFails({ dir, signingKey: privateKey }, 'checkpoint_missing');
      const report = await verifyJournal(dir, { publicKey });
      assert.equal(report.problems.map((p) => [p.code, path.basename(p.file)]), [['checkpoint_missing', newest.replace('.jsonl', '.checkpoint')]]);
      assert.is(exitCodeFor(report), 1);
    }));
}

test('a new journal that crashed before its first checkpoint opens; one with decisions and no checkpoint does not', () =>
  withDir(async (dir) => {
    await writeJournal(dir, 0, { signingKey: privateKey });
    await rm(path.join(dir, 'segment-000001.checkpoint'));
    await writeJournal(dir, 2, { signingKey: privateKey });
    assert.ok((await entries(dir)).some((e) => e.kind === 'recovery' && e.checkpointMissing === true));
    await rm(path.join(dir, 'segment-000001.checkpoint'));
    await openFails({ dir, signingKey: privateKey }, 'checkpoint_missing');
  }));

test('an unsigned journal signed for the first time records that its earlier lines were never signed', () =>
  withDir(async (dir) => {
    await writeJournal(dir, 2);
    await writeJournal(dir, 1, { signingKey: privateKey });
    const recovery = (await entries(dir)).find((e) => e.kind === 'recovery')!;
    assert.equal([recovery.firstSeq, recovery.lastSeq, recovery.neverSigned, recovery.checkpointMissing], [1, 4, true, false]);
  }));

test.run();
