import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { closeSync, cpSync, readdirSync, readlinkSync } from 'node:fs';
import { appendFile, open, readdir, readFile, rm, truncate } from 'node:fs/promises';
import path from 'node:path';
import { exitCodeFor, JournalError, openJournal, verifyJournal, type JournalOptions } from '../../../engine/journal/index.js';
import { chainHash, GENESIS_PREV } from '../../../engine/journal/hashing.js';
import { recordCrashStates, type CrashState } from './crash-states.js';
import { allEntries, checkpointState, keyPair, withDir, readLines, removeDir, SEGMENT_1, tempDir, writeJournal } from './helpers.js';

const { privateKey, publicKey } = keyPair();

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  try {
    await promise;
  } catch (err) {
    assert.instance(err, JournalError);
    assert.is((err as JournalError).code, code);
    return;
  }
  assert.unreachable(`expected rejection with ${code}`);
}

test('a new journal starts with segment-open and journal-open, chained from genesis', () =>
  withDir(async (dir) => {
    await writeJournal(dir, 1, { signingKey: privateKey });
    const entries = (await readLines(path.join(dir, SEGMENT_1))).map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(entries.map((e) => [e.seq, e.kind]), [[1, 'segment-open'], [2, 'journal-open'], [3, 'decision']]);
    assert.is(entries[0]!.prev, GENESIS_PREV);
    assert.is(entries[0]!.segment, 1);
    assert.is(entries[1]!.format, 'mcp-warden/journal/v1');
    assert.type(entries[1]!.key, 'string');
  }));

test('strict: 1000 concurrent appends get seq in call order, share few fsyncs (group commit) and keep the chain intact', () =>
  withDir(async (dir) => {
    const journal = await openJournal({ dir, signingKey: privateKey, durability: 'strict' });
    await countingSyncs(dir, async (syncs) => {
      const results = await Promise.all(Array.from({ length: 1000 }, (_, i) => journal.append({ kind: 'decision', i })));
      assert.equal(results.map((r) => r.seq), Array.from({ length: 1000 }, (_, i) => i + 3));
      assert.ok(syncs() < 50, `${syncs()} fdatasyncs for 1000 appends`);
    });
    await journal.close();
    const lines = await readLines(path.join(dir, SEGMENT_1));
    let prev = GENESIS_PREV;
    lines.forEach((line, i) => {
      const entry = JSON.parse(line) as { seq: number; prev: string; i?: number };
      assert.is(entry.seq, i + 1);
      assert.is(entry.prev, prev);
      if (i >= 2) assert.is(entry.i, i - 2);
      prev = chainHash(Buffer.from(line));
    });
    assert.ok((await verifyJournal(dir, { publicKey })).ok);
  }));

test('append returns the chain hash the next entry records as prev', () =>
  withDir(async (dir) => {
    const journal = await openJournal({ dir });
    const a = await journal.append({ kind: 'decision', n: 1 });
    await journal.append({ kind: 'decision', n: 2 });
    await journal.close();
    const lines = await readLines(path.join(dir, SEGMENT_1));
    assert.is((JSON.parse(lines[3]!) as { prev: string }).prev, a.hash);
  }));

test('invalid entries are rejected without failing the journal', () =>
  withDir(async (dir) => {
    const journal = await openJournal({ dir });
    await rejectsWith(journal.append({ kind: 'recovery' }), 'invalid_entry');
    await rejectsWith(journal.append({ kind: 'segment-open' }), 'invalid_entry');
    await rejectsWith(journal.append({ kind: 'bogus' as 'decision' }), 'invalid_entry');
    await rejectsWith(journal.append({ kind: 'decision', seq: 7 }), 'invalid_entry');
    await rejectsWith(journal.append({ kind: 'decision', f: () => 1 }), 'invalid_entry');
    await rejectsWith(journal.append({ kind: 'decision', n: Number.NaN }), 'invalid_entry');
    await rejectsWith(journal.append({ kind: 'decision', d: new Date() }), 'invalid_entry');
    assert.is((await journal.append({ kind: 'policy-load', digest: 'abc', error: 'rego_parse_error' })).seq, 3);
    await journal.close();
    await rejectsWith(journal.append({ kind: 'decision' }), 'journal_closed');
  }));

