import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appendFile, copyFile, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exitCodeFor, openJournal, verifyJournal, type VerifyFinding, type VerifyReport } from '../../../engine/journal/index.js';
import { canonicalJson } from '../../../engine/journal/canonical.js';
import { CHECKPOINT_1, forgeCheckpoint, journalIdOf, keyPair, readLines, rechain, removeDir, SEGMENT_1, tempDir, verifierKeyFor, writeJournal, writeLines } from './helpers.js';

const { privateKey, publicKey } = keyPair();
const DECISIONS = 10; // lines 3..12; the closing checkpoint covers all 12

interface TamperCase {
  name: string;
  /** Rewrites the journal in `dir`; gets the segment's lines (without newlines). */
  tamper(dir: string, lines: string[]): Promise<void>;
  pinned?: boolean;
  expect: { code: string; file: string; line: number; warning?: boolean };
}

const seg = (dir: string) => path.join(dir, SEGMENT_1);

function reencode(line: string, edit: (entry: Record<string, unknown>) => void): string {
  const entry = JSON.parse(line) as Record<string, unknown>;
  edit(entry);
  return canonicalJson(entry);
}

const cases: TamperCase[] = [
  {
    name: 'flip one byte in line 5',
    tamper: async (dir, lines) => {
      const bytes = Buffer.from(`${lines.join('\n')}\n`);
      const offset = lines.slice(0, 4).join('\n').length + 1 + lines[4]!.indexOf('entry-') + 1;
      bytes[offset] ^= 0x01;
      await writeFile(seg(dir), bytes);
    },
    expect: { code: 'hash_mismatch', file: SEGMENT_1, line: 5 },
  },
  {
    name: 'edit the last entry (caught by the checkpoint root)',
    tamper: (dir, lines) => writeLines(seg(dir), [...lines.slice(0, -1), reencode(lines[11]!, (e) => (e.allow = !e.allow))]),
    expect: { code: 'checkpoint_mismatch', file: SEGMENT_1, line: 12 },
  },
  { name: 'delete line 6', tamper: (dir, lines) => writeLines(seg(dir), lines.filter((_, i) => i !== 5)), expect: { code: 'seq_gap', file: SEGMENT_1, line: 6 } },
  {
    name: 'swap lines 4 and 8',
    tamper: (dir, lines) => writeLines(seg(dir), lines.map((l, i) => (i === 3 ? lines[7]! : i === 7 ? lines[3]! : l))),
    expect: { code: 'seq_order', file: SEGMENT_1, line: 4 },
  },
  { name: 'duplicate line 7', tamper: (dir, lines) => writeLines(seg(dir), [...lines.slice(0, 7), lines[6]!, ...lines.slice(7)]), expect: { code: 'seq_duplicate', file: SEGMENT_1, line: 8 } },
  { name: 'truncate the tail (given a newer checkpoint)', tamper: (dir, lines) => writeLines(seg(dir), lines.slice(0, 10)), expect: { code: 'truncated', file: SEGMENT_1, line: 11 } },
  {
    name: 'non-canonical re-encoding of line 9',
    tamper: (dir, lines) => {
      const { seq, ...rest } = JSON.parse(lines[8]!) as Record<string, unknown>;
      return writeLines(seg(dir), lines.map((l, i) => (i === 8 ? JSON.stringify({ seq, ...rest }) : l)));
    },
    expect: { code: 'non_canonical', file: SEGMENT_1, line: 9 },
  },
  { name: 'unparsable line 3', tamper: (dir, lines) => writeLines(seg(dir), lines.map((l, i) => (i === 2 ? l.slice(0, 20) : l))), expect: { code: 'bad_json', file: SEGMENT_1, line: 3 } },
  {
    name: 'bytes without newline after the signed close (a crash leaves a torn line only after an open head)',
    tamper: (dir) => appendFile(seg(dir), '{"allow":true,"kind":"deci'),
    expect: { code: 'append_after_close', file: SEGMENT_1, line: 13 },
  },
  {
    name: 'forged append that does not chain',
    tamper: (dir, lines) => writeLines(seg(dir), [...lines, reencode(lines[11]!, (e) => (e.seq = 13))]),
    expect: { code: 'hash_mismatch', file: SEGMENT_1, line: 13 },
  },
  {
    name: 'forged append with a recomputed chain, after the signed close',
    tamper: (dir, lines) => writeLines(seg(dir), rechain([...lines, reencode(lines[11]!, (e) => (e.seq = 13))])),
    expect: { code: 'append_after_close', file: SEGMENT_1, line: 13 },
  },
  {
    name: 'whole-file rewrite with a recomputed chain, checkpoint left alone',
    tamper: (dir, lines) => writeLines(seg(dir), rechain(lines, (e) => e.kind === 'decision' && (e.allow = true))),
    expect: { code: 'checkpoint_mismatch', file: SEGMENT_1, line: 12 },
  },
  {
    name: 'whole-file rewrite, re-signed with the forger key (caught with the pinned key)',
    pinned: true,
    tamper: async (dir, lines) => {
      const forger = keyPair().privateKey;
      const id = journalIdOf(lines);
      const forged = rechain(lines, (e) => (e.kind === 'decision' ? (e.allow = true) : e.kind === 'journal-open' && (e.key = verifierKeyFor(id, forger))));
      await writeLines(seg(dir), forged);
      await writeFile(path.join(dir, CHECKPOINT_1), forgeCheckpoint(forged, id, forger));
    },
    expect: { code: 'key_mismatch', file: CHECKPOINT_1, line: 6 },
  },
  {
    name: 'corrupted checkpoint signature',
    tamper: async (dir) => {
      const file = path.join(dir, CHECKPOINT_1);
      const text = await readFile(file, 'utf8');
      const at = text.lastIndexOf(' ') + 20;
      await writeFile(file, text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1));
    },
    expect: { code: 'signature_invalid', file: CHECKPOINT_1, line: 6 },
  },
  { name: 'deleted checkpoint of a signed journal', tamper: (dir) => rm(path.join(dir, CHECKPOINT_1)), expect: { code: 'checkpoint_missing', file: CHECKPOINT_1, line: 0 } },
];

