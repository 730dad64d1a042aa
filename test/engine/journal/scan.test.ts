import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { openJournal } from '../../../engine/journal/index.js';
import { withDir } from './helpers.js';

/** Segments of 8 MiB, four of them: a scan that held a segment's entries would need 10x the heap allowed below. */
const SEGMENT_BYTES = 8 * 1024 * 1024;
const SEGMENTS = 4;
/** Old-space limit of the verifying process, in MiB: a streaming scan needs a few. */
const HEAP_MIB = 16;

async function writeLargeJournal(dir: string): Promise<number> {
  const journal = await openJournal({ dir, segmentMaxBytes: SEGMENT_BYTES });
  const note = 'x'.repeat(300);
  let appended = 0;
  for (let bytes = 0; bytes < SEGMENTS * SEGMENT_BYTES; bytes += 1000 * 450) {
    await Promise.all(Array.from({ length: 1000 }, (_, i) => journal.append({ kind: 'decision', allow: i % 3 !== 0, note })));
    appended += 1000;
  }
  await journal.close();
  return appended;
}

/** Verifies `dir` in a child whose heap is capped, so that running out of it fails the child, not this test run. */
function verifyWithCappedHeap(dir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const journal = new URL('../../../engine/journal/index.js', import.meta.url).href;
  const script = `const { verifyJournal } = await import(${JSON.stringify(journal)});
const report = await verifyJournal(${JSON.stringify(dir)});
process.stdout.write(JSON.stringify({ ok: report.ok, entries: report.entries, segments: report.segments, problems: report.problems }));`;
  const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MIB}`, '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

test(`a journal of ${SEGMENTS} segments of ${SEGMENT_BYTES >> 20} MiB verifies within a ${HEAP_MIB} MiB heap: the scan streams its segments`, () =>
  withDir(async (dir) => {
    const appended = await writeLargeJournal(dir);
    const child = await verifyWithCappedHeap(dir);
    assert.is(child.code, 0, child.stderr.slice(-2000));
    const report = JSON.parse(child.stdout) as { ok: boolean; entries: number; segments: number; problems: unknown[] };
    assert.equal(report.problems, []);
    assert.ok(report.ok);
    assert.ok(report.segments > SEGMENTS, `${report.segments} segments`);
    // Each open adds its headers (journal-open, and segment-open per segment) to what was appended.
    assert.ok(report.entries > appended, `${report.entries} entries`);
  }));

test.run();