test('appendThen answers each entry once and never from within the call: its place, or why it was refused', () =>
  withDir(async (dir) => {
    const journal = await openJournal({ dir });
    const answers: Array<{ n: number; error?: string; seq?: number }> = [];
    let inCall = false;
    const append = (n: number, entry: Record<string, unknown> = { n }): void => {
      inCall = true;
      journal.appendThen!({ kind: 'decision', ...entry }, (error, result) => {
        assert.not.ok(inCall, 'answered later, never from within appendThen');
        answers.push(error ? { n, error: (error as JournalError).code } : { n, seq: result!.seq });
      });
      inCall = false;
    };
    append(1);
    append(2, { seq: 9 });
    append(3);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal([...answers].sort((a, b) => a.n - b.n), [{ n: 1, seq: 3 }, { n: 2, error: 'invalid_entry' }, { n: 3, seq: 4 }]);
    closeSegmentFd(dir);
    append(4);
    append(5);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(answers.slice(3), [{ n: 4, error: 'journal_failed' }, { n: 5, error: 'journal_failed' }], 'each failed entry is told once');
    await journal.close().catch(() => undefined);
  }));

/** Closes the segment's descriptor behind the journal's back, as a failing disk would. */
function closeSegmentFd(dir: string): void {
  const target = path.join(dir, SEGMENT_1);
  for (const fd of readdirSync('/proc/self/fd')) {
    const link = (() => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        return '';
      }
    })();
    if (link === target) closeSync(Number(fd));
  }
}

test('a failed write is fatal: append rejects, and keeps rejecting', () =>
  withDir(async (dir) => {
    const journal = await openJournal({ dir });
    await journal.append({ kind: 'decision', n: 1 });
    closeSegmentFd(dir);
    const burst = await Promise.allSettled([journal.append({ kind: 'decision', n: 2 }), journal.append({ kind: 'decision', n: 3 })]);
    for (const r of burst) {
      assert.is(r.status, 'rejected');
      assert.is(((r as PromiseRejectedResult).reason as JournalError).code, 'journal_failed');
    }
    await rejectsWith(journal.append({ kind: 'decision', n: 4 }), 'journal_failed');
    await rejectsWith(journal.close(), 'journal_failed');
    await rejectsWith(journal.append({ kind: 'decision', n: 5 }), 'journal_failed');
    const lines = await readLines(path.join(dir, SEGMENT_1));
    assert.is(lines.length, 3, 'nothing after the failure reached the file');
  }));

for (const durability of ['batched', 'strict'] as const) {
  test(`${durability}: a journal directory deleted under the writer fails the next append, which is never acknowledged`, () =>
    withDir(async (dir) => {
      const journal = await openJournal({ dir, durability });
      await journal.append({ kind: 'decision', n: 1 });
      await rm(dir, { recursive: true, force: true });
      const refused = await journal.append({ kind: 'decision', n: 2 }).then(() => undefined, (error: JournalError) => error);
      assert.is(refused?.code, 'journal_failed');
      assert.match(refused!.message, 'was deleted');
      await rejectsWith(journal.append({ kind: 'decision', n: 3 }), 'journal_failed');
      await rejectsWith(journal.close(), 'journal_failed');
    }));
}

for (const durability of ['batched', 'strict'] as const) {
  test(`${durability}: lines another process appends to the segment stop the writer before it writes after them`, () =>
    withDir(async (dir) => {
      const journal = await openJournal({ dir, durability });
      await journal.append({ kind: 'decision', n: 1 });
      const before = await readLines(path.join(dir, SEGMENT_1));
      // What a second warden, whose lock check could not see this one, would write.
      const foreign = '{"kind":"decision","seq":4}';
      await appendFile(path.join(dir, SEGMENT_1), `${foreign}\n`);
      const refused = await journal.append({ kind: 'decision', n: 2 }).then(() => undefined, (error: JournalError) => error);
      assert.is(refused?.code, 'journal_failed');
      assert.match(refused!.message, 'another process writes it');
      await rejectsWith(journal.append({ kind: 'decision', n: 3 }), 'journal_failed');
      await rejectsWith(journal.close(), 'journal_failed');
      assert.equal(await readLines(path.join(dir, SEGMENT_1)), [...before, foreign], 'nothing written after the foreign line');
    }));
}

