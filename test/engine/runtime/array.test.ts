import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadRuntime } from './harness.js';

const rt = loadRuntime();
const ex = rt.exports;

test('array builders append in order and grow', () => {
  const a = ex.opa_array_with_cap(1);
  for (let i = 0; i < 100; i++) ex.opa_array_append(a, ex.opa_number_int(BigInt(i)));
  assert.is(ex.opa_value_length(a), 100);
  assert.is(rt.dump(ex.opa_value_get(a, rt.json('99'))), '99');
  assert.is(rt.dump(ex.opa_array()), '[]');
});

test.run();