function first(report: VerifyReport, warning: boolean | undefined): VerifyFinding | undefined {
  return warning ? report.warnings.find((w) => w.code !== 'key_not_pinned') : report.problems[0];
}

for (const c of cases) {
  test(`tamper: ${c.name}`, async () => {
    const dir = await tempDir();
    try {
      await writeJournal(dir, DECISIONS, { signingKey: privateKey });
      const lines = await readLines(seg(dir));
      assert.is(lines.length, 12);
      await c.tamper(dir, lines);
      const report = await verifyJournal(dir, { publicKey });
      const found = first(report, c.expect.warning);
      assert.ok(found, `expected ${c.expect.code}, got ${JSON.stringify(report)}`);
      assert.equal({ code: found.code, file: path.basename(found.file), line: found.line }, { code: c.expect.code, file: c.expect.file, line: c.expect.line }, JSON.stringify(report, null, 1));
      assert.is(report.ok, c.expect.warning === true);
      assert.is(exitCodeFor(report), c.expect.warning ? 3 : 1);
    } finally {
      await removeDir(dir);
    }
  });
}

test('a forged rewrite re-signed with the forger key passes without a pinned key, only with a warning', async () => {
  const dir = await tempDir();
  try {
    await writeJournal(dir, DECISIONS, { signingKey: privateKey });
    const lines = await readLines(seg(dir));
    const forger = keyPair().privateKey;
    const id = journalIdOf(lines);
    const forged = rechain(lines, (e) => e.kind === 'journal-open' && (e.key = verifierKeyFor(id, forger)));
    await writeLines(seg(dir), forged);
    await writeFile(path.join(dir, CHECKPOINT_1), forgeCheckpoint(forged, id, forger));
    const report = await verifyJournal(dir);
    assert.ok(report.ok);
    assert.equal(report.warnings.map((w) => w.code), ['key_not_pinned']);
  } finally {
    await removeDir(dir);
  }
});