/** Counts FileHandle.datasync calls while `body` runs. */
async function countingSyncs(dir: string, body: (syncs: () => number) => Promise<void>): Promise<void> {
  const probe = await open(path.join(dir, 'probe'), 'w');
  const proto = Object.getPrototypeOf(probe) as { datasync: () => Promise<void> };
  await probe.close();
  const original = proto.datasync;
  let syncs = 0;
  proto.datasync = function (this: unknown) {
    syncs++;
    return original.call(this);
  };
  try {
    await body(() => syncs);
  } finally {
    proto.datasync = original;
  }
}

test('strict: an append is acknowledged only after an fdatasync that followed its write', () =>
  withDir(async (dir) => {
    const journal = await openJournal({ dir, durability: 'strict' });
    await countingSyncs(dir, async (syncs) => {
      const before = syncs();
      await journal.append({ kind: 'decision', n: 1 });
      assert.is(syncs(), before + 1);
    });
    await journal.close();
  }));

test('the default durability is batched: acknowledged once written, before its fdatasync', () =>
  withDir(async (dir) => {
    const journal = await openJournal({ dir });
    await countingSyncs(dir, async (syncs) => {
      const before = syncs();
      await journal.append({ kind: 'decision', n: 1 });
      assert.is(syncs(), before);
      assert.is((await readLines(path.join(dir, SEGMENT_1))).length, 3);
    });
    await journal.close();
  }));

test('batched: an append is acknowledged once written, its fdatasync follows within syncWithinMs', () =>
  withDir(async (dir) => {
    const journal = await openJournal({ dir, signingKey: privateKey, durability: 'batched', syncWithinMs: 40 });
    await countingSyncs(dir, async (syncs) => {
      const before = syncs();
      await journal.append({ kind: 'decision', n: 1 });
      assert.is(syncs(), before, 'acknowledged before any fdatasync');
      assert.is((await readLines(path.join(dir, SEGMENT_1))).length, 3, 'but already written to the file');
      await Promise.all(Array.from({ length: 50 }, (_, n) => journal.append({ kind: 'decision', n })));
      await new Promise((resolve) => setTimeout(resolve, 120));
      assert.ok(syncs() - before >= 1 && syncs() - before <= 3, `${syncs() - before} fdatasyncs for 51 appends`);
    });
    await journal.close();
    assert.ok((await verifyJournal(dir, { publicKey })).ok);
  }));

test('batched: a checkpoint never covers lines not yet synced', () =>
  withDir(async (dir) => {
    const journal = await openJournal({ dir, signingKey: privateKey, durability: 'batched', syncWithinMs: 1000, checkpointEvery: 5 });
    await countingSyncs(dir, async (syncs) => {
      const before = syncs();
      for (let i = 0; i < 5; i++) await journal.append({ kind: 'decision', i });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const text = await readFile(path.join(dir, 'segment-000001.checkpoint'), 'utf8');
      assert.ok(Number(text.split('\n')[1]) >= 6, 'the checkpoint covers appended entries');
      assert.ok(syncs() > before, 'the file was synced for it, long before syncWithinMs');
    });
    await journal.close();
    assert.ok((await verifyJournal(dir, { publicKey })).ok);
  }));

