/** openJournal's recordInputs option: exposed to callers, announced in journal-open, validated. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { JournalError, openJournal, verifyJournal } from '../../../engine/journal/index.js';
import { keyPair, SEGMENT_1, withDir } from './helpers.js';

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

test.run();
