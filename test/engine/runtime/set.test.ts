import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadRuntime } from './harness.js';

const rt = loadRuntime();
const ex = rt.exports;

test('add keeps members sorted and unique', () => {
  const s = ex.opa_set();
  for (const t of ['3', '"a"', '1', '3.0', '[1]', '1']) ex.opa_set_add(s, rt.json(t));
  assert.is(rt.dumpValue(s), '{1,3,"a",[1]}');
});

test.run();
