import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { listSegments, MAX_SEGMENT_INDEX } from '../../../engine/journal/segments.js';
import { removeDir, tempDir } from './helpers.js';

test('segments are listed in order; names out of range or not six digits are set apart', async () => {
  const dir = await tempDir();
  try {
    const names = ['segment-000002.jsonl', 'segment-000001.jsonl', 'segment-999999.jsonl', 'segment-9999999.jsonl', 'segment-000000.jsonl', 'segment-00001.jsonl', 'segment-0000003.jsonl', 'other.jsonl'];
    for (const name of names) await writeFile(path.join(dir, name), '');
    const listing = await listSegments(dir);
    assert.equal(listing.segments.map((s) => s.index), [1, 2, MAX_SEGMENT_INDEX]);
    assert.equal(listing.invalid.map((f) => path.basename(f)), ['segment-000000.jsonl', 'segment-0000003.jsonl', 'segment-00001.jsonl', 'segment-9999999.jsonl']);
  } finally {
    await removeDir(dir);
  }
});

test.run();
