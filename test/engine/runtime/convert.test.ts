import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadRuntime } from './harness.js';

const rt = loadRuntime();
const ex = rt.exports;

test('array_to_set dedupes and sorts; sets pass through; others are undefined', () => {
  assert.is(rt.dumpValue(ex.warden_array_to_set(rt.json('[3,1,3]'))), '{1,3}');
  assert.is(rt.dumpValue(ex.warden_array_to_set(rt.json('[]'))), 'set()');
  assert.is(rt.dumpValue(ex.warden_array_to_set(rt.value('{2}'))), '{2}');
  assert.is(ex.warden_array_to_set(rt.json('1')), 0);
});

test.run();
