/** readDecisions: decision entries of every segment in seq order; unreadable lines are errors with file:line. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { JournalReadError, readDecisions } from '../../../cli/replay/journal.js';

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
    assert.match(await failure(path.join(dir, 'missing')), 'cannot read the journal directory');
  });
});

test.run();
