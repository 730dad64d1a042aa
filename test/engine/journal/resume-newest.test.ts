import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appendFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import { checkpointText, originFor } from '../../../engine/journal/checkpoint.js';
import { signNote } from '../../../engine/journal/note.js';
import { JournalError, openJournal, verifyJournal } from '../../../engine/journal/index.js';
import { scanNewest } from '../../../engine/journal/resume-newest.js';
import { scanJournal, type ScanResult } from '../../../engine/journal/scan.js';
import { recordCrashStates } from './crash-states.js';
import { keyPair, readLines, rechain, withDir, writeLines } from './helpers.js';

const first = keyPair();
const second = keyPair();
const ROTATING = { segmentMaxBytes: 2500, checkpointEvery: 3 };

/** One open with `key` (none: an unsigned journal) that appends `count` decisions and closes. */
async function session(dir: string, key: KeyObject | undefined, count: number): Promise<void> {
  const journal = await openJournal({ dir, ...(key ? { signingKey: key } : {}), ...ROTATING });
  for (let i = 0; i < count; i++) await journal.append({ kind: 'decision', allow: i % 2 === 0, note: `entry-${i}-${'x'.repeat(120)}` });
  await journal.close();
}

/** An open of `dir` (one more entry) refuses with `code`. */
async function refusedWith(dir: string, key: KeyObject | undefined, code: string): Promise<void> {
  try {
    await session(dir, key, 1);
    assert.unreachable('the open should refuse');
  } catch (err) {
    assert.instance(err, JournalError);
    assert.is((err as JournalError).code, code);
  }
}

async function segments(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => n.endsWith('.jsonl')).sort().map((n) => path.join(dir, n));
}

/** What an open takes from a scan (open.ts, resume.ts): where the journal stands and what it must account for. */
function standing(scan: ScanResult) {
  const newest = scan.checkpoints[scan.checkpoints.length - 1];
  return {
    problems: scan.problems.map((p) => p.code),
    warnings: scan.warnings.map((w) => `${w.code} ${path.basename(w.file)}:${w.line}`),
    entries: scan.entries,
    chain: { seq: scan.chain.lastSeq, hash: scan.chain.lastHash, journal: scan.chain.journalId },
    root: scan.frontier.root().toString('hex'),
    last: scan.lastSegment && { segment: scan.lastSegment.ref.index, bytes: scan.lastSegment.bytes, lines: scan.lastSegment.lines, callers: scan.lastSegment.callerEntries },
    torn: scan.torn && { ...scan.torn, segment: scan.torn.segment.index },
    newest: newest && { segment: newest.segment.index, size: newest.body.size, state: newest.body.state },
    announced: scan.keyEvents[scan.keyEvents.length - 1]?.key,
    keyedOpensAfterHead: scan.keyedOpens.filter((seq) => seq > (newest?.body.size ?? 0)),
    lastCallerSeq: scan.lastCallerSeq > (newest?.body.size ?? 0) ? scan.lastCallerSeq : 'covered',
  };
}

test('reading the newest segment alone finds what the full scan finds, in every state a crash of a rotating, key-rotating writer leaves', () =>
  withDir(async (root) => {
    const live = path.join(root, 'live');
    await session(live, first.privateKey, 40);
    const states = await recordCrashStates(live, path.join(root, 'states'), async () => {
      await session(live, second.privateKey, 25);
      await session(live, second.privateKey, 25);
    });
    let fast = 0;
    for (const state of states) {
      const newest = await scanNewest(state.dir, second.privateKey);
      if (!newest) continue;
      fast++;
      assert.equal(standing(newest), standing(await scanJournal(state.dir, { pinned: false })), `${state.dir} (${state.step})`);
    }
    // Most states can be resumed from the newest segment; the rest (a rotation or key change under way) take the full scan.
    assert.ok(fast > states.length / 2, `${fast} of ${states.length} states read from the newest segment alone`);
  }));

test('an open reads only the newest segment: a changed line in an older one is left to verify, which still finds it', () =>
  withDir(async (dir) => {
    await session(dir, first.privateKey, 60);
    const files = await segments(dir);
    assert.ok(files.length >= 4, `${files.length} segments`);
    const lines = await readLines(files[0]!);
    const at = lines.findIndex((l) => l.includes('"allow":true'));
    lines[at] = lines[at]!.replace('"allow":true', '"allow":false');
    await writeLines(files[0]!, lines);
    await session(dir, first.privateKey, 1);
    const report = await verifyJournal(dir, { publicKey: first.publicKey });
    assert.ok(report.problems.some((p) => p.code === 'hash_mismatch' && p.file === files[0]), JSON.stringify(report.problems));
  }));

/** Edits that someone without the key can make to the newest segment, re-chained so that only the signed root can tell. */
const NEWEST_EDITS: Array<[string, (entries: Record<string, unknown>[]) => void]> = [
  ['a decision flipped', (entries) => {
    const decision = entries.find((e) => e.kind === 'decision')!;
    decision.allow = !decision.allow;
  }],
  ["the header's frontier replaced", (entries) => {
    const frontier = entries[0]!.frontier as string[];
    frontier[0] = 'ab'.repeat(32);
  }],
  ["the header's key dropped", (entries) => {
    delete entries[0]!.key;
  }],
];