test('an untouched signed journal passes with the pinned key, as KeyObject, PEM or verifier key', async () => {
  const dir = await tempDir();
  try {
    await writeJournal(dir, DECISIONS, { signingKey: privateKey });
    const id = journalIdOf(await readLines(seg(dir)));
    for (const key of [publicKey, publicKey.export({ type: 'spki', format: 'pem' }).toString(), verifierKeyFor(id, publicKey)]) {
      const report = await verifyJournal(dir, { publicKey: key });
      assert.equal(report, { ok: true, entries: 12, segments: 1, problems: [], warnings: [] });
      assert.is(exitCodeFor(report), 0);
    }
  } finally {
    await removeDir(dir);
  }
});

test('swapped key: a different pinned key is a key_mismatch at the signature line', async () => {
  const dir = await tempDir();
  try {
    await writeJournal(dir, DECISIONS, { signingKey: privateKey });
    const report = await verifyJournal(dir, { publicKey: keyPair().publicKey });
    assert.equal(report.problems.map((p) => [p.code, path.basename(p.file), p.line]), [['key_mismatch', CHECKPOINT_1, 6]]);
  } finally {
    await removeDir(dir);
  }
});

test('an unsigned journal verifies with an unsigned_tail warning; pinning a key then demands checkpoints', async () => {
  const dir = await tempDir();
  try {
    await writeJournal(dir, 3);
    const report = await verifyJournal(dir);
    assert.ok(report.ok);
    assert.equal(report.warnings.map((w) => [w.code, w.line]), [['unsigned_tail', 1]]);
    assert.is(exitCodeFor(report), 3);
    const pinned = await verifyJournal(dir, { publicKey });
    assert.equal(pinned.problems.map((p) => p.code), ['checkpoint_missing']);
  } finally {
    await removeDir(dir);
  }
});

/**
 * What a machine crash leaves of a batched journal: the lines after the last fdatasync are gone,
 * whole or in part. Signed checkpoints only ever cover synced lines, so verify must report the
 * loss as a torn or missing tail (warnings, exit 3), never as tampering.
 */
const MACHINE_CRASHES = [
  { name: 'every unsynced line lost', keepBytesOfNext: 0, expect: ['not_closed'] },
  { name: 'the first unsynced line half written', keepBytesOfNext: 20, expect: ['torn_line', 'not_closed'] },
];

for (const crash of MACHINE_CRASHES) {
  test(`batched, machine crash (${crash.name}): verify reports the tail, not tampering`, async () => {
    const dir = await tempDir();
    const lost = await tempDir();
    try {
      const journal = await openJournal({ dir, signingKey: privateKey, durability: 'batched', syncWithinMs: 1000, checkpointSeconds: 3600 });
      for (let i = 0; i < 4; i++) await journal.append({ kind: 'decision', note: `entry-${i}` });
      // What a crash right now leaves on a disk that never got the deferred fdatasync.
      const cp = await readFile(path.join(dir, CHECKPOINT_1), 'utf8');
      const covered = Number(cp.split('\n')[1]);
      const lines = await readLines(path.join(dir, SEGMENT_1));
      assert.ok(lines.length > covered, `${lines.length} lines written, ${covered} signed`);
      const next = lines[covered]!.slice(0, crash.keepBytesOfNext);
      await writeFile(path.join(lost, SEGMENT_1), lines.slice(0, covered).map((l) => `${l}\n`).join('') + next);
      await copyFile(path.join(dir, CHECKPOINT_1), path.join(lost, CHECKPOINT_1));
      await journal.close();
      const report = await verifyJournal(lost, { publicKey });
      assert.equal(report.problems, []);
      assert.equal(report.warnings.map((w) => w.code), crash.expect);
      assert.ok(report.warnings.every((w) => /tail/.test(w.message)), report.warnings.map((w) => w.message).join('\n'));
      assert.is(exitCodeFor(report), 3);
    } finally {
      await removeDir(dir);
      await removeDir(lost);
    }
  });
}

