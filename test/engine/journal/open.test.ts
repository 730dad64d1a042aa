/**
 * openJournal: the recordInputs option (exposed to callers, announced in journal-open, validated),
 * and a journal whose creation a crash cut short.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exitCodeFor, JournalError, openJournal, verifyJournal } from '../../../engine/journal/index.js';
import { allEntries, keyPair, SEGMENT_1, withDir } from './helpers.js';

async function openEntry(dir: string): Promise<Record<string, unknown>> {
  const lines = (await readFile(path.join(dir, SEGMENT_1), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  return lines.find((e) => e.kind === 'journal-open')!;
}

test('recordInputs is exposed and announced; without it, neither', () =>
  withDir(async (dir) => {
    const { privateKey, publicKey } = keyPair();
    const recording = await openJournal({ dir: path.join(dir, 'with'), signingKey: privateKey, recordInputs: { maxBytes: 2048 } });
    assert.equal(recording.recordInputs, { maxBytes: 2048 });
    await recording.append({ kind: 'decision', input: { time: { ns: '1', rfc3339: 'x' } }, allow: true });
    await recording.close();
    assert.equal((await openEntry(path.join(dir, 'with'))).recordInputs, { maxBytes: 2048 });
    const report = await verifyJournal(path.join(dir, 'with'), { publicKey });
    assert.is(report.ok, true, JSON.stringify(report.problems));
    assert.equal(report.warnings, []);
    const plain = await openJournal({ dir: path.join(dir, 'without') });
    assert.is(plain.recordInputs, undefined);
    await plain.close();
    assert.not.ok('recordInputs' in (await openEntry(path.join(dir, 'without'))));
  }));

test('a maxBytes that is not a positive integer is refused', () =>
  withDir(async (dir) => {
    for (const maxBytes of [0, -1, 1.5, Number.NaN]) {
      try {
        await openJournal({ dir, recordInputs: { maxBytes } });
        assert.unreachable(`maxBytes ${maxBytes} was accepted`);
      } catch (error) {
        assert.instance(error, JournalError);
        assert.match((error as Error).message, 'recordInputs.maxBytes must be a positive integer');
      }
    }
  }));

/** Segment 1 is created before its first line is written: a crash in between leaves no journal yet, only that file. */
for (const [name, content] of [['empty', ''], ['its first line half written', '{"journal":"0f3a']] as const) {
  test(`a crash while creating a journal (segment 1 ${name}) warns, and the next open creates the journal in that file`, () =>
    withDir(async (dir) => {
      const { privateKey, publicKey } = keyPair();
      await writeFile(path.join(dir, SEGMENT_1), content);
      const before = await verifyJournal(dir, { publicKey });
      assert.equal([before.problems, before.warnings.map((w) => w.code), exitCodeFor(before)], [[], ['torn_line'], 3]);
      await (await openJournal({ dir, signingKey: privateKey })).close();
      const entries = (await allEntries(dir)).map((e) => [e.kind, e.resumed ?? e.reason]);
      assert.equal(entries, [['segment-open', undefined], ...(content ? [['recovery', 'torn_line']] : []), ['journal-open', false]]);
      const after = await verifyJournal(dir, { publicKey });
      assert.equal([after.problems, after.warnings], [[], []]);
    }));
}

test.run();