for (const [name, edit] of NEWEST_EDITS) {
  test(`the newest segment re-chained with ${name} is refused, as by the full scan`, () =>
    withDir(async (dir) => {
      await session(dir, first.privateKey, 30);
      const newest = (await segments(dir)).pop()!;
      const lines = await readLines(newest);
      const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      edit(entries);
      const startPrev = entries[0]!.prev as string;
      await writeLines(newest, rechain(entries.map((e) => JSON.stringify(e)), () => undefined, startPrev));
      await refusedWith(dir, first.privateKey, 'journal_corrupt');
    }));
}

/** The newest head signed `open` again, as an open does first, before a crash stops it. */
async function reopenHead(dir: string, key: KeyObject): Promise<void> {
  const scan = await scanJournal(dir, { pinned: false });
  const origin = originFor(scan.chain.journalId!);
  const text = checkpointText({ origin, size: scan.entries, root: scan.frontier.root(), state: 'open' });
  await writeFile(scan.lastSegment!.ref.checkpointPath, signNote(text, origin, key));
}

test('lines a crash left after the newest head are named in a recovery entry, as after a full scan', () =>
  withDir(async (dir) => {
    await session(dir, first.privateKey, 30);
    const newest = (await segments(dir)).pop()!;
    await reopenHead(dir, first.privateKey);
    const lines = await readLines(newest);
    const last = JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
    const extra = rechain([JSON.stringify({ kind: 'decision', allow: true, seq: (last.seq as number) + 1, time: last.time })], () => undefined, (await scanJournal(dir, { pinned: false })).chain.lastHash);
    await appendFile(newest, `${extra[0]!}\n`);
    assert.ok(await scanNewest(dir, first.privateKey), 'read from the newest segment alone');
    await session(dir, first.privateKey, 0);
    const report = await verifyJournal(dir, { publicKey: first.publicKey });
    assert.equal(report.problems, []);
    assert.equal(report.warnings.map((w) => w.code), ['recovered_tail']);
  }));

test('an unsigned journal opened without a key is read from its newest segment, with what the full scan finds, in every state a crash of a rotating writer leaves', () =>
  withDir(async (root) => {
    const live = path.join(root, 'live');
    await session(live, undefined, 40);
    const states = await recordCrashStates(live, path.join(root, 'states'), async () => {
      await session(live, undefined, 25);
      await session(live, undefined, 25);
    });
    let fast = 0;
    for (const state of states) {
      const newest = await scanNewest(state.dir, undefined);
      if (!newest) continue;
      fast++;
      // The unsigned tail starts in an older segment, which this read did not count lines of: it names the journal's directory.
      const full = standing(await scanJournal(state.dir, { pinned: false }));
      const unplaced = full.warnings.map((w) => (w.startsWith('unsigned_tail ') ? `unsigned_tail ${path.basename(state.dir)}:0` : w));
      assert.equal(standing(newest), { ...full, warnings: unplaced, lastCallerSeq: standing(newest).lastCallerSeq }, `${state.dir} (${state.step})`);
      assert.equal(newest.checkpoints, []);
    }
    assert.ok(fast > states.length / 2, `${fast} of ${states.length} states read from the newest segment alone`);
  }));

test('an unsigned open reads only the newest segment: a changed line in an older one is left to verify, which still finds it', () =>
  withDir(async (dir) => {
    await session(dir, undefined, 60);
    const files = await segments(dir);
    assert.ok(files.length >= 4, `${files.length} segments`);
    const lines = await readLines(files[0]!);
    const at = lines.findIndex((l) => l.includes('"allow":true'));
    lines[at] = lines[at]!.replace('"allow":true', '"allow":false');
    await writeLines(files[0]!, lines);
    await session(dir, undefined, 1);
    const report = await verifyJournal(dir, {});
    assert.ok(report.problems.some((p) => p.code === 'hash_mismatch' && p.file === files[0]), JSON.stringify(report.problems));
  }));

/** Ways the newest segment of an unsigned journal can stop following the one before it. */
const BROKEN_BOUNDARIES: Array<[string, (previous: string[], newest: string[]) => void]> = [
  ["the previous segment's last line cut", (previous) => void previous.pop()],
  ["the previous segment's last line changed", (previous) => {
    previous[previous.length - 1] = previous[previous.length - 1]!.replace(/"allow":(true|false)/, (_m, v: string) => `"allow":${v === 'true' ? 'false' : 'true'}`);
  }],
  ["the header's seq moved on", (_previous, newest) => {
    const header = JSON.parse(newest[0]!) as Record<string, unknown>;
    header.seq = (header.seq as number) + 1;
    newest.splice(0, newest.length, ...rechain([JSON.stringify(header), ...newest.slice(1)], () => undefined, header.prev as string));
  }],
];

for (const [name, edit] of BROKEN_BOUNDARIES) {
  test(`an unsigned journal with ${name} is refused, as by the full scan`, () =>
    withDir(async (dir) => {
      await session(dir, undefined, 30);
      const [previousFile, newestFile] = (await segments(dir)).slice(-2) as [string, string];
      const previous = await readLines(previousFile);
      const newest = await readLines(newestFile);
      assert.ok(previous.at(-1)!.includes('"kind":"decision"'), 'the previous segment ends with a decision');
      edit(previous, newest);
      await writeLines(previousFile, previous);
      await writeLines(newestFile, newest);
      assert.is(await scanNewest(dir, undefined), undefined);
      await refusedWith(dir, undefined, 'journal_corrupt');
    }));
}

test('a journal that announced a key is not resumed without one, from the newest segment or otherwise', () =>
  withDir(async (dir) => {
    await session(dir, first.privateKey, 30);
    assert.is(await scanNewest(dir, undefined), undefined);
    await refusedWith(dir, undefined, 'signing_key_required');
  }));

test.run();