test('usage and I/O problems map to exit code 2', async () => {
  const dir = await tempDir();
  try {
    const empty = await verifyJournal(dir);
    assert.equal(empty.problems.map((p) => p.code), ['no_journal']);
    assert.is(exitCodeFor(empty), 2);
    const missing = await verifyJournal(path.join(dir, 'nope'));
    assert.equal(missing.problems.map((p) => [p.code, p.message]), [['io_error', 'cannot list journal: the directory does not exist']]);
    await writeFile(path.join(dir, 'file'), '');
    const file = await verifyJournal(path.join(dir, 'file'));
    assert.equal(file.problems.map((p) => [p.code, p.message]), [['io_error', 'cannot list journal: it is a file, not a directory']]);
    const badKey = await verifyJournal(dir, { publicKey: 'not a key' });
    assert.equal(badKey.problems.map((p) => p.code), ['bad_key']);
    assert.is(exitCodeFor(badKey), 2);
  } finally {
    await removeDir(dir);
  }
});

/** Changes a field of the line `fromEnd` lines from the end (-1: the last), keeping it canonical JSON. */
async function alterLine(file: string, fromEnd: number): Promise<void> {
  const lines = await readLines(file);
  const at = lines.length + fromEnd;
  const entry = JSON.parse(lines[at]!) as Record<string, unknown>;
  entry.note = 'altered';
  lines[at] = canonicalJson(entry);
  await writeLines(file, lines);
}

const newestSegment = async (dir: string) => path.join(dir, (await readdir(dir)).filter((n) => n.endsWith('.jsonl')).sort().pop()!);
const checkpointOf = (segment: string) => segment.replace('.jsonl', '.checkpoint');

/**
 * Multi-segment cases: a signed journal rotated into at least four segments. `LAST` (`PREVIOUS`)
 * in a file name stands for the newest segment (the one before it) as written. A crash never
 * leaves a segment without checkpoint after a `rotated` head, nor a `rotated` head on the newest
 * segment, so deleting the newest segment or its checkpoint is tamper however it is done.
 */
const segmentCases: Array<{ name: string; tamper(dir: string): Promise<void>; expect: [string, string, number] }> = [
  {
    name: 'deleted middle segment',
    tamper: (dir) => rm(path.join(dir, 'segment-000002.jsonl')),
    expect: ['segment_gap', 'segment-000002.jsonl', 0],
  },
  {
    name: 'deleted newest segment and its checkpoint',
    tamper: async (dir) => {
      const last = await newestSegment(dir);
      await rm(last);
      await rm(checkpointOf(last));
    },
    expect: ['segment_missing', 'LAST.jsonl', 0],
  },
  { name: 'deleted newest segment, its checkpoint left', tamper: async (dir) => rm(await newestSegment(dir)), expect: ['segment_missing', 'LAST.jsonl', 0] },
  { name: 'deleted newest checkpoint', tamper: async (dir) => rm(checkpointOf(await newestSegment(dir))), expect: ['checkpoint_missing', 'LAST.checkpoint', 0] },
  {
    name: 'deleted newest checkpoint, newest segment cut back to its header (as a crash while rotating would leave it, but after the rotated head)',
    tamper: async (dir) => {
      const last = await newestSegment(dir);
      await writeLines(last, (await readLines(last)).slice(0, 1));
      await rm(checkpointOf(last));
    },
    expect: ['checkpoint_missing', 'LAST.checkpoint', 0],
  },
  {
    name: 'deleted newest segment with its checkpoint, and the checkpoint before it',
    tamper: async (dir) => {
      const last = await newestSegment(dir);
      await rm(last);
      await rm(checkpointOf(last));
      await rm(checkpointOf(await newestSegment(dir)));
    },
    expect: ['checkpoint_missing', 'PREVIOUS.checkpoint', 0],
  },
  {
    // The alteration is found by the next segment's first line; that line's successor still
    // chains, so the altered line is the one before it, in this segment (not the next file).
    name: 'last line of a middle segment altered',
    tamper: async (dir) => alterLine(path.join(dir, 'segment-000002.jsonl'), -1),
    expect: ['hash_mismatch', 'segment-000002.jsonl', -1],
  },
  {
    name: 'line before the last of a middle segment altered',
    tamper: async (dir) => alterLine(path.join(dir, 'segment-000002.jsonl'), -2),
    expect: ['hash_mismatch', 'segment-000002.jsonl', -2],
  },
  {
    name: 'segment replaced by one from another journal',
    tamper: async (dir) => {
      const other = await tempDir();
      try {
        await writeJournal(other, 40, { signingKey: privateKey, segmentMaxBytes: 1500 });
        await copyFile(path.join(other, 'segment-000002.jsonl'), path.join(dir, 'segment-000002.jsonl'));
      } finally {
        await removeDir(other);
      }
    },
    expect: ['hash_mismatch', 'segment-000002.jsonl', 1],
  },
];