test('batched: a failed deferred fdatasync is fatal for every later append', () =>
  withDir(async (dir) => {
    const journal = await openJournal({ dir, durability: 'batched', syncWithinMs: 10 });
    const probe = await open(path.join(dir, 'probe'), 'w');
    const proto = Object.getPrototypeOf(probe) as { datasync: () => Promise<void> };
    await probe.close();
    const original = proto.datasync;
    proto.datasync = () => Promise.reject(new Error('EIO'));
    try {
      await journal.append({ kind: 'decision', n: 1 });
      await new Promise((resolve) => setTimeout(resolve, 60));
      await rejectsWith(journal.append({ kind: 'decision', n: 2 }), 'journal_failed');
    } finally {
      proto.datasync = original;
    }
    await rejectsWith(journal.close(), 'journal_failed');
  }));

test('segments rotate by size, each opening with segment-open chained to the previous segment', () =>
  withDir(async (dir) => {
    await writeJournal(dir, 40, { signingKey: privateKey, segmentMaxBytes: 1500 });
    const names = (await readdir(dir)).filter((n) => n.endsWith('.jsonl')).sort();
    assert.ok(names.length >= 3, names.join());
    let prevLast = '';
    for (const [i, name] of names.entries()) {
      const lines = await readLines(path.join(dir, name));
      const head = JSON.parse(lines[0]!) as { kind: string; segment: number; prev: string };
      assert.equal([head.kind, head.segment], ['segment-open', i + 1]);
      if (prevLast) assert.is(head.prev, chainHash(Buffer.from(prevLast)));
      prevLast = lines[lines.length - 1]!;
      const checkpoint = await readFile(path.join(dir, name.replace('.jsonl', '.checkpoint')), 'utf8');
      assert.match(checkpoint, i === names.length - 1 ? /\nstate closed\n/ : /\nstate rotated\n/);
    }
    const report = await verifyJournal(dir, { publicKey });
    assert.equal(report.problems, []);
    assert.is(report.segments, names.length);
    assert.is(report.entries, 40 + 2 + names.length - 1);
  }));

