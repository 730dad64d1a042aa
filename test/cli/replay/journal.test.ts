/** forEachDecision: decision entries of every segment in journal order; unreadable lines are errors with file:line. */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ENTRY_MAX_BYTES } from '../../../engine/journal/bound.js';
import { forEachDecision, JournalReadError, segmentFiles, type DecisionEntry } from '../../../cli/replay/journal.js';

async function readDecisions(dir: string): Promise<DecisionEntry[]> {
  const decisions: DecisionEntry[] = [];
  await forEachDecision(await segmentFiles(dir), (entry) => decisions.push(entry));
  return decisions;
}

const decision = (seq: number) => JSON.stringify({
  kind: 'decision', seq, decision_id: `d-${seq}`, session_id: 's', upstream: 'u', direction: 'client_to_server',
  message_kind: 'request', method: 'ping', request_id: seq, tool: null, allow: true, reasons: [], failure: null,
});

async function withJournal(files: Record<string, string>, body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-replay-journal-'));
  try {
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
    await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function failure(dir: string): Promise<string> {
  try {
    await readDecisions(dir);
  } catch (error) {
    assert.instance(error, JournalReadError);
    return (error as Error).message;
  }
  throw new Error('expected a JournalReadError');
}

test('decisions of all segments in seq order; other kinds and a torn last line left out', () =>
  withJournal({
    'segment-000002.jsonl': `${decision(3)}\n{"kind":"policy-load","seq":4}\n{"kind":"decis`,
    'segment-000001.jsonl': `{"kind":"segment-open","seq":1}\n${decision(2)}\n`,
    'notes.txt': 'not a segment',
  }, async (dir) => {
    assert.equal((await readDecisions(dir)).map((e) => e.seq), [2, 3]);
  }));

test('decisions out of seq order are refused, naming both lines: replay matches responses to the requests before them', () =>
  withJournal({ 'segment-000001.jsonl': `${decision(2)}\n${decision(5)}\n`, 'segment-000002.jsonl': `${decision(4)}\n` }, async (dir) => {
    const message = await failure(dir);
    assert.match(message, /segment-000002\.jsonl:1: decision seq 4 does not follow seq 5 \(.*segment-000001\.jsonl:2\)/);
  }));

test('a line longer than any entry is refused without being read whole, naming its file and line', () =>
  withJournal({ 'segment-000001.jsonl': `${decision(1)}\n${JSON.stringify({ kind: 'decision', seq: 2, note: 'z'.repeat(ENTRY_MAX_BYTES) })}\n${decision(3)}\n` }, async (dir) => {
    assert.match(await failure(dir), /segment-000001\.jsonl:2: a line longer than any entry a writer writes \(33554432 bytes\)/);
  }));

test('a decision whose fields the journal digested is read, its digested fields left unchecked', () =>
  withJournal({ 'segment-000001.jsonl': `${JSON.stringify({ ...JSON.parse(decision(1)), reasons: undefined, oversized: { reasons: { bytes: 1, sha256: 'ab' } } })}\n` }, async (dir) => {
    assert.equal((await readDecisions(dir)).map((e) => Object.keys(e.oversized ?? {})), [['reasons']]);
  }));

test('a line that is not JSON, or a decision without its fields, names file and line', () =>
  withJournal({ 'segment-000001.jsonl': `${decision(1)}\nnot json\n` }, async (dir) => {
    assert.is(await failure(dir), `${path.join(dir, 'segment-000001.jsonl')}:2: not JSON`);
    await writeFile(path.join(dir, 'segment-000001.jsonl'), `${decision(1)}\n{"kind":"decision","seq":2}\n`);
    assert.match(await failure(dir), 'segment-000001.jsonl:2: decision entry has no string decision_id');
  }));

test('a torn line in an older segment, a missing directory and an empty one are errors', async () => {
  await withJournal({ 'segment-000001.jsonl': `${decision(1)}\n{"kind"`, 'segment-000002.jsonl': `${decision(2)}\n` }, async (dir) => {
    assert.match(await failure(dir), 'segment-000001.jsonl:2: line without a newline before the last segment');
  });
  await withJournal({}, async (dir) => {
    assert.match(await failure(dir), 'holds no journal segments');
    assert.is(await failure(path.join(dir, 'missing')), `${path.join(dir, 'missing')}: does not exist; expected the journal directory (--journal)`);
  });
});

/** Fails instead of hanging: the bug this guards against is a read that never returns. */
function within<T>(promise: Promise<T>, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`reading did not return within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

for (const [name, kind, put] of [
  ['a FIFO', 'a FIFO', (file: string) => assert.is(spawnSync('mkfifo', [file]).status, 0)],
  ['a link to /dev/zero', 'a device', (file: string) => symlink('/dev/zero', file)],
] as const) {
  test(`a segment that is ${name} is an error naming it, not a read without end`, () =>
    withJournal({ 'segment-000001.jsonl': `${decision(1)}\n` }, async (dir) => {
      const file = path.join(dir, 'segment-000002.jsonl');
      await put(file);
      assert.is(await within(failure(dir)), `${file}: not a regular file (${kind}); expected a journal segment`);
    }));
}

test('lines longer than a read chunk are read whole; a torn line before a bad one is the error', () =>
  withJournal({ 'segment-000001.jsonl': `${decision(1)}\n`, 'segment-000002.jsonl': `${JSON.stringify({ kind: 'policy-load', seq: 2, pad: 'x'.repeat(3 << 20) })}\n${decision(3)}\n` }, async (dir) => {
    assert.equal((await readDecisions(dir)).map((e) => e.seq), [1, 3]);
    await writeFile(path.join(dir, 'segment-000001.jsonl'), `not json\n${decision(1)}`);
    assert.match(await failure(dir), 'segment-000001.jsonl:2: line without a newline before the last segment');
  }));

test.run();