test('a deleted middle segment is the one finding, in a closed or an open journal: later checkpoints cannot be checked against the entries left', async () => {
  for (const close of [true, false]) {
    const dir = await tempDir();
    try {
      const journal = await openJournal({ dir, signingKey: privateKey, segmentMaxBytes: 1500 });
      for (let i = 0; i < 40; i++) await journal.append({ kind: 'decision', allow: true, note: `entry-${i}` });
      if (close) await journal.close();
      await rm(path.join(dir, 'segment-000002.jsonl'));
      const report = await verifyJournal(dir, { publicKey });
      assert.equal([...report.problems, ...report.warnings].map((p) => [p.code, path.basename(p.file), p.line]), [['segment_gap', 'segment-000002.jsonl', 0]], JSON.stringify(report, null, 1));
      assert.is(exitCodeFor(report), 1);
      if (!close) await journal.close();
    } finally {
      await removeDir(dir);
    }
  }
});

/** About 400 segments of 3,000 bytes: rotations go on through most of the 40 runs on any disk. */
const WRITER_ENTRIES = 4000;

test('verify beside a live writer rotating segments finds no tampering: a segment that appeared meanwhile is journal_growing, a warning', async () => {
  const dir = await tempDir();
  const journal = await openJournal({ dir, signingKey: privateKey, segmentMaxBytes: 3000 });
  let writing = true;
  // The writer is bounded: every run scans the whole journal, so a writer as fast as the disk
  // allows (a tmpfs makes fdatasync free) would make the runs ever longer, without end.
  const writer = (async () => {
    for (let i = 0; writing && i < WRITER_ENTRIES; i++) await journal.append({ kind: 'decision', allow: true, note: `entry-${i}` });
  })();
  try {
    for (let run = 0; run < 40; run++) {
      const report = await verifyJournal(dir, { publicKey });
      assert.equal(report.problems, [], JSON.stringify(report.problems));
      assert.ok(report.warnings.every((w) => ['not_closed', 'unsigned_tail', 'torn_line', 'journal_growing'].includes(w.code)), JSON.stringify(report.warnings));
    }
  } finally {
    writing = false;
    await writer;
    await journal.close();
    await removeDir(dir);
  }
});

for (const c of segmentCases) {
  test(`tamper: ${c.name}`, async () => {
    const dir = await tempDir();
    try {
      await writeJournal(dir, 40, { signingKey: privateKey, segmentMaxBytes: 1500 });
      const last = path.basename(await newestSegment(dir), '.jsonl');
      assert.ok(last >= 'segment-000004', last);
      const previous = `segment-${String(Number(last.slice(-6)) - 1).padStart(6, '0')}`;
      await c.tamper(dir);
      const report = await verifyJournal(dir, { publicKey });
      const p = report.problems[0]!;
      const file = c.expect[1].replace('LAST', last).replace('PREVIOUS', previous);
      // A negative line counts from the end of the file as written before the tampering.
      const line = c.expect[2] < 0 ? (await readLines(path.join(dir, file))).length + c.expect[2] + 1 : c.expect[2];
      assert.equal([p.code, path.basename(p.file), p.line], [c.expect[0], file, line], JSON.stringify(report, null, 1));
      assert.is(exitCodeFor(report), 1);
    } finally {
      await removeDir(dir);
    }
  });
}

test.run();