test('a checkpoint is signed every N entries, before close', () =>
  withDir(async (dir) => {
    const journal = await openJournal({ dir, signingKey: privateKey, checkpointEvery: 10 });
    for (let i = 0; i < 25; i++) await journal.append({ kind: 'decision', i });
    const text = await readFile(path.join(dir, 'segment-000001.checkpoint'), 'utf8');
    const size = Number(text.split('\n')[1]);
    assert.ok(size >= 20 && size < 27, `size ${size}`);
    assert.match(text, /\nstate open\n\n\u2014 mcp-warden\/journal\//);
    await journal.close();
  }));

test('a checkpoint is signed after checkpointSeconds with unsigned entries', () =>
  withDir(async (dir) => {
    const journal = await openJournal({ dir, signingKey: privateKey, checkpointSeconds: 0.05 });
    await journal.append({ kind: 'decision' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const text = await readFile(path.join(dir, 'segment-000001.checkpoint'), 'utf8');
    assert.is(text.split('\n')[1], '3');
    await journal.close();
  }));

test('the opening checkpoint covers every opening entry; the first decisions are signed within 1 s', () =>
  withDir(async (dir) => {
    const journal = await openJournal({ dir, signingKey: privateKey });
    const size = async () => Number((await readFile(path.join(dir, 'segment-000001.checkpoint'), 'utf8')).split('\n')[1]);
    assert.is(await size(), 2, 'segment-open and journal-open');
    for (let i = 0; i < 35; i++) await journal.append({ kind: 'decision', i });
    assert.is(await size(), 2, 'checkpointSeconds (60 s) has not passed');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    assert.is(await size(), 37);
    await journal.close();
  }));

test("a rotation signs the new segment's head before any caller entry lands in it", () =>
  withDir(async (dir) => {
    const journal = await openJournal({ dir, signingKey: privateKey, segmentMaxBytes: 1500 });
    let seg2Checkpoint = '';
    for (let i = 0; i < 40 && !seg2Checkpoint; i++) {
      await journal.append({ kind: 'decision', i, pad: 'x'.repeat(40) });
      seg2Checkpoint = await readFile(path.join(dir, 'segment-000002.checkpoint'), 'utf8').catch(() => '');
    }
    const seg1 = await readLines(path.join(dir, SEGMENT_1));
    const [, size, , state] = seg2Checkpoint.split('\n');
    assert.equal([Number(size), state], [seg1.length + 1, 'state open'], 'covers segment 1 and the new header');
    await journal.close();
  }));

test('commitments are keyed HMACs of canonical JSON and never leak the payload', () =>
  withDir(async (dir) => {
    const key = new Uint8Array(32).fill(7);
    const journal = await openJournal({ dir, hmacKey: key });
    const c = journal.commitment({ b: 1, a: 'secret-token' });
    assert.match(c, /^[0-9a-f]{64}$/);
    assert.is(journal.commitment({ a: 'secret-token', b: 1 }), c, 'key order does not matter');
    await journal.append({ kind: 'decision', args: c });
    await journal.close();
    const other = await openJournal({ dir: path.join(dir, 'other'), hmacKey: new Uint8Array(32).fill(8) });
    assert.is.not(other.commitment({ b: 1, a: 'secret-token' }), c);
    await other.close();
    assert.not.match(await readFile(path.join(dir, SEGMENT_1), 'utf8'), /secret-token/);
    assert.throws(() => journal.commitment(undefined));
  }));

test('one writer per journal', () =>
  withDir(async (dir) => {
    const journal = await openJournal({ dir });
    await rejectsWith(openJournal({ dir }), 'journal_locked');
    await journal.close();
    await (await openJournal({ dir })).close();
  }));

test('journal files are 0600 in a 0700 directory, also when the directory existed with wider access', () =>
  withDir(async (dir) => {
    const { chmod, stat } = await import('node:fs/promises');
    await chmod(dir, 0o755);
    const journal = await openJournal({ dir, signingKey: privateKey, segmentMaxBytes: 1500 });
    for (let i = 0; i < 20; i++) await journal.append({ kind: 'decision', i });
    await journal.close();
    assert.is((await stat(dir)).mode & 0o777, 0o700);
    const names = await readdir(dir);
    assert.ok(names.some((n) => n.endsWith('.checkpoint')) && names.filter((n) => n.endsWith('.jsonl')).length > 1);
    for (const name of names) assert.is((await stat(path.join(dir, name))).mode & 0o777, 0o600, name);
  }));

test('a journal whose files were restored with wider access has them 0600 again once opened', () =>
  withDir(async (dir) => {
    const { chmod, stat } = await import('node:fs/promises');
    await writeJournal(dir, 20, { signingKey: privateKey, segmentMaxBytes: 1500 });
    const names = await readdir(dir);
    assert.ok(names.filter((n) => n.endsWith('.checkpoint')).length > 1 && names.filter((n) => n.endsWith('.jsonl')).length > 1);
    for (const name of names) await chmod(path.join(dir, name), 0o644);
    await (await openJournal({ dir, signingKey: privateKey, segmentMaxBytes: 1500 })).close();
    for (const name of await readdir(dir)) assert.is((await stat(path.join(dir, name))).mode & 0o777, 0o600, name);
  }));

test('options are checked', async () => {
  await rejectsWith(openJournal({ dir: '' }), 'invalid_option');
  await rejectsWith(openJournal({ dir: '/tmp/x', checkpointEvery: 0 }), 'invalid_option');
  await rejectsWith(openJournal({ dir: '/tmp/x', signingKey: publicKey }), 'invalid_option');
  await rejectsWith(openJournal({ dir: '/tmp/x', hmacKey: new Uint8Array(4) }), 'invalid_option');
  await rejectsWith(openJournal({ dir: '/tmp/x', durability: 'eventually' as never }), 'invalid_option');
  await rejectsWith(openJournal({ dir: '/tmp/x', syncWithinMs: 5000 }), 'invalid_option');
});

const ROTATING: Omit<JournalOptions, 'dir'> = { signingKey: privateKey, segmentMaxBytes: 1500 };

/**
 * Opens (or resumes) the journal and appends eight decisions at once: the batch rotates segments
 * mid-drain, with lines after the old segment's head.
 */
async function appendRotating(dir: string): Promise<void> {
  const journal = await openJournal({ dir, ...ROTATING });
  await Promise.all(Array.from({ length: 8 }, (_, i) => journal.append({ kind: 'decision', i, pad: 'x'.repeat(100) })));
  await journal.close();
}

/** As `appendRotating`, one decision at a time, each signed before the next: a segment rotates with every line signed. */
async function appendSigned(dir: string): Promise<void> {
  const journal = await openJournal({ dir, ...ROTATING, checkpointEvery: 1 });
  for (let i = 0; i < 8; i++) await journal.append({ kind: 'decision', i, pad: 'x'.repeat(100) });
  await journal.close();
}

/** What a crash left: verify's findings before the next open, and after an open that appends and closes. */
async function reopen(dir: string): Promise<{ before: { problems: string[]; warnings: string[]; exit: number }; after: { problems: string[]; warnings: string[] } }> {
  const codes = async () => {
    const report = await verifyJournal(dir, { publicKey });
    return { problems: report.problems.map((p) => `${p.code}: ${p.message}`), warnings: report.warnings.map((w) => w.code), exit: exitCodeFor(report) };
  };
  const before = await codes();
  const journal = await openJournal({ dir, ...ROTATING });
  await journal.append({ kind: 'decision', reopened: true });
  await journal.close();
  const { problems, warnings } = await codes();
  return { before, after: { problems, warnings } };
}

/** Scratch directories of the crash tests, removed after the last test. */
const scratch = tempDir();
test.after(async () => removeDir(await scratch));

const recorded = new Map<(dir: string) => Promise<void>, Promise<CrashState[]>>();

/** The states a crash during the first rotation (segment 1 to 2) of a new journal written by `write` leaves, recorded once. */
function rotationCrashStates(write = appendRotating): Promise<CrashState[]> {
  const record = async () => {
    const root = path.join(await scratch, `rotation-${write.name}`);
    const live = path.join(root, 'live');
    const states = await recordCrashStates(live, path.join(root, 'states'), () => write(live));
    const from = states.findIndex((s) => s.step === 'created segment-000002.jsonl');
    const to = states.findIndex((s, i) => i > from && s.step === 'renamed segment-000001.checkpoint');
    return states.slice(from, to + 1);
  };
  if (!recorded.has(write)) recorded.set(write, record());
  return recorded.get(write)!;
}

/** A fresh copy of a recorded state to reopen (one per `purpose`), so that the recorded state stays as it was. */
async function copyOf(state: CrashState, purpose: string): Promise<string> {
  const root = await scratch;
  const dir = path.join(root, purpose.replace(/[^a-z0-9]+/gi, '-'), path.relative(root, state.dir));
  cpSync(state.dir, dir, { recursive: true, errorOnExist: true, force: false });
  return dir;
}

test("a rotation creates the new segment, writes its header and signs its first head before the old segment's rotated head", async () => {
  for (const write of [appendRotating, appendSigned]) {
    assert.equal((await rotationCrashStates(write)).map((s) => s.step), [
      'created segment-000002.jsonl',
      'wrote segment-000002.jsonl',
      'temp for segment-000002.checkpoint',
      'renamed segment-000002.checkpoint',
      'temp for segment-000001.checkpoint',
      'renamed segment-000001.checkpoint',
    ]);
  }
});

/**
 * One case per step of a rotation a crash can stop it behind. Until segment 2's first head is
 * signed, the lines after segment 1's head are an unsigned tail; from then on nothing is unsigned.
 * Every case but the last leaves segment 1's head `open`, which the next open signs `rotated`.
 */
const ROTATION_CRASHES: Array<{ name: string; step: number; cut?: boolean; warnings: string[]; recovered: string[]; after: string[] }> = [
  { name: 'segment 2 created, still empty', step: 0, warnings: ['torn_line', 'unsigned_tail'], recovered: ['unsigned_tail', 'unfinished_rotation'], after: ['recovered_tail'] },
  { name: 'its header half written', step: 1, cut: true, warnings: ['torn_line', 'unsigned_tail'], recovered: ['torn_line', 'unsigned_tail', 'unfinished_rotation'], after: ['recovered_tail'] },
  { name: 'its header written', step: 1, warnings: ['unsigned_tail'], recovered: ['unsigned_tail', 'unfinished_rotation'], after: ['recovered_tail'] },
  { name: 'its first head in a temp file', step: 2, warnings: ['unsigned_tail'], recovered: ['unsigned_tail', 'unfinished_rotation'], after: ['recovered_tail'] },
  { name: 'its first head signed', step: 3, warnings: ['not_closed'], recovered: ['unfinished_rotation'], after: [] },
  { name: "segment 1's rotated head in a temp file", step: 4, warnings: ['not_closed'], recovered: ['unfinished_rotation'], after: [] },
  { name: "segment 1's rotated head signed", step: 5, warnings: ['not_closed'], recovered: [], after: [] },
];

for (const crash of ROTATION_CRASHES) {
  test(`crash while rotating (${crash.name}): verify warns (exit 3), the next open recovers, then verify passes`, async () => {
    const dir = await copyOf((await rotationCrashStates())[crash.step]!, crash.name);
    const seg2 = path.join(dir, 'segment-000002.jsonl');
    if (crash.cut) await truncate(seg2, Math.floor((await readFile(seg2)).length / 2));
    const { before, after } = await reopen(dir);
    assert.equal(before, { problems: [], warnings: crash.warnings, exit: 3 });
    const recovered = (await allEntries(dir)).filter((e) => e.kind === 'recovery').map((e) => e.reason);
    assert.equal(recovered, crash.recovered);
    assert.is(await checkpointState(path.join(dir, 'segment-000001.checkpoint')), 'rotated');
    assert.equal(after, { problems: [], warnings: crash.after });
  });
}

test('crash while rotating a fully signed segment (the new one still empty): the open writes its header before it signs anything', async () => {
  const dir = await copyOf((await rotationCrashStates(appendSigned))[0]!, 'fully signed');
  const { before, after } = await reopen(dir);
  assert.equal(before, { problems: [], warnings: ['torn_line', 'not_closed'], exit: 3 });
  assert.equal((await allEntries(dir)).filter((e) => e.kind === 'recovery').map((e) => e.reason), ['unfinished_rotation']);
  assert.equal(after, { problems: [], warnings: [] });
});

/** Every state recorded while `body` ran: none is tampering, each reopens, and verifies after. */
async function assertEveryCrashRecovers(states: CrashState[], nested: (state: CrashState) => boolean): Promise<void> {
  for (const state of states) {
    if (nested(state)) {
      const reopened = await copyOf(state, 'reopening');
      await assertEveryCrashRecovers(await recordCrashStates(reopened, `${reopened}-reopening`, () => appendRotating(reopened)), () => false);
      await removeDir(reopened);
    }
    const dir = await copyOf(state, 'reopened');
    const { before, after } = await reopen(dir).catch((err: Error) => {
      throw new Error(`${state.dir} (${state.step}) does not reopen: ${err.message}`);
    });
    assert.equal(before.problems, [], `${state.dir} (${state.step}) before reopening`);
    assert.equal(after.problems, [], `${state.dir} (${state.step}) after reopening`);
  }
}

test("every step of a journal's life a crash can stop it at (create, rotate, close, resume) recovers; so does a crash of the open recovering from a rotation", async () => {
  const root = path.join(await scratch, 'life');
  const live = path.join(root, 'live');
  const states = await recordCrashStates(live, path.join(root, 'states'), async () => {
    await appendRotating(live);
    await appendRotating(live);
  });
  assert.ok(states.length > 30, `${states.length} states`);
  const rotation = [...(await rotationCrashStates(appendRotating)), ...(await rotationCrashStates(appendSigned))];
  await assertEveryCrashRecovers([...states, ...rotation], (state) => rotation.includes(state));
});

test.run();
