import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { collectedResults, ratioOf, recordResult, tenths, us, writeResults, type BenchResults } from './results.js';

test('rows are kept per section, in the order they were recorded', () => {
  recordResult('recorder-a', { what: 'first', p50_us: 12.5 });
  recordResult('recorder-b', { what: 'other', calls_per_s: 900 });
  recordResult('recorder-a', { what: 'second', p50_us: null });
  const { sections } = collectedResults();
  assert.equal(sections['recorder-a'], [{ what: 'first', p50_us: 12.5 }, { what: 'second', p50_us: null }]);
  assert.equal(sections['recorder-b'], [{ what: 'other', calls_per_s: 900 }]);
});

test('figures that could not be measured are written as null, not as invalid JSON', () => {
  recordResult('recorder-c', { nan: NaN, inf: Infinity, fine: 0 });
  assert.equal(collectedResults().sections['recorder-c'], [{ nan: null, inf: null, fine: 0 }]);
});

test('writeResults writes valid JSON with the run description and every section', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-results-'));
  try {
    recordResult('recorder-d', { what: 'written', ratio: 1.5 });
    const file = path.join(dir, 'bench-results.json');
    await writeResults(file);
    const written = JSON.parse(await readFile(file, 'utf8')) as BenchResults;
    assert.is(written.node, process.version);
    assert.ok(written.platform.startsWith(process.platform));
    assert.ok(!Number.isNaN(Date.parse(written.generated)), written.generated);
    assert.is(written.loadavg_at_start.length, 3);
    assert.equal(written.sections['recorder-d'], [{ what: 'written', ratio: 1.5 }]);
    assert.equal(written.sections['recorder-a']?.length, 2);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('unit helpers: milliseconds to microseconds, ratios and one-decimal figures', () => {
  assert.is(us(0.01234), 12.3);
  assert.is(us(2), 2000);
  assert.is(us(undefined), null);
  assert.is(ratioOf(3, 2), 1.5);
  assert.is(ratioOf(1, 3), 0.333);
  assert.is(tenths(41.26), 41.3);
  assert.is(tenths(undefined), null);
});

test.run();
